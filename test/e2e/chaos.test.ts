import { expect } from '@esm-bundle/chai';
import type { Event, Node, Pod } from '../../src/kernel/types/core.ts';
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

const echoPod = (name: string, node: string, extra = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: echo}}
spec:
  nodeName: ${node}
${extra}
  containers:
  - name: echo
    image: http-echo:1.0
    ports: [{containerPort: 8080}]
`;

const running = (pod?: Pod) =>
  pod?.status?.phase === 'Running' && pod.status.containerStatuses?.every((c) => c.ready)
    ? pod
    : undefined;

describe('chaos on real nodes', function () {
  this.timeout(60_000);
  let p: RunningPlayground;
  beforeEach(async () => {
    p = startPlayground({
      database: `chaos-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => {
    p.chaos.stopChaosMonkey();
    p.terminate();
  });

  const get = async <T>(path: string) => {
    const res = await p.request({ verb: 'GET', path });
    return res.status === 200 ? (res.body as T) : undefined;
  };
  const pod = (name: string) => get<Pod>(`/api/v1/namespaces/default/pods/${name}`);
  const node = (name: string) => get<Node>(`/api/v1/nodes/${name}`);
  const readyStatus = async (name: string) =>
    (await node(name))?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  const events = async (reason: string) =>
    (
      (await get<{ items: Event[] }>(`/api/v1/events?fieldSelector=reason=${reason}`))?.items ?? []
    ).filter((e) => e.reason === reason);

  /** Answers the pod's HTTP server directly, from the page. */
  async function serves(ip: string): Promise<boolean> {
    try {
      const c = await p.connect(ip, 8080);
      await c.established;
      c.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      return (await c.readAll()).includes('200 OK');
    } catch {
      return false;
    }
  }

  it('freezes a node: it goes Unknown and its pods are replaced while they keep serving; unfreezing brings it back', async () => {
    await p.apply(
      [
        echoPod('pinned', 'playground-worker'),
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {kubernetes.io/hostname: playground-worker}
      containers: [{name: echo, image: "http-echo:1.0", ports: [{containerPort: 8080}]}]`,
      ].join('\n---\n'),
    );
    const pinned = await until(async () => running(await pod('pinned')));
    await p.chaos.freezeNode('playground-worker');
    expect(p.nodes().find((n) => n.name === 'playground-worker')?.frozen).to.equal(true);
    const frozen = (await events('NodeFrozen'))[0];
    expect(frozen.source?.component).to.equal('playground');
    expect(frozen.involvedObject).to.include({ kind: 'Node', name: 'playground-worker' });

    await until(async () => (await readyStatus('playground-worker')) === 'Unknown');
    // Evicted, but the frozen kubelet never hears of it: the pod stays Terminating and serves.
    await until(async () => !!(await pod('pinned'))?.metadata.deletionTimestamp);
    expect(await serves(pinned.status!.podIP!)).to.equal(true);

    await p.chaos.unfreezeNode('playground-worker');
    await until(async () => (await readyStatus('playground-worker')) === 'True');
    // Back in touch, the kubelet carries out the deletion it missed.
    await until(async () => (await pod('pinned')) === undefined);
    expect((await events('NodeUnfrozen')).length).to.equal(1);
    expect(p.nodes().find((n) => n.name === 'playground-worker')?.frozen).to.equal(false);
  });

  it('restarts a node: the same node registers again and runs its pods anew', async () => {
    await p.apply(echoPod('survivor', 'playground-worker2'));
    const before = await until(async () => running(await pod('survivor')));
    const firstID = before.status!.containerStatuses![0].containerID;
    await p.chaos.restartNode('playground-worker2');
    expect(p.nodes().map((n) => n.name)).to.include('playground-worker2');
    const after = await until(async () => {
      const found = running(await pod('survivor'));
      return found?.status?.containerStatuses?.[0].containerID !== firstID && found;
    });
    expect(after.metadata.uid).to.equal(before.metadata.uid);
    expect(after.spec.nodeName).to.equal('playground-worker2');
    expect((await events('NodeRestarted'))[0].message).to.equal(
      'Node playground-worker2 was restarted: its containers were killed and its kubelet starts again',
    );
  });

  it('kills a pod at once and a container with exit code 137, recording both', async () => {
    await p.apply(
      [echoPod('victim', 'playground-worker'), echoPod('crashy', 'playground-worker2')].join(
        '\n---\n',
      ),
    );
    await until(async () => running(await pod('victim')));
    await until(async () => running(await pod('crashy')));

    await p.chaos.killPod('default', 'victim');
    expect(await pod('victim'), 'gone without a grace period').to.equal(undefined);
    const killed = (await events('PodKilled'))[0];
    expect(killed.involvedObject).to.include({ kind: 'Pod', name: 'victim' });
    expect(killed.type).to.equal('Warning');

    await p.chaos.killContainer('default', 'crashy', 'echo');
    const restarted = await until(async () => {
      const found = await pod('crashy');
      return (found?.status?.containerStatuses?.[0].restartCount ?? 0) >= 1 && running(found);
    });
    expect(restarted.status!.containerStatuses![0].lastState?.terminated).to.include({
      exitCode: 137,
      reason: 'Error',
    });
    const event = (await events('ContainerKilled'))[0];
    expect(event.message).to.equal('Container echo was killed (exit code 137)');
    expect(event.involvedObject.fieldPath).to.equal('spec.containers{echo}');

    let refused = '';
    await p.chaos.killContainer('default', 'crashy', 'nope').catch((err: Error) => {
      refused = err.message;
    });
    expect(refused).to.equal('container nope is not valid for pod crashy');
  });

  it('delays connections through a node with network latency until cleared', async () => {
    await p.apply(echoPod('slow', 'playground-worker'));
    const ip = (await until(async () => running(await pod('slow')))).status!.podIP!;
    await p.chaos.setNetworkFault('playground-worker', { latencyMs: 400 });
    expect(p.nodes().find((n) => n.name === 'playground-worker')?.networkFault).to.deep.equal({
      latencyMs: 400,
      lossPercent: 0,
    });
    const t0 = performance.now();
    expect(await serves(ip)).to.equal(true);
    expect(performance.now() - t0).to.be.at.least(400);
    expect((await events('NetworkFault'))[0].message).to.equal(
      'Connections through node playground-worker now get 400 ms of latency and 0% loss',
    );
    await p.chaos.setNetworkFault('playground-worker', null);
    expect(p.nodes().find((n) => n.name === 'playground-worker')?.networkFault).to.equal(undefined);
    expect((await events('NetworkFaultCleared')).length).to.equal(1);
    let refused = '';
    await p.chaos.setNetworkFault('playground-worker', { lossPercent: 120 }).catch((err) => {
      refused = (err as Error).message;
    });
    expect(refused).to.equal('lossPercent must be from 0 to 100, not 120');
  });

  it('runs a chaos monkey that kills the selected pods, which their ReplicaSet replaces', async () => {
    await p.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: echo, image: "http-echo:1.0"}]`);
    await p.apply(echoPod('bystander', 'playground-worker'));
    await until(async () => {
      const list = await get<{ items: Pod[] }>('/api/v1/namespaces/default/pods');
      return list?.items.filter((x) => running(x)).length === 4;
    });
    p.chaos.chaosMonkey({ podsPerMinute: 600, labelSelector: 'app=web' });
    const kills = await until(async () => {
      const found = await events('PodKilled');
      return found.length >= 2 && found;
    });
    p.chaos.stopChaosMonkey();
    expect(p.chaos.chaosMonkeyStatus()).to.equal(undefined);
    for (const e of kills) {
      expect(e.source?.component).to.equal('chaos-monkey');
      expect(e.involvedObject.name).to.match(/^web-/);
    }
    expect(running(await pod('bystander'))).to.not.equal(undefined);
    await until(async () => {
      const d = await get<{ status?: { readyReplicas?: number } }>(
        '/apis/apps/v1/namespaces/default/deployments/web',
      );
      return d?.status?.readyReplicas === 3;
    });
  });
});
