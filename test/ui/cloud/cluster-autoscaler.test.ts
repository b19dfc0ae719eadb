import { expect } from '@esm-bundle/chai';
import { events, nodes, pods } from '../../../src/kernel/api/resources.ts';
import { EventRecorder } from '../../../src/kernel/client/event-recorder.ts';
import type { Event, Node, Pod } from '../../../src/kernel/types/core.ts';
import {
  ClusterAutoscaler,
  toBeDeletedTaint,
  type AutoscalerOptions,
  type CloudProvider,
} from '../../../src/ui/cloud/cluster-autoscaler.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

const allocatable = { cpu: '4', memory: '8Gi', pods: '110' };

/** A cloud whose new machines register a Ready Node at once, as a kubelet would. */
class FakeCloud implements CloudProvider {
  added: string[] = [];
  removed: string[] = [];
  private next = 10;
  constructor(private readonly api: TestApi) {}
  template() {
    return { allocatable, labels: { 'kubernetes.io/os': 'linux' } };
  }
  async addNode(): Promise<string> {
    const name = `worker${this.next++}`;
    this.added.push(name);
    await createNode(this.api, name);
    return name;
  }
  async removeNode(name: string): Promise<void> {
    this.removed.push(name);
  }
}

async function createNode(api: TestApi, name: string): Promise<void> {
  const node = await api.client.create<Node>(nodes, undefined, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name } },
    spec: {},
  });
  await api.client.updateStatus<Node>(nodes, {
    ...node,
    status: {
      capacity: allocatable,
      allocatable,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    },
  });
}

/** A ReplicaSet's pod requesting `cpu`, bound to `node` (Running) or left Unschedulable. */
async function createPod(api: TestApi, name: string, cpu: string, node?: string): Promise<void> {
  const pod = await api.client.create<Pod>(pods, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true },
      ],
    },
    spec: {
      ...(node ? { nodeName: node } : {}),
      containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu } } }],
    },
  });
  await api.client.updateStatus<Pod>(pods, {
    ...pod,
    status: node
      ? { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }] }
      : {
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/1 nodes are available: 1 Insufficient cpu.',
            },
          ],
        },
  });
}

async function podEvents(api: TestApi, reason: string): Promise<Event[]> {
  return (await api.client.list<Event>(events)).items.filter((e) => e.reason === reason);
}

interface Setup {
  api: TestApi;
  cloud: FakeCloud;
  autoscaler: ClusterAutoscaler;
}

async function setup(
  workers: Record<string, string[]>,
  pending: string[],
  options: AutoscalerOptions,
): Promise<Setup> {
  const api = await startTestApi();
  const cloud = new FakeCloud(api);
  for (const [node, cpus] of Object.entries(workers)) {
    await createNode(api, node);
    for (const [i, cpu] of cpus.entries()) await createPod(api, `${node}-pod${i}`, cpu, node);
  }
  for (const [i, cpu] of pending.entries()) await createPod(api, `pending${i}`, cpu);
  const recorder = new EventRecorder(api.client, api.clock, 'cluster-autoscaler');
  const autoscaler = new ClusterAutoscaler(api.client, api.clock, cloud, recorder);
  autoscaler.enable(options);
  return { api, cloud, autoscaler };
}

