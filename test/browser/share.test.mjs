// Sharing a cluster through a link, on the built page: one browser profile makes the link,
// another (its own storage, as a colleague's browser) opens it, chooses a fresh cluster in the
// page's dialog, and finds the objects applied after the page reloads itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { URL } from 'node:url';
import { serveDirectory } from '../../scripts/static-server.mjs';
import { launchChromium, openPage, pageUntil, playgroundReady } from './chromium-page.mjs';

const manifests = `apiVersion: v1
kind: Namespace
metadata: {name: shared}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: greeting, namespace: shared}
data: {text: hello}
`;

/** Clicks a button inside the page's bundle dialog (its shadow root). */
const clickInDialog = (selector) => `(() => {
  const button = document.querySelector('kube-bundle-dialog')?.shadowRoot?.querySelector(${JSON.stringify(selector)});
  if (!button) return false;
  button.click();
  return true;
})()`;

describe('share links (the built page in Chromium)', () => {
  let server;
  let browser;
  before(async () => {
    server = await serveDirectory('dist');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'open in another browser, which applies them to a fresh cluster',
    { timeout: 180_000 },
    async () => {
      const { page: sender } = await openPage(browser);
      await sender.goto(`${server.url}?tutorial=first-steps&step=2`);
      await playgroundReady(sender);
      await sender.evaluate(`window.playground.apply(${JSON.stringify(manifests)})`);
      const link = await sender.evaluate('window.playground.shareLink()');
      const url = new URL(link);
      assert.equal(url.search, '?tutorial=first-steps&step=2');
      assert.match(url.hash, /^#bundle=[\w-]+$/);

      const context = await browser.createBrowserContext();
      try {
        const receiver = await context.newPage();
        await receiver.goto(link);
        await playgroundReady(receiver);
        // Something of its own, which the fresh cluster must not keep.
        await receiver.evaluate(`window.playground.kubectl('create configmap mine')`);
        await pageUntil(receiver, clickInDialog('button.apply-fresh'), 30_000, 'the dialog');
        // The page resets, reloads, and applies the shared objects.
        await pageUntil(
          receiver,
          `(async () => {
          await window.playground?.ready;
          const r = await window.playground?.kubectl('get configmap greeting -n shared -o jsonpath={.data.text}');
          return r?.stdout === 'hello';
        })()`,
          90_000,
          'the shared ConfigMap in the fresh cluster',
        );
        const mine = await receiver.evaluate(`window.playground.kubectl('get configmap mine')`);
        assert.equal(mine.stderr, 'Error from server (NotFound): configmaps "mine" not found\n');
        assert.equal(await receiver.evaluate('location.hash'), '');
        assert.equal(await receiver.evaluate('location.search'), '?tutorial=first-steps&step=2');
        const results = await receiver.evaluate(`(() => {
        const root = document.querySelector('kube-bundle-dialog').shadowRoot;
        return [...root.querySelectorAll('li')].map((li) => li.textContent.trim());
      })()`);
        assert.deepEqual(results, ['namespace/shared created', 'configmap/greeting created']);
      } finally {
        await context.close();
      }
    },
  );
});
