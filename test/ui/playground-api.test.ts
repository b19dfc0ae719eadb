import { expect } from '@esm-bundle/chai';
import type { Status } from '../../src/kernel/api/errors.ts';
import type { KubeList, KubeObject, WatchEvent } from '../../src/kernel/types/meta.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { testUrls } from '../helpers/worker-urls.ts';

const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.25
---
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
`;

async function until<T>(fn: () => Promise<T | undefined>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}

describe('window.playground script API over the kernel worker', () => {
  const opened: RunningPlayground[] = [];
  const start = (database: string, inMemory = false) => {
    const p = startPlayground({ database, timing: 'tutorial', inMemory, urls: testUrls });
    opened.push(p);
    return p;
  };
  afterEach(() => {
    for (const p of opened.splice(0)) p.terminate();
  });

  it('boots, answers requests, and returns errors as Status data', async () => {
    const p = start('unused', true);
    await p.ready;
    const ns = await p.request({ verb: 'GET', path: '/api/v1/namespaces' });
    expect(ns.status).to.equal(200);
    expect((ns.body as KubeList).items.map((n) => n.metadata.name)).to.include('kube-node-lease');
    const missing = await p.request({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods/nope',
    });
    expect(missing.status).to.equal(404);
    expect((missing.body as Status).message).to.equal('pods "nope" not found');
  });

  it('applies a manifest as kubectl apply does: created, unchanged, configured', async () => {
    const p = start('unused', true);
    expect(await p.apply(manifest)).to.deep.equal([
      { ref: 'deployment.apps/web', action: 'created' },
      { ref: 'namespace/team-a', action: 'created' },
    ]);
    expect((await p.apply(manifest)).map((r) => r.action)).to.deep.equal([
      'unchanged',
      'unchanged',
    ]);
    const scaled = manifest.replace('replicas: 2', 'replicas: 4');
    expect((await p.apply(scaled))[0]).to.deep.equal({
      ref: 'deployment.apps/web',
      action: 'configured',
    });
    const d = await p.request({
      verb: 'GET',
      path: '/apis/apps/v1/namespaces/default/deployments/web',
    });
    expect((d.body as { spec: { replicas: number } }).spec.replicas).to.equal(4);
  });

  it('reports a bad document without losing the good ones', async () => {
    const p = start('unused', true);
    const results = await p.apply(`
