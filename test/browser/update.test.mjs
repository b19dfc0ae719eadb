// A new build replaces the old offline copy: its service worker installs beside the old one,
// takes over at the next load of the only open page, and the old build's cache is deleted.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stampServiceWorker } from '../../scripts/precache.mjs';
import { serveDirectory } from '../../scripts/static-server.mjs';
import { launchChromium, openPage, pageUntil, playgroundReady } from './chromium-page.mjs';

const precaches = `(async () =>
  (await caches.keys()).filter((n) => n.startsWith('kube-in-a-tab-precache-')))()`;

const nextBuild = `document.querySelector('meta[name=build]') !== null`;

describe('a new build (the built page in Chromium)', () => {
  let dir;
  let server;
  let browser;
  before(async () => {
    // A copy of dist/ to build "the next version" in.
    dir = mkdtempSync(join(tmpdir(), 'kube-update-'));
    cpSync('dist', dir, { recursive: true });
    server = await serveDirectory(dir);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes over at the next load and deletes the old cache', { timeout: 180_000 }, async () => {
    const { page } = await openPage(browser);
    await page.goto(server.url);
    await playgroundReady(page);
    await page.evaluate('navigator.serviceWorker.ready');
    await pageUntil(page, 'navigator.serviceWorker.controller !== null', 30_000, 'controlled');
    const [first] = await page.evaluate(precaches);
    assert.ok(first);
    await page.evaluate(`window.playground.kubectl('create configmap kept --from-literal=a=1')`);

    const index = join(dir, 'index.html');
    writeFileSync(
      index,
      readFileSync(index, 'utf8').replace(
        '<head>',
        '<head>\n    <meta name="build" content="next" />',
      ),
    );
    const { version } = stampServiceWorker(dir);
    assert.ok(!first.endsWith(version));

    // The first reload finds the new worker, which installs and waits while the old build
    // serves the page; at the next load of this only page it takes over.
    await page.reload();
    assert.equal(await page.evaluate(nextBuild), false, 'the old build serves the reload');
    await pageUntil(
      page,
      'navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state === "installed")',
      60_000,
      'the new build installed and waiting',
    );
    await page.reload();
    await pageUntil(page, nextBuild, 30_000, 'the new build served');
    await playgroundReady(page);
    assert.deepEqual(await page.evaluate(precaches), [`kube-in-a-tab-precache-${version}`]);
    const cm = await page.evaluate(`window.playground.kubectl('get configmap kept -o name')`);
    assert.equal(cm.stdout, 'configmap/kept\n', 'the cluster survived the update');
  });
});
