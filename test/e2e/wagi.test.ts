import { expect } from '@esm-bundle/chai';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 25 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('WAGI handlers on a playground', function () {
  this.timeout(60_000);
  let p: RunningPlayground;
  beforeEach(async () => {
    p = startPlayground({
      database: `wagi-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => p.terminate());

  it('serves a Deployment of hello-wagi behind a Service, one module run per request', async () => {
    await p.apply(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello-wagi}
spec:
  replicas: 2
  selector: {matchLabels: {app: hello-wagi}}
  template:
    metadata: {labels: {app: hello-wagi}}
    spec:
      containers:
      - name: handler
        image: hello-wagi:1.0
        ports: [{containerPort: 80}]
        resources: {limits: {memory: 32Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: hello-wagi}
spec:
  selector: {app: hello-wagi}
  ports: [{port: 80, targetPort: 80}]
`);
    const path = '/api/v1/namespaces/default/services/hello-wagi:80/proxy';
    const first = await until(async () => {
      const res = await p.request({ verb: 'GET', path: `${path}/hello?x=1` });
      return res.status === 200 ? res : undefined;
    }).catch(async (err: unknown) => {
      const dump = await p.kubectl('get pods,endpointslices -o wide');
      const events = await p.kubectl('get events');
      throw new Error(`${String(err)}\n${dump.stdout}${dump.stderr}\n${events.stdout}`);
    });
    expect(String(first.body)).to.match(
      /^Hello from WAGI!\nmethod: GET\npath: \/hello\nquery: x=1\nhostname: hello-wagi-[a-z0-9]+-[a-z0-9]+\n$/,
    );
    expect(first.headers?.['content-type']).to.equal('text/plain; charset=utf-8');

    const posted = await p.request({ verb: 'POST', path: `${path}/form`, body: 'a=1&b=2' });
    expect(posted.status).to.equal(200);
    expect(String(posted.body)).to.contain('method: POST\npath: /form\n');
    expect(String(posted.body)).to.match(/body: a=1&b=2\n$/);

    const missing = await p.request({ verb: 'GET', path: `${path}/status/404` });
    expect(missing.status).to.equal(404);

    const crashed = await p.request({ verb: 'GET', path: `${path}/crash` });
    expect(crashed.status).to.equal(500);

    // The handlers' containers keep running, and their logs say what happened.
    // (The first answer may have come while the other replica was still starting.)
    const pods = await until(async () => {
      const listed = await p.kubectl('get pods -l app=hello-wagi --no-headers');
      const lines = listed.stdout.trim().split('\n');
      return lines.length === 2 && lines.every((l) => /\s1\/1\s+Running\s+0\s/.test(l))
        ? listed
        : undefined;
    });
    const names = pods.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    const logs = (await Promise.all(names.map((name) => p.logs('default', name)))).join('');
    expect(logs).to.contain('wagi: serving HTTP on port 80: one run of the module per request\n');
    expect(logs).to.match(/"GET \/hello\?x=1 HTTP\/1\.1" 200 \d+\n/);
    expect(logs).to.contain('wagi: GET /crash: the handler trapped: unreachable\n');
  });
});
