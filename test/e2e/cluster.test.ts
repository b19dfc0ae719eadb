import { expect } from '@esm-bundle/chai';
import type { Node, Pod } from '../../src/kernel/types/core.ts';
import type { KubeList } from '../../src/kernel/types/meta.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { tickerExample } from '../../src/ui/editor/templates.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** The issue's manifest, as the page's Example button fills it in. */
const ticker = tickerExample;

/** Polls until `fn` returns a value, every 25 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function list<T>(p: RunningPlayground, path: string): Promise<T[]> {
  const res = await p.request({ verb: 'GET', path });
  return (res.body as KubeList).items as unknown as T[];
}

const isReady = (node: Node) =>
  node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
const isRunning = (pod: Pod) =>
  pod.status?.phase === 'Running' && (pod.status.containerStatuses ?? []).every((c) => c.ready);

function pod(name: string, image: string, args: string[], extra: Record<string, unknown> = {}) {
  return `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: main
    image: ${image}
    args: ${JSON.stringify(args)}
${Object.entries(extra)
  .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
  .join('\n')}
`;
}

describe('a cluster of node workers running WASI containers', function () {
  this.timeout(60_000);
  const opened: RunningPlayground[] = [];
  const start = (database = `e2e-${crypto.randomUUID()}`, inMemory = true) => {
    const p = startPlayground({ database, timing: 'tutorial', inMemory, urls: testUrls });
    opened.push(p);
    return p;
  };
  afterEach(() => {
    for (const p of opened.splice(0)) p.terminate();
  });

  it('boots three Ready nodes, the control plane tainted NoSchedule', async () => {
    const p = start();
    await p.ready;
    const nodes = await until(async () => {
      const all = await list<Node>(p, '/api/v1/nodes');
      return all.length === 3 && all.every(isReady) && all;
    });
    const names = nodes.map((n) => n.metadata.name).sort();
    expect(names).to.deep.equal([
      'playground-control-plane',
      'playground-worker',
      'playground-worker2',
    ]);
    const cp = nodes.find((n) => n.metadata.name === 'playground-control-plane')!;
    expect(cp.spec?.taints).to.deep.include({
      key: 'node-role.kubernetes.io/control-plane',
      effect: 'NoSchedule',
    });
    expect(
      p
        .nodes()
        .map((n) => n.role)
        .sort(),
    ).to.deep.equal(['control-plane', 'worker', 'worker']);
  });

  it('runs the ticker Deployment on the workers, and its logs tick', async () => {
    const p = start();
    await p.ready;
    expect(await p.apply(ticker)).to.deep.equal([
      { ref: 'deployment.apps/ticker', action: 'created' },
    ]);
    const pods = await until(async () => {
      const all = await list<Pod>(p, '/api/v1/namespaces/default/pods');
      return all.length === 3 && all.every(isRunning) && all;
    });
    for (const one of pods) expect(one.spec.nodeName).to.match(/^playground-worker2?$/);
    const log = await until(async () => {
      const text = await p.logs('default', pods[0].metadata.name!, 'ticker');
      return text.split('\n').filter((l) => l.includes('hello')).length >= 2 && text;
    });
    expect(log).to.match(/hello/);
  });

  it('restarts a crashing container and shows CrashLoopBackOff', async () => {
    const p = start();
    await p.ready;
    await p.apply(pod('crash', 'crasher:1.0', ['--after', '0s', '--code', '3']));
    const crashed = await until(async () => {
      const [one] = await list<Pod>(p, '/api/v1/namespaces/default/pods');
      const status = one?.status?.containerStatuses?.[0];
      return (
        status &&
        status.restartCount >= 1 &&
        status.state?.waiting?.reason === 'CrashLoopBackOff' &&
        status
      );
    });
    expect(crashed.lastState?.terminated?.exitCode).to.equal(3);
    expect(crashed.lastState?.terminated?.reason).to.equal('Error');
  });

  it('kills a container past its memory limit as OOMKilled', async () => {
    const p = start();
    await p.ready;
    await p.apply(
      pod('hungry', 'hog:1.0', ['--memory', '64Mi'], { resources: { limits: { memory: '16Mi' } } }),
    );
    const terminated = await until(async () => {
      const [one] = await list<Pod>(p, '/api/v1/namespaces/default/pods');
      const status = one?.status?.containerStatuses?.[0];
      return (
        (status?.lastState?.terminated ?? status?.state?.terminated)?.reason === 'OOMKilled' &&
        status
      );
    });
    expect((terminated.lastState?.terminated ?? terminated.state?.terminated)?.exitCode).to.equal(
      137,
    );
  });

  it('keeps another pod on the node logging while a container spins forever', async () => {
    const p = start('unused', true);
    await p.ready;
    const node = 'playground-worker';
    await p.apply(
      pod('spin', 'hog:1.0', ['--cpu'], {}).replace('spec:\n', `spec:\n  nodeName: ${node}\n`),
    );
    await p.apply(
      pod('tick', 'ticker:1.0', ['--every', '200ms'], {}).replace(
        'spec:\n',
        `spec:\n  nodeName: ${node}\n`,
      ),
    );
    await until(async () =>
      (await list<Pod>(p, '/api/v1/namespaces/default/pods')).every(isRunning),
    );
    const lines = await until(async () => {
      const text = await p.logs('default', 'tick', 'main');
      const n = text.trim().split('\n').length;
      return n >= 5 && n;
    });
    expect(lines).to.be.at.least(5);
    await p.request({ verb: 'DELETE', path: '/api/v1/namespaces/default/pods/spin' });
    await until(async () => (await list<Pod>(p, '/api/v1/namespaces/default/pods')).length === 1);
  });

  it('reports an unknown image as ErrImagePull, then ImagePullBackOff', async () => {
    const p = start();
    await p.ready;
    await p.apply(pod('ghost', 'nosuchimage:1.0', []));
    const reasons = new Set<string>();
    await until(async () => {
      const [one] = await list<Pod>(p, '/api/v1/namespaces/default/pods');
      const reason = one?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
      if (reason) reasons.add(reason);
      return reasons.has('ErrImagePull') && reasons.has('ImagePullBackOff');
    });
    const events = await list<{ reason: string; message: string }>(
      p,
      '/api/v1/namespaces/default/events',
    );
    expect(events.some((e) => e.reason === 'Failed' && e.message.includes('nosuchimage'))).to.equal(
      true,
    );
  });

  it('replaces the pods of a killed node on the others, and adds a node that becomes Ready', async () => {
    const p = start();
    await p.ready;
    await p.apply(ticker);
    const placed = await until(async () => {
      const all = await list<Pod>(p, '/api/v1/namespaces/default/pods');
      return all.length === 3 && all.every(isRunning) && all;
    });
    const victim = placed[0].spec.nodeName!;
    const killedAt = performance.now();
    await p.killNode(victim);
    await until(async () => {
      const live = (await list<Pod>(p, '/api/v1/namespaces/default/pods')).filter(
        (x) => !x.metadata.deletionTimestamp,
      );
      return live.length === 3 && live.every((x) => x.spec.nodeName !== victim && isRunning(x));
    });
    expect(performance.now() - killedAt, 'replacement time (ms)').to.be.below(5_000);

    const added = await p.addNode();
    expect(added).to.equal('playground-worker3');
    await until(async () => {
      const all = await list<Node>(p, '/api/v1/nodes');
      return all.some((n) => n.metadata.name === added && isReady(n));
    });
  });

  it('runs kubectl exec in a running pod, and busybox runs a one-off shell', async () => {
    const p = start();
    await p.ready;
    await p.apply(pod('tick', 'ticker:1.0', ['--every', '1s']));
    await until(async () =>
      (await list<Pod>(p, '/api/v1/namespaces/default/pods')).every(isRunning),
    );
    const exec = await p.kubectl(`kubectl exec tick -- sh -c 'echo I am $HOSTNAME; exit 3'`);
    expect(exec.stdout).to.equal('I am tick\n');
    expect(exec.stderr).to.equal('command terminated with exit code 3\n');
    expect(exec.exitCode).to.equal(3);

    const run = await p.kubectl(
      `kubectl run once --image=busybox --restart=Never -- sh -c 'echo hello from busybox'`,
    );
    expect(run.stdout).to.equal('pod/once created\n');
    await until(async () => {
      const [one] = await list<Pod>(
        p,
        '/api/v1/namespaces/default/pods?fieldSelector=metadata.name=once',
      );
      return one?.status?.phase === 'Succeeded';
    });
    const logs = await p.kubectl('kubectl logs once');
    expect(logs.stdout).to.equal('hello from busybox\n');
  });

  it('keeps the cluster across a reload: nodes re-register and the pods run again', async () => {
    const database = `e2e-reload-${crypto.randomUUID()}`;
    const first = start(database, false);
    await first.ready;
    await first.apply(ticker);
    await until(async () => {
      const all = await list<Pod>(first, '/api/v1/namespaces/default/pods');
      return all.length === 3 && all.every(isRunning);
    });
    first.terminate();

    const second = start(database, false);
    await second.ready;
    expect(second.nodes()).to.have.length(3);
    const pods = await until(async () => {
      const all = await list<Pod>(second, '/api/v1/namespaces/default/pods');
      return all.length === 3 && all.every(isRunning) && all;
    });
    // Until the kubelet has restarted the container after the reload, its log may still be
    // the terminated instance's, which kubectl reports as an error.
    const text = await until(async () => {
      const log = await second
        .logs('default', pods[0].metadata.name!, 'ticker')
        .catch(() => undefined);
      return log?.includes('hello') && log;
    });
    expect(text).to.contain('hello');
    second.terminate();
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(database);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  });
});
