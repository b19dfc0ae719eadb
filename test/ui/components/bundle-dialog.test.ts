import { expect } from '@esm-bundle/chai';
import type { ApplyResult } from '../../../src/kernel/client/apply.ts';
import { shareLink } from '../../../src/ui/bundle/share-link.ts';
import '../../../src/ui/components/bundle-dialog.ts';
import { pendingBundleKey, type BundleDialog } from '../../../src/ui/components/bundle-dialog.ts';
import type { RunningPlayground } from '../../../src/ui/playground-api.ts';

const manifests = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
`;

/** The script API calls the dialog makes, recorded. */
function fakePlayground() {
  const calls: string[] = [];
  const playground = {
    async importBundle(yaml: string): Promise<ApplyResult[]> {
      calls.push(`import ${yaml.length}`);
      return [
        { ref: 'namespace/shop', action: 'created' },
        {
          ref: 'configmap/settings',
          error: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            reason: 'Forbidden',
            message: 'configmaps "settings" is forbidden: exceeded quota',
            code: 403,
          },
        },
      ];
    },
    async exportBundle() {
      calls.push('export');
      return manifests;
    },
    async shareLink() {
      calls.push('shareLink');
      return 'http://localhost/#bundle=abc';
    },
    async reset() {
      calls.push('reset');
    },
  };
  return { calls, playground: playground as unknown as RunningPlayground };
}

async function dialog(): Promise<{ el: BundleDialog; calls: string[] }> {
  const { calls, playground } = fakePlayground();
  const el = document.createElement('kube-bundle-dialog');
  el.playground = playground;
  document.body.append(el);
  await el.updateComplete;
  return { el, calls };
}

const $ = <T extends Element = HTMLElement>(el: BundleDialog, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);

/** Resolves once the dialog shows `selector` (its actions run a few promises deep). */
async function shows(el: BundleDialog, selector: string): Promise<Element> {
  for (let i = 0; i < 100; i++) {
    await el.updateComplete;
    const found = $(el, selector);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error(`the dialog never showed ${selector}`);
}

const texts = (el: BundleDialog, selector: string) =>
  [...el.shadowRoot!.querySelectorAll(selector)].map((n) => n.textContent!.trim());

describe('bundle dialog', () => {
  afterEach(() => {
    document.querySelectorAll('kube-bundle-dialog').forEach((el) => el.remove());
    sessionStorage.removeItem(pendingBundleKey);
  });

  it('ignores a page address that is not a shared link', async () => {
    const { el } = await dialog();
    expect(await el.openSharedLink(location.href)).to.equal(false);
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
  });

  it('asks about a shared link, then applies it to this cluster and lists the results', async () => {
    const { el, calls } = await dialog();
    const page = location.href;
    const link = await shareLink(page, manifests);
    expect(await el.openSharedLink(link)).to.equal(true);
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(true);
    expect(texts(el, 'li')).to.deep.equal(['Namespace/shop', 'ConfigMap/settings']);
    expect(location.hash).to.equal('');

    $<HTMLButtonElement>(el, 'button.apply-here')!.click();
    await shows(el, 'li.error');
    expect(calls).to.deep.equal([`import ${manifests.length}`]);
    expect(texts(el, 'li')).to.deep.equal([
      'namespace/shop created',
      'Error from server (Forbidden): configmaps "settings" is forbidden: exceeded quota',
    ]);
  });

  it('applies a shared link to a fresh cluster: resets, and applies after the reload', async () => {
    const { el, calls } = await dialog();
    await el.openSharedLink(await shareLink(location.href, manifests));
    $<HTMLButtonElement>(el, 'button.apply-fresh')!.click();
    for (let i = 0; i < 100 && !calls.includes('reset'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(calls).to.deep.equal(['reset']);
    expect(sessionStorage.getItem(pendingBundleKey)).to.equal(manifests);

    // The page after the reload.
    const next = await dialog();
    await next.el.applyPending();
    expect(next.calls).to.deep.equal([`import ${manifests.length}`]);
    expect(sessionStorage.getItem(pendingBundleKey)).to.equal(null);
    expect(texts(next.el, 'h2')).to.deep.equal(['Shared objects applied to a fresh cluster']);
  });

  it('says so when a shared link is damaged', async () => {
    const { el } = await dialog();
    const link = await shareLink(location.href, manifests);
    expect(await el.openSharedLink(link.slice(0, -12))).to.equal(true);
    expect((await shows(el, '[role=alert]')).textContent).to.contain('damaged');
  });

  it('shows the share link with a Copy button', async () => {
    const { el, calls } = await dialog();
    await el.run('share');
    const input = (await shows(el, 'input.link')) as HTMLInputElement;
    expect(input.value).to.equal('http://localhost/#bundle=abc');
    expect($(el, 'button.copy')!.textContent!.trim()).to.equal('Copy link');
    expect(calls).to.deep.equal(['shareLink']);
  });

  it('resets only once confirmed', async () => {
    const { el, calls } = await dialog();
    await el.run('reset');
    expect(calls).to.deep.equal([]);
    $<HTMLButtonElement>(el, 'button.confirm-reset')!.click();
    for (let i = 0; i < 100 && calls.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(calls).to.deep.equal(['reset']);
  });

  it('cancels a reset', async () => {
    const { el, calls } = await dialog();
    await el.run('reset');
    $<HTMLButtonElement>(el, 'button.cancel')!.click();
    await el.updateComplete;
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
    expect(calls).to.deep.equal([]);
  });
});