/** Lets a scale-up's machines register. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('cluster autoscaler: scale-up', () => {
  const cases: {
    name: string;
    workers: Record<string, string[]>;
    pending: string[];
    options: AutoscalerOptions;
    added: number;
    reason: 'TriggeredScaleUp' | 'NotTriggerScaleUp';
    message: string;
  }[] = [
    {
      name: 'adds one node for a pod short of cpu',
      workers: { worker: ['3'] },
      pending: ['2'],
      options: { min: 1, max: 5 },
      added: 1,
      reason: 'TriggeredScaleUp',
      message: 'pod triggered scale-up: [{playground-workers 1->2 (max: 5)}]',
    },
    {
      name: 'adds as many nodes as the pending pods need',
      workers: { worker: ['3'] },
      pending: ['3', '3'],
      options: { min: 1, max: 5 },
      added: 2,
      reason: 'TriggeredScaleUp',
      message: 'pod triggered scale-up: [{playground-workers 1->3 (max: 5)}]',
    },
    {
      name: 'does not add a node the pod would not fit',
      workers: { worker: [] },
      pending: ['8'],
      options: { min: 1, max: 5 },
      added: 0,
      reason: 'NotTriggerScaleUp',
      message: "pod didn't trigger scale-up: 1 Insufficient cpu",
    },
    {
      name: 'stops at the maximum',
      workers: { worker: ['3'], worker2: ['3'] },
      pending: ['2'],
      options: { min: 1, max: 2 },
      added: 0,
      reason: 'NotTriggerScaleUp',
      message: "pod didn't trigger scale-up: 1 max node group size reached",
    },
    {
      name: 'leaves alone a pod that fits an existing node',
      workers: { worker: ['1'] },
      pending: ['2'],
      options: { min: 1, max: 5 },
      added: 0,
      reason: 'TriggeredScaleUp',
      message: '',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { api, cloud, autoscaler } = await setup(c.workers, c.pending, c.options);
      await autoscaler.scan();
      await settle();
      expect(cloud.added).to.have.length(c.added);
      const recorded = await podEvents(api, c.reason);
      if (c.message) {
        expect(recorded.map((e) => e.message)).to.include(c.message);
        expect(recorded[0].involvedObject.kind).to.equal('Pod');
      } else expect(recorded).to.have.length(0);
      // The next scan counts the new nodes: no second scale-up for the same pods.
      await autoscaler.scan();
      await settle();
      expect(cloud.added).to.have.length(c.added);
      autoscaler.disable();
    });
  }
});

describe('cluster autoscaler: scale-down', () => {
  const options = { min: 1, max: 5, scaleDownUnneededSeconds: 60 };

  /** Advances the clock `seconds`, a scan every 10 s, force-deleting pods being evicted (a kubelet's part). */
  async function run(s: Setup, seconds: number): Promise<void> {
    for (let t = 0; t < seconds; t += 10) {
      const terminating = (await s.api.client.list<Pod>(pods, 'default')).items.filter(
        (p) => p.metadata.deletionTimestamp,
      );
      for (const p of terminating)
        await s.api.client.delete(pods, 'default', p.metadata.name!, { gracePeriodSeconds: 0 });
      await s.api.clock.advance(10_000);
      await s.autoscaler.scan();
      await settle();
    }
  }

  it('drains and removes a node unneeded for the unneeded time', async () => {
    const s = await setup({ worker: ['3'], worker2: ['100m'] }, [], options);
    await run(s, 50);
    expect(s.cloud.removed).to.have.length(0);
    expect(s.autoscaler.status().unneeded.map((u) => u.node)).to.include('worker2');
    await run(s, 60);
    expect(s.cloud.removed).to.have.length(1);
    const gone = s.cloud.removed[0];
    const left = (await s.api.client.list<Node>(nodes)).items.map((n) => n.metadata.name);
    expect(left).to.have.length(1);
    expect(left).to.not.include(gone);
    const scaleDowns = await podEvents(s.api, 'ScaleDown');
    expect(scaleDowns.map((e) => `${e.involvedObject.kind} ${e.message}`)).to.include.members([
      'Node marked the node as toBeDeleted/unschedulable',
      'Node node removed by cluster autoscaler',
      'Pod deleting pod for node scale down',
    ]);
    s.autoscaler.disable();
  });

  it('taints and cordons the node before evicting its pods', async () => {
    const s = await setup({ worker: ['3'], worker2: [] }, [], options);
    s.cloud.removeNode = async () => {
      const node = await s.api.client.get<Node>(nodes, undefined, 'worker2');
      expect(node.spec?.unschedulable).to.equal(true);
      expect(node.spec?.taints?.map((t) => `${t.key}:${t.effect}`)).to.include(
        `${toBeDeletedTaint}:NoSchedule`,
      );
      s.cloud.removed.push('worker2');
    };
    await run(s, 80);
    expect(s.cloud.removed).to.deep.equal(['worker2']);
    s.autoscaler.disable();
  });

  it('keeps the minimum number of workers', async () => {
    const s = await setup({ worker: [], worker2: [] }, [], { ...options, min: 2 });
    await run(s, 120);
    expect(s.cloud.removed).to.have.length(0);
    s.autoscaler.disable();
  });

  it('keeps a node whose requests are half its allocatable or more', async () => {
    const s = await setup({ worker: [], worker2: ['2'] }, [], { ...options, min: 1 });
    await run(s, 120);
    // worker is empty and goes; worker2 stays at 50% cpu.
    expect(s.cloud.removed).to.deep.equal(['worker']);
    s.autoscaler.disable();
  });

  it('does not scale down within the delay after a scale-up', async () => {
    const s = await setup({ worker: ['3'] }, ['2'], {
      ...options,
      scaleDownDelayAfterAddSeconds: 600,
    });
    await s.autoscaler.scan();
    await settle();
    expect(s.cloud.added).to.have.length(1);
    // The pending pod is deleted: the new node is idle, but the delay after adding holds.
    await s.api.client.delete(pods, 'default', 'pending0', { gracePeriodSeconds: 0 });
    await run(s, 300);
    expect(s.cloud.removed).to.have.length(0);
    s.autoscaler.disable();
  });

  it('refuses limits that make no sense', async () => {
    const s = await setup({ worker: [] }, [], options);
    expect(() => s.autoscaler.enable({ min: 3, max: 2 })).to.throw(RangeError);
    s.autoscaler.disable();
  });
});
