import { expect } from '@esm-bundle/chai';
import { deployments, events as eventsResource, pods } from '../../src/kernel/api/resources.ts';
import { FakeClock } from '../../src/kernel/clock/fake-clock.ts';
import { tutorialTiming } from '../../src/kernel/clock/presets.ts';
import { createKernel, type Kernel } from '../../src/kernel/kernel.ts';
import { MemoryBackend } from '../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../src/kernel/store/mvcc-store.ts';
import type { Pod } from '../../src/kernel/types/core.ts';
import type { Deployment } from '../../src/kernel/types/apps.ts';
import { FakeNode } from '../helpers/fake-node.ts';

/** Advances cluster time in small steps until `predicate` holds or `limit` ms have passed. */
async function advanceUntil(
  clock: FakeClock,
  predicate: () => Promise<boolean>,
  limit: number,
  step = 10,
) {
  for (let elapsed = 0; elapsed <= limit; elapsed += step) {
    if (await predicate()) return elapsed;
    await clock.advance(step);
  }
  throw new Error(`not reached within ${limit} ms of cluster time`);
}

describe('control plane without real nodes', () => {
  let clock: FakeClock;
  let kernel: Kernel;
  let nodeList: FakeNode[];

  beforeEach(async () => {
    clock = new FakeClock();
    const store = await openStore(new MemoryBackend());
    kernel = await createKernel({ store, clock, timing: tutorialTiming });
    nodeList = [];
    for (const name of ['node-a', 'node-b', 'node-c']) {
      const node = new FakeNode(name, kernel.client, clock, tutorialTiming);
      await node.register();
      nodeList.push(node);
    }
  });

  afterEach(() => {
    for (const node of nodeList) node.stop();
    kernel.stop();
  });

  async function podsOf(app: string): Promise<Pod[]> {
    const list = await kernel.client.list<Pod>(pods, 'default', { labelSelector: `app=${app}` });
    return list.items;
  }

  it('schedules a Deployment across nodes and replaces the pods of a node whose Lease stops', async () => {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '100m' } } },
            ],
          },
        },
      },
    };
    await kernel.client.create(deployments, 'default', deployment);

    await advanceUntil(
      clock,
      async () => {
        const list = await podsOf('web');
        return list.length === 3 && list.every((p) => p.spec.nodeName);
      },
      2_000,
    );
    const placed = await podsOf('web');
    const nodesUsed = new Set(placed.map((p) => p.spec.nodeName));
    expect(nodesUsed.size, 'pods spread over the nodes').to.equal(3);
    for (const p of placed) {
      expect(p.metadata.name).to.match(
        /^web-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      );
    }

    const victim = placed[0].spec.nodeName!;
    nodeList.find((n) => n.name === victim)!.stop();

    const elapsed = await advanceUntil(
      clock,
      async () => {
        const list = await podsOf('web');
        const live = list.filter((p) => !p.metadata.deletionTimestamp);
        return (
          live.length === 3 && live.every((p) => p.spec.nodeName && p.spec.nodeName !== victim)
        );
      },
      5_000,
    );
    // The tutorial preset replaces a dead node's pods within about a second of cluster time.
    expect(elapsed).to.be.below(1_500);
  });

  it('leaves a pod that fits nowhere Pending with a FailedScheduling event', async () => {
    await kernel.client.create<Pod>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'huge' },
      spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '64' } } }] },
    });
    let message = '';
    await advanceUntil(
      clock,
      async () => {
        const events = await kernel.client.list(eventsResource, 'default', {
          fieldSelector: 'involvedObject.name=huge,reason=FailedScheduling',
        });
        message = (events.items[0] as { message?: string } | undefined)?.message ?? '';
        return message !== '';
      },
      1_000,
    );
    expect(message).to.match(/^0\/3 nodes are available: 3 Insufficient cpu\./);
    const pod = await kernel.client.get<Pod>(pods, 'default', 'huge');
    expect(pod.spec.nodeName).to.equal(undefined);
    const condition = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(condition?.status).to.equal('False');
    expect(condition?.reason).to.equal('Unschedulable');
  });
});
