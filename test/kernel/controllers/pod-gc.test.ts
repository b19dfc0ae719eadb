import { expect } from '@esm-bundle/chai';
import { isNotFound } from '../../../src/kernel/api/errors.ts';
import { nodes, pods } from '../../../src/kernel/api/resources.ts';
import { createApiServer } from '../../../src/kernel/api/server.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import {
  kubernetesDefaults,
  tutorialTiming,
  type Timing,
} from '../../../src/kernel/clock/presets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { PodGcController, type PodGcOptions } from '../../../src/kernel/controllers/pod-gc.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';
import type { Node, Pod, Taint } from '../../../src/kernel/types/core.ts';
import type { WatchEvent } from '../../../src/kernel/types/meta.ts';

interface Cluster {
  clock: FakeClock;
  client: Client;
  manager: ControllerManager;
}

async function startCluster(timing: Timing, options: PodGcOptions = {}): Promise<Cluster> {
  const clock = new FakeClock();
  const store = await openStore(new MemoryBackend());
  const server = await createApiServer({ store, clock, declaredSecond: timing.declaredSecond });
  const client = new Client(server);
  const manager = new ControllerManager({ client, clock, timing });
  manager.add(new PodGcController(options));
  await manager.start();
  return { clock, client, manager };
}

describe('pod garbage collector', () => {
  let cluster: Cluster;
  afterEach(() => cluster.manager.stop());

  async function createNode(
    name: string,
    ready: 'True' | 'False' = 'True',
    taints?: Taint[],
  ): Promise<void> {
    const now = rfc3339(cluster.clock.now());
    await cluster.client.create<Node>(nodes, undefined, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name },
      spec: taints ? { taints } : {},
      status: {
        conditions: [
          {
            type: 'Ready',
            status: ready,
            reason: 'KubeletReady',
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
        ],
      },
    });
  }

  async function createPod(name: string, nodeName?: string): Promise<Pod> {
    return cluster.client.create<Pod>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...(nodeName ? { nodeName } : {}) },
    });
  }

  async function findPod(name: string): Promise<Pod | undefined> {
    try {
      return await cluster.client.get<Pod>(pods, 'default', name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async function advanceTo(time: number): Promise<void> {
    await cluster.clock.advance(Math.max(0, time - cluster.clock.now()));
  }

  for (const [preset, timing] of [
    ['Kubernetes defaults', kubernetesDefaults],
    ['tutorial', tutorialTiming],
  ] as const) {
    it(`force-deletes the pods of a deleted node after the quarantine (${preset})`, async () => {
      cluster = await startCluster(timing);
      const { client } = cluster;
      const second = timing.declaredSecond;
      await createNode('n1');
      await createNode('n2');
      await createPod('orphan', 'n1');
      await createPod('fine', 'n2');
      await createPod('pending');
      const seen: WatchEvent<Pod>[] = [];
      const watch = await client.watch<Pod>(pods, 'default', { resourceVersion: '0' }, (e) =>
        seen.push(e),
      );

      await cluster.clock.advance(5 * second);
      await client.delete(nodes, undefined, 'n1');
      const deletedAt = cluster.clock.now();
      await advanceTo(deletedAt + 40 * second - 1);
      expect(await findPod('orphan'), 'the node may be coming back').to.not.equal(undefined);
      await advanceTo(deletedAt + 60 * second + 1);
      expect(await findPod('orphan')).to.equal(undefined);
      expect(await findPod('fine')).to.not.equal(undefined);
      expect(await findPod('pending')).to.not.equal(undefined);
      watch.stop();

      const marked = seen.find(
        (e) =>
          e.type === 'MODIFIED' &&
          e.object.metadata.name === 'orphan' &&
          e.object.status?.phase === 'Failed',
      );
      expect(
        marked?.object.status?.conditions?.find((c) => c.type === 'DisruptionTarget'),
      ).to.include({
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      });
      expect(
        seen.some((e) => e.type === 'DELETED' && e.object.metadata.name === 'orphan'),
      ).to.equal(true);
    });
  }

  it('keeps the pods of a node that comes back within the quarantine', async () => {
    cluster = await startCluster(kubernetesDefaults);
    await createNode('n1');
    await createPod('web', 'n1');
    await cluster.clock.advance(5_000);
    await cluster.client.delete(nodes, undefined, 'n1');
    await cluster.clock.advance(30_000);
    await createNode('n1');
    await cluster.clock.advance(120_000);
    expect(await findPod('web')).to.not.equal(undefined);
  });

  it('force-deletes terminating pods on a not-ready node marked out of service', async () => {
    cluster = await startCluster(kubernetesDefaults);
    await createNode('down', 'False', [
      { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' },
    ]);
    await createNode('sick', 'False');
    await createPod('stuck', 'down');
    await createPod('waiting', 'sick');
    await cluster.client.delete(pods, 'default', 'stuck');
    await cluster.client.delete(pods, 'default', 'waiting');
    expect((await findPod('stuck'))?.metadata.deletionTimestamp).to.be.a('string');

    await cluster.clock.advance(20_001);
    expect(await findPod('stuck')).to.equal(undefined);
    await cluster.clock.advance(120_000);
    const waiting = await findPod('waiting');
    expect(waiting?.metadata.deletionTimestamp, 'Kubernetes waits for the kubelet').to.be.a(
      'string',
    );
  });

  it('deletes the oldest terminated pods beyond the threshold', async () => {
    cluster = await startCluster(kubernetesDefaults, { terminatedPodThreshold: 2 });
    await createNode('n1');
    for (const name of ['first', 'second', 'third']) {
      const pod = await createPod(name, 'n1');
      pod.status = { ...pod.status, phase: 'Succeeded' };
      await cluster.client.updateStatus(pods, pod);
      await cluster.clock.advance(1_000);
    }
    await createPod('running', 'n1');
    await cluster.clock.advance(20_000);
    expect(await findPod('first')).to.equal(undefined);
    for (const name of ['second', 'third', 'running'])
      expect(await findPod(name), name).to.not.equal(undefined);
  });

  for (const enabled of [false, true]) {
    it(`${enabled ? 'force-deletes' : 'keeps'} a pod whose grace period ran out on a silent node with forceDeleteExpiredTerminating ${enabled ? 'on' : 'off'}`, async () => {
      cluster = await startCluster(kubernetesDefaults, { forceDeleteExpiredTerminating: enabled });
      await createNode('n1');
      await createPod('web', 'n1');
      await cluster.client.delete(pods, 'default', 'web');
      const marked = await findPod('web');
      expect(marked?.metadata.deletionGracePeriodSeconds).to.equal(30);
      const expires = Date.parse(marked!.metadata.deletionTimestamp!);

      await advanceTo(expires - 1);
      expect(await findPod('web'), 'within the grace period').to.not.equal(undefined);
      await advanceTo(expires + 20_000 + 1);
      expect((await findPod('web')) === undefined).to.equal(enabled);
    });
  }
});
