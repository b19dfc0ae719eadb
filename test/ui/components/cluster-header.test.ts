import { expect } from '@esm-bundle/chai';
import '../../../src/ui/components/cluster-header.ts';
import type {
  AutoscalerToggleDetail,
  BundleAction,
  BundleActionDetail,
  ClusterHeader,
} from '../../../src/ui/components/cluster-header.ts';

async function header(props: Partial<ClusterHeader>): Promise<ClusterHeader> {
  const el = document.createElement('kube-cluster-header');
  Object.assign(el, props);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const toggle = (el: ClusterHeader) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>('button.autoscale')!;

describe('cluster header: the autoscaler toggle', () => {
  afterEach(() => document.querySelectorAll('kube-cluster-header').forEach((el) => el.remove()));

  for (const autoscaling of [false, true]) {
    it(`asks to switch the autoscaler ${autoscaling ? 'off' : 'on'} when it is ${autoscaling ? 'on' : 'off'}`, async () => {
      const el = await header({ state: 'ready', autoscaling });
      const button = toggle(el);
      expect(button.getAttribute('aria-pressed')).to.equal(String(autoscaling));
      expect(button.textContent).to.contain(autoscaling ? 'on' : 'off');
      const details: AutoscalerToggleDetail[] = [];
      document.body.addEventListener(
        'autoscaler-toggle',
        (e) => details.push((e as CustomEvent<AutoscalerToggleDetail>).detail),
        { once: true },
      );
      // A native button: Enter and Space click it as a mouse does.
      button.click();
      expect(details).to.deep.equal([{ enabled: !autoscaling }]);
    });
  }

  it('is disabled until the cluster is ready', async () => {
    const el = await header({ state: 'booting' });
    expect(toggle(el).disabled).to.equal(true);
  });
});

describe('cluster header: the Cluster menu', () => {
  afterEach(() => document.querySelectorAll('kube-cluster-header').forEach((el) => el.remove()));

  const actions: BundleAction[] = ['export', 'import', 'share', 'reset'];
  for (const action of actions) {
    it(`sends bundle-action ${action} and closes the menu`, async () => {
      const el = await header({ state: 'ready' });
      const menu = el.shadowRoot!.querySelector('details.cluster-menu')!;
      menu.setAttribute('open', '');
      const details: BundleActionDetail[] = [];
      document.body.addEventListener(
        'bundle-action',
        (e) => details.push((e as CustomEvent<BundleActionDetail>).detail),
        { once: true },
      );
      el.shadowRoot!.querySelector<HTMLButtonElement>(`button.bundle-${action}`)!.click();
      expect(details).to.deep.equal([{ action }]);
      expect(menu.hasAttribute('open')).to.equal(false);
    });
  }

  for (const state of ['booting', 'error'] as const) {
    it(`offers only reset while the cluster is ${state}`, async () => {
      const el = await header({ state });
      const enabled = actions.filter(
        (a) => !el.shadowRoot!.querySelector<HTMLButtonElement>(`button.bundle-${a}`)!.disabled,
      );
      expect(enabled).to.deep.equal(['reset']);
    });
  }
});
