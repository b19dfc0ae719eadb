// <k8s-playground> on built pages in Chromium: the example page (public/embed.html) boots two
// separate clusters, and a docs page elsewhere on the site, loading /embed.js with one script
// tag, finds the workers and images next to the script and runs a pod.
import assert from 'node:assert/strict';
import console from 'node:console';
import { after, before, describe, it } from 'node:test';
import { serveDirectory } from '../../scripts/static-server.mjs';
import { launchChromium, openPage, pageUntil } from './chromium-page.mjs';

/** Evaluates in the page: every <k8s-playground>'s cluster ready, as [id, node roles]. */
const readyElements = `Promise.all([...document.querySelectorAll('k8s-playground')].map(async (el) => {
  await el.ready;
  return [el.id, el.playground.nodes().map((n) => n.role).sort()];
}))`;

/** Evaluates in the page: one kubectl line on the element with this id, its stdout and stderr. */
const kubectlOn = (id, line) =>
  `document.getElementById(${JSON.stringify(id)}).kubectl(${JSON.stringify(line)}).then((r) => r.stdout + r.stderr)`;

const docsPage = `<!doctype html>
<meta charset="utf-8">
<title>A guide</title>
<link rel="icon" href="data:,">
<p>Some prose.</p>
<k8s-playground id="demo" nodes="1" storage="memory" view="map">
  <script type="text/yaml">
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
      - name: nginx
        image: nginx
  </script>
</k8s-playground>
<script type="module" src="/embed.js"></script>
`;

describe('<k8s-playground> on built pages (Chromium)', () => {
  let server;
  let browser;
  before(async () => {
    // The docs page is served by the server itself: request interception would also hold the
    // workers' requests (the images), which puppeteer does not always release.
    server = await serveDirectory('dist', { pages: { '/docs/guides/deployments/': docsPage } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the example page boots two independent clusters', { timeout: 180_000 }, async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}embed.html`);
    await pageUntil(page, `customElements.get('k8s-playground') !== undefined`, 30_000);
    const elements = await page.evaluate(readyElements);
    assert.deepEqual(elements, [
      ['first', ['control-plane', 'worker', 'worker']],
      ['second', ['control-plane', 'worker', 'worker', 'worker']],
    ]);

    // The first one's manifest is applied in the first cluster only.
    assert.equal(
      await page.evaluate(kubectlOn('first', 'get deployments -o name')),
      'deployment.apps/nginx\n',
    );
    assert.equal(
      await page.evaluate(kubectlOn('second', 'get deployments')),
      'No resources found in default namespace.\n',
    );
    // What the reader creates in the second stays there.
    assert.equal(
      await page.evaluate(kubectlOn('second', 'create deployment web --image=nginx')),
      'deployment.apps/web created\n',
    );
    assert.equal(
      await page.evaluate(kubectlOn('first', 'get deployment web')),
      'Error from server (NotFound): deployments.apps "web" not found\n',
    );

    // The page's own script follows the elements' events.
    await pageUntil(
      page,
      `/^2 of 2 clusters ready · [1-9]\\d* cluster events · [1-9]\\d* commands run$/.test(document.getElementById('status').textContent)`,
      60_000,
      'the status line',
    );
    // The terminals did not pull the page down to the last one.
    assert.equal(await page.evaluate('window.scrollY'), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it(
    'a page elsewhere on the site finds the workers and images next to embed.js',
    { timeout: 180_000 },
    async () => {
      const { page, errors } = await openPage(browser);
      const pageUrl = `${server.url}docs/guides/deployments/`;
      await page.goto(pageUrl);
      await pageUntil(page, `customElements.get('k8s-playground') !== undefined`, 30_000);
      assert.deepEqual(await page.evaluate(readyElements), [['demo', ['control-plane', 'worker']]]);
      await pageUntil(
        page,
        `${kubectlOn('demo', 'get pod web -o jsonpath={.status.phase}')}.then((out) => out === 'Running')`,
        90_000,
        'pod web Running',
      ).catch(async (err) => {
        console.error(await page.evaluate(kubectlOn('demo', 'describe pod web')));
        throw err;
      });
      const fetched = server.requests.filter((path) => /worker\.js$|^\/images\//.test(path));
      assert.ok(fetched.includes('/kernel-worker.js'), fetched.join(' '));
      assert.ok(fetched.includes('/node-worker.js'), fetched.join(' '));
      assert.ok(
        fetched.some((path) => path.startsWith('/images/')),
        fetched.join(' '),
      );
      assert.ok(
        !server.requests.some(
          (path) => path.startsWith('/docs/') && path !== '/docs/guides/deployments/',
        ),
        'nothing from beside the page',
      );
      assert.deepEqual(errors, []);
      await page.close();
    },
  );
});
