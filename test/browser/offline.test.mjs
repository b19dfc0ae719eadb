// The built app works offline: after one visit, with the network gone (the browser's offline
// emulation, and the server itself shut down), a reload brings back the cluster kept in
// IndexedDB, its pods run again from the cached images, and kubectl answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import console from 'node:console';
import { serveDirectory } from '../../scripts/static-server.mjs';
import { launchChromium, openPage, pageUntil, playgroundReady } from './chromium-page.mjs';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: offline-web}
spec:
  replicas: 1
  selector: {matchLabels: {app: offline-web}}
  template:
    metadata: {labels: {app: offline-web}}
    spec:
      containers:
      - {name: ticker, image: "ticker:1.0", args: ["--every", "1s"]}
`;

/** The Deployment's one pod, Running with its container ready and up since `sinceMs` (page clock). */
const podRunning = `(async () => {
  const res = await window.playground.request({
    verb: 'GET',
    path: '/api/v1/namespaces/default/pods?labelSelector=app%3Doffline-web',
  });
  const live = res.body.items.filter((p) => !p.metadata.deletionTimestamp);
  const pod = live[0];
  const ready = live.length === 1 && pod.status?.phase === 'Running' &&
    (pod.status.containerStatuses ?? []).every((c) => c.ready);
  return ready && pod.metadata.name;
})()`;

describe('offline (the built page in Chromium)', () => {
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
    'reloads with no network and keeps the cluster and its running pods',
    { timeout: 300_000 },
    async () => {
      const { page } = await openPage(browser);
      const t0 = performance.now();
      await page.goto(server.url);
      await playgroundReady(page);
      const firstLoadMs = performance.now() - t0;

      // The service worker has cached the build and controls the page.
      await page.evaluate('navigator.serviceWorker.ready');
      await pageUntil(page, 'navigator.serviceWorker.controller !== null', 30_000, 'controlled');
      const cached = await page.evaluate(`(async () => {
      const names = (await caches.keys()).filter((n) => n.startsWith('kube-in-a-tab-precache-'));
      return names.length === 1 ? (await (await caches.open(names[0])).keys()).length : -names.length;
    })()`);
      assert.ok(cached > 10, `one precache with the build's files (got ${cached})`);

      const applied = await page.evaluate(`window.playground.apply(${JSON.stringify(deployment)})`);
      assert.deepEqual(
        applied.map((r) => r.action ?? r.error?.message),
        ['created'],
      );
      const before = await pageUntil(page, podRunning, 120_000, 'the pod Running');

      await page.setOfflineMode(true);
      await server.close();
      const served = server.requests.length;
      const t1 = performance.now();
      await page.reload();
      await playgroundReady(page);
      const offlineReadyMs = performance.now() - t1;
      assert.equal(
        await page.evaluate('navigator.onLine'),
        false,
        'the page believes it is offline',
      );

      const get = await page.evaluate(`window.playground.kubectl('get deployment offline-web')`);
      assert.equal(get.exitCode, 0, get.stderr);
      assert.match(get.stdout, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\noffline-web\s/);
      const pod = await pageUntil(page, podRunning, 120_000, 'the pod Running after the reload');
      assert.equal(pod, before, 'the same pod, brought back by its node');
      // Its container runs again in this load: the kubelet serves the new instance's log.
      const logs = await pageUntil(
        page,
        `window.playground.kubectl('logs deployment/offline-web').then((r) => r.exitCode === 0 && r.stdout)`,
        60_000,
        'logs of the restarted container',
      );
      assert.ok(logs.length > 0);
      const offlineRunningMs = performance.now() - t1;
      assert.equal(server.requests.length, served, 'nothing reached the server after it closed');

      console.warn(
        `offline: first load ready in ${Math.round(firstLoadMs)} ms; offline reload ready in ${Math.round(offlineReadyMs)} ms, pod Running again after ${Math.round(offlineRunningMs)} ms`,
      );
    },
  );
});