apiVersion: v1
kind: Pod
metadata: {name: Bad_Name}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: fine}
`);
    expect(results[0].error?.reason).to.equal('Invalid');
    expect(results[1]).to.deep.equal({ ref: 'namespace/fine', action: 'created' });
  });

  it('refuses malformed YAML with line and column', async () => {
    const p = start('unused', true);
    let error: unknown;
    try {
      await p.apply('apiVersion: v1\nkind: [Pod\n');
    } catch (err) {
      error = err;
    }
    expect(String((error as Error).message)).to.match(/line \d+, column \d+/);
  });

  it('streams watch events from the worker', async () => {
    const p = start('unused', true);
    const events: WatchEvent[] = [];
    const stop = await p.watch({ verb: 'GET', path: '/api/v1/namespaces' }, (e) => events.push(e));
    await p.request({
      verb: 'POST',
      path: '/api/v1/namespaces',
      body: { metadata: { name: 'watched' } },
    });
    await until(async () =>
      events.some((e) => e.object.metadata.name === 'watched') ? true : undefined,
    );
    expect(events.filter((e) => e.type === 'ADDED').length).to.be.at.least(5);
    stop();
  });

  it('loses no acknowledged write when the kernel worker is killed in the middle of a burst', async () => {
    const database = `crash-test-${crypto.randomUUID()}`;
    const first = start(database);
    await first.ready;
    const acknowledged = new Map<string, string>();
    let killed = false;
    let sent = 0;
    // 32 writers, each creating one Lease after another until the worker is gone, so writes
    // are always in flight (sent, maybe committed, not yet acknowledged) when it dies.
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const name = `lease-${w}-${i}`;
        sent++;
        const res = await first.request({
          verb: 'POST',
          path: '/apis/coordination.k8s.io/v1/namespaces/default/leases',
          body: { metadata: { name }, spec: { holderIdentity: name } },
        });
        if (killed) return;
        expect(res.status).to.equal(201);
        acknowledged.set(name, (res.body as KubeObject).metadata.resourceVersion!);
        if (acknowledged.size === 2_000) {
          killed = true;
          first.terminate();
        }
      }
    };
    // Requests in flight when the worker dies never answer; wait for the kill, not for them.
    void Promise.allSettled(Array.from({ length: 32 }, (_, w) => writer(w)));
    await until(async () => (killed ? true : undefined), 2_000);
    expect(sent, 'writes were in flight at the kill').to.be.above(acknowledged.size);

    const second = start(database);
    await second.ready;
    const list = await second.request({
      verb: 'GET',
      path: '/apis/coordination.k8s.io/v1/namespaces/default/leases',
    });
    const stored = new Map(
      (list.body as KubeList).items.map((l) => [l.metadata.name!, l.metadata.resourceVersion!]),
    );
    for (const [name, resourceVersion] of acknowledged) {
      expect(stored.get(name), name).to.equal(resourceVersion);
    }
    second.terminate();
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(database);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  });

  it('keeps the cluster across a reload (a new kernel worker on the same IndexedDB)', async () => {
    const database = `reload-test-${crypto.randomUUID()}`;
    const first = start(database);
    await first.ready;
    await first.apply(manifest);
    const rs = await until(async () => {
      const res = await first.request({
        verb: 'GET',
        path: '/apis/apps/v1/namespaces/default/replicasets',
      });
      const items = (res.body as KubeList).items;
      return items.length === 1 ? items[0] : undefined;
    });
    first.terminate();

    const second = start(database);
    await second.ready;
    const d = await second.request({
      verb: 'GET',
      path: '/apis/apps/v1/namespaces/default/deployments/web',
    });
    expect(d.status).to.equal(200);
    const again = await second.request({
      verb: 'GET',
      path: '/apis/apps/v1/namespaces/default/replicasets',
    });
    const names = (again.body as KubeList<KubeObject>).items.map((r) => r.metadata.name);
    expect(names).to.deep.equal([rs.metadata.name]);
    second.terminate();
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(database);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  });
});

describe('window.playground.kubectl', () => {
  it('runs kubectl against the cluster', async function () {
    this.timeout(20_000);
    const p = startPlayground({
      database: 'unused',
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    try {
      await p.ready;
      const r = await p.kubectl('kubectl version');
      expect(r.exitCode).to.equal(0);
      expect(r.stdout).to.contain('Server Version: v1.34.0');
      // A watch streams its rows and ends when interrupted, as Ctrl-C ends it.
      const controller = new AbortController();
      let streamed = '';
      const watching = p.kubectl('kubectl get namespaces -w', {
        signal: controller.signal,
        onOutput: (_, text) => {
          streamed += text;
          if (streamed.includes('kube-system')) controller.abort();
        },
      });
      const watched = await watching;
      expect(streamed).to.match(/^NAME\s+STATUS\s+AGE\n/);
      expect(watched.stdout).to.equal(streamed);
      const bad = await p.kubectl('kubectl frobnicate');
      expect(bad.exitCode).to.equal(1);
      expect(bad.stderr).to.contain('unknown command "frobnicate"');
    } finally {
      p.terminate();
    }
  });

  it('kubectl logs of a pod on a node that is gone prints the API server error', async function () {
    this.timeout(20_000);
    const p = startPlayground({
      database: 'unused',
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
      controlPlaneNodes: 0,
      workerNodes: 0,
    });
    try {
      await p.ready;
      const created = await p.request({
        verb: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'orphan' },
          spec: { nodeName: 'ghost', containers: [{ name: 'app', image: 'ticker:1.0' }] },
        },
      });
      expect(created.status).to.equal(201);
      const url = 'https://ghost:10250/containerLogs/default/orphan/app';
      expect(await p.kubectl('kubectl logs orphan')).to.deep.equal({
        stdout: '',
        stderr: `Error from server: Get "${url}": dial tcp ghost:10250: connect: connection refused\n`,
        exitCode: 1,
      });
    } finally {
      p.terminate();
    }
  });
});
