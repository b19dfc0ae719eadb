import { expect } from '@esm-bundle/chai';
import '../../../src/ui/components/cluster-header.ts';
import type {
  AutoscalerToggleDetail,
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
