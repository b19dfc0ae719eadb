import { expect } from '@esm-bundle/chai';
import type { Event, Node, Pod } from '../../src/kernel/types/core.ts';
import type { KubeList } from '../../src/kernel/types/meta.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 50 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function list<T>(p: RunningPlayground, path: string): Promise<T[]> {
  const res = await p.request({ verb: 'GET', path });
  return (res.body as KubeList).items as unknown as T[];
}

const isWorker = (n: Node) =>
  n.metadata.labels?.['node-role.kubernetes.io/control-plane'] === undefined;
const isRunning = (pod: Pod) => pod.status?.phase === 'Running' && !pod.metadata.deletionTimestamp;

/** Three replicas of 3 cpu: two 4-cpu workers hold two of them. */
const hungry = (replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: hungry}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: hungry}}
  template:
    metadata: {labels: {app: hungry}}
    spec:
      containers:
      - name: ticker
        image: ticker:1.0
        args: ["--every", "1s"]
        resources: {requests: {cpu: "3", memory: 16Mi}}
`;

describe('the cluster autoscaler on a real playground', function () {
  this.timeout(120_000);
  let p: RunningPlayground;
  afterEach(() => p.terminate());

  it('adds a worker for a pod short of cpu, then removes it once idle', async () => {
    p = startPlayground({
      database: `e2e-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
    // Tutorial timing: an autoscaler second is 100 ms, so 50 s of unneeded time is 5 s.
    await p.autoscaler.enable({
      min: 2,
      max: 5,
      scaleDownUnneededSeconds: 50,
      scaleDownDelayAfterAddSeconds: 50,
    });
    await p.apply(hungry(3));

    const running = await until(async () => {
      const pods = (await list<Pod>(p, '/api/v1/namespaces/default/pods')).filter(
        (pod) => pod.metadata.labels?.app === 'hungry',
      );
      return pods.length === 3 && pods.every(isRunning) && pods;
    });
    const workers = (await list<Node>(p, '/api/v1/nodes')).filter(isWorker);
    expect(workers.map((n) => n.metadata.name).sort()).to.deep.equal([
      'playground-worker',
      'playground-worker2',
      'playground-worker3',
    ]);
    expect(new Set(running.map((pod) => pod.spec.nodeName)).size).to.equal(3);
    const triggered = (await list<Event>(p, '/api/v1/namespaces/default/events')).filter(
      (e) => e.reason === 'TriggeredScaleUp',
    );
    expect(triggered.map((e) => e.message)).to.include(
      'pod triggered scale-up: [{playground-workers 2->3 (max: 5)}]',
    );

    await p.kubectl('scale deployment hungry --replicas=1');
    await until(async () => {
      const left = (await list<Node>(p, '/api/v1/nodes')).filter(isWorker);
      return left.length === 2 && p.nodes().filter((n) => n.role === 'worker').length === 2;
    }, 60_000);
    // The status reports what the last scan saw.
    await until(async () => p.autoscaler.status().workers === 2);
    expect(p.autoscaler.status()).to.include({ enabled: true, min: 2, max: 5 });
    const scaleDowns = (await list<Event>(p, '/api/v1/events')).filter(
      (e) => e.reason === 'ScaleDown' && e.involvedObject.kind === 'Node',
    );
    expect(scaleDowns.map((e) => e.message)).to.include('node removed by cluster autoscaler');
    // The surviving replica still runs.
    await until(async () => {
      const pods = (await list<Pod>(p, '/api/v1/namespaces/default/pods')).filter(
        (pod) => pod.metadata.labels?.app === 'hungry' && isRunning(pod),
      );
      return pods.length === 1;
    });
  });
});
