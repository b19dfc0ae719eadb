import { expect } from '@esm-bundle/chai';
import { isNotFound } from '../../../src/kernel/api/errors.ts';
import { events, leases, nodes, pods } from '../../../src/kernel/api/resources.ts';
import { createApiServer } from '../../../src/kernel/api/server.ts';
import { rfc3339, rfc3339Micro, type TimerHandle } from '../../../src/kernel/clock/clock.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import {
  kubernetesDefaults,
  tutorialTiming,
  type Timing,
} from '../../../src/kernel/clock/presets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { NodeLifecycleController } from '../../../src/kernel/controllers/node-lifecycle.ts';
import { TaintEvictionController } from '../../../src/kernel/controllers/taint-eviction.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';
import type {
  Event,
  Node,
  NodeCondition,
  Pod,
  Taint,
  Toleration,
} from '../../../src/kernel/types/core.ts';

/** What the control plane sees of a kubelet: a Node posted Ready and a Lease renewed until `stop`. */
class FakeKubelet {
  lastRenew = 0;
  private timer: TimerHandle | undefined;

  constructor(
    readonly name: string,
    private readonly client: Client,
    private readonly clock: FakeClock,
    private readonly timing: Timing,
  ) {}

  async register(): Promise<void> {
    const now = rfc3339(this.clock.now());
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: this.name, labels: { 'kubernetes.io/hostname': this.name } },
      spec: {},
      status: {
        capacity: { cpu: '2', memory: '4Gi', pods: '110' },
        conditions: [ready('True', now)],
      },
    };
    await this.client.create(nodes, undefined, node);
    this.lastRenew = this.clock.now();
    await this.client.create(leases, 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: this.name, renewTime: rfc3339Micro(this.lastRenew) },
    });
    this.schedule();
  }

  /** The kubelet dies: no more Lease renewals. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** The kubelet comes back: posts Ready again and renews its Lease. */
  async revive(): Promise<void> {
    const node = await this.client.get<Node>(nodes, undefined, this.name);
    const now = rfc3339(this.clock.now());
    node.status!.conditions = [
      ...(node.status?.conditions ?? []).filter((c) => c.type !== 'Ready'),
      ready('True', now),
    ];
    await this.client.updateStatus(nodes, node);
    await this.renew();
    this.schedule();
  }

  private async renew(): Promise<void> {
    this.lastRenew = this.clock.now();
    await this.client.patch(leases, 'kube-node-lease', this.name, {
      spec: { renewTime: rfc3339Micro(this.lastRenew) },
    });
  }

  private schedule(): void {
    this.timer = this.clock.setTimer(this.timing.leaseRenewInterval, () => {
      void this.renew().catch(() => {});
      this.schedule();
    });
  }
}

function ready(status: NodeCondition['status'], now: string): NodeCondition {
  return {
    type: 'Ready',
    status,
    reason: 'KubeletReady',
    message: 'kubelet is posting ready status',
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  };
}

interface Cluster {
  clock: FakeClock;
  client: Client;
  manager: ControllerManager;
  kubelets: Map<string, FakeKubelet>;
}

async function startCluster(timing: Timing, nodeNames: string[]): Promise<Cluster> {
  const clock = new FakeClock();
  const store = await openStore(new MemoryBackend());
  const server = await createApiServer({ store, clock, declaredSecond: timing.declaredSecond });
  const client = new Client(server);
  const kubelets = new Map<string, FakeKubelet>();
  for (const name of nodeNames) {
    const kubelet = new FakeKubelet(name, client, clock, timing);
    await kubelet.register();
    kubelets.set(name, kubelet);
  }
  const manager = new ControllerManager({ client, clock, timing });
  manager.add(new NodeLifecycleController());
  manager.add(new TaintEvictionController());
  await manager.start();
  return { clock, client, manager, kubelets };
}

const presets = [
  ['Kubernetes defaults', kubernetesDefaults],
  ['tutorial', tutorialTiming],
] as const;

describe('node lifecycle and taint-based eviction', () => {
  let cluster: Cluster;
  afterEach(() => {
    for (const k of cluster.kubelets.values()) k.stop();
    cluster.manager.stop();
  });

  async function until(
    predicate: () => Promise<boolean>,
    limit: number,
    step: number,
  ): Promise<void> {
    for (let t = 0; t <= limit; t += step) {
      if (await predicate()) return;
      await cluster.clock.advance(step);
    }
    throw new Error(`not reached within ${limit} ms of cluster time`);
  }

  /** Advances the clock to exactly `time`. */
  async function advanceTo(time: number): Promise<void> {
    await cluster.clock.advance(Math.max(0, time - cluster.clock.now()));
  }

  const getNode = (name: string) => cluster.client.get<Node>(nodes, undefined, name);
  const condition = (node: Node, type: string) =>
    node.status?.conditions?.find((c) => c.type === type);
  const taints = async (name: string) => (await getNode(name)).spec?.taints ?? [];
  const hasTaint = (list: Taint[], key: string, effect: Taint['effect']) =>
    list.some((t) => t.key === key && t.effect === effect);

  async function findPod(name: string): Promise<Pod | undefined> {
    try {
      return await cluster.client.get<Pod>(pods, 'default', name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
  const evicted = (name: string) => async () => !!(await findPod(name))?.metadata.deletionTimestamp;

  /** A pod running (Ready) on `nodeName`, with the API server's default tolerations plus `tolerations`. */
  async function runPod(name: string, nodeName: string, tolerations?: Toleration[]): Promise<Pod> {
    const created = await cluster.client.create<Pod>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        nodeName,
        containers: [{ name: 'c', image: 'nginx:1.25' }],
        ...(tolerations ? { tolerations } : {}),
      },
    });
    const now = rfc3339(cluster.clock.now());
    created.status = {
      ...created.status,
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now }],
    };
    return cluster.client.updateStatus<Pod>(pods, created);
  }

  async function eventsFor(name: string): Promise<Event[]> {
    const list = await cluster.client.list<Event>(events, 'default');
    return list.items.filter((e) => e.involvedObject.name === name);
  }

  for (const [preset, timing] of presets) {
    describe(`with ${preset} timing`, () => {
      const period = timing.nodeMonitorPeriod;
      const grace = timing.nodeMonitorGracePeriod;
      const second = timing.declaredSecond;

      it('marks a node whose Lease stops Unknown after the grace period, taints it, and marks its pods not ready', async () => {
        cluster = await startCluster(timing, ['alive', 'dead']);
        await runPod('web', 'dead');
        await cluster.clock.advance(2 * period);
        const dead = cluster.kubelets.get('dead')!;
        dead.stop();
        const lastRenew = dead.lastRenew;

        await advanceTo(lastRenew + grace);
        expect(
          condition(await getNode('dead'), 'Ready')?.status,
          'not before the grace period',
        ).to.equal('True');

        await until(
          async () => condition(await getNode('dead'), 'Ready')?.status === 'Unknown',
          2 * period,
          period / 10,
        );
        expect(cluster.clock.now()).to.be.at.most(lastRenew + grace + 2 * period);
        const node = await getNode('dead');
        expect(condition(node, 'Ready')).to.include({
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
        });
        for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) {
          expect(condition(node, type), type).to.include({
            status: 'Unknown',
            reason: 'NodeStatusNeverUpdated',
            message: 'Kubelet never posted node status.',
          });
        }
        expect(condition(await getNode('alive'), 'Ready')?.status).to.equal('True');

        const nodeEvent = (await eventsFor('dead')).find((e) => e.reason === 'NodeNotReady');
        expect(nodeEvent?.message).to.equal('Node dead status is now: NodeNotReady');
        expect(nodeEvent?.source?.component).to.equal('node-controller');
        expect(nodeEvent?.involvedObject.kind).to.equal('Node');

        await until(
          async () =>
            (await findPod('web'))?.status?.conditions?.find((c) => c.type === 'Ready')?.status ===
            'False',
          period,
          period / 10,
        );
        const podEvent = (await eventsFor('web')).find((e) => e.reason === 'NodeNotReady');
        expect(podEvent).to.include({ type: 'Warning', message: 'Node is not ready' });

        await until(
          async () => hasTaint(await taints('dead'), 'node.kubernetes.io/unreachable', 'NoExecute'),
          2 * period,
          period / 10,
        );
        const list = await taints('dead');
        expect(hasTaint(list, 'node.kubernetes.io/unreachable', 'NoSchedule')).to.equal(true);
        expect(list.find((t) => t.effect === 'NoExecute')?.timeAdded).to.match(
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
        );
        expect(await taints('alive')).to.deep.equal([]);
      });

      it('evicts pods with the default 300 s toleration after 300 declared seconds, not before', async () => {
        cluster = await startCluster(timing, ['alive', 'dead']);
        await runPod('web', 'dead');
        await runPod('neighbour', 'alive');
        const pod = await findPod('web');
        const defaults = pod?.spec.tolerations
          ?.filter((t) => t.tolerationSeconds === 300)
          .map((t) => t.key);
        expect(defaults).to.have.members([
          'node.kubernetes.io/not-ready',
          'node.kubernetes.io/unreachable',
        ]);
        await cluster.clock.advance(2 * period);

        const stoppedAt = cluster.clock.now();
        const dead = cluster.kubelets.get('dead')!;
        dead.stop();
        const lastHeartbeat = dead.lastRenew;
        const step = period / 10;
        await until(
          async () => hasTaint(await taints('dead'), 'node.kubernetes.io/unreachable', 'NoExecute'),
          grace + 4 * period,
          step,
        );
        const taintSeen = cluster.clock.now();

        await advanceTo(taintSeen + 300 * second - step - 1);
        expect(await evicted('web')(), 'still tolerated').to.equal(false);
        await until(evicted('web'), 2 * step, 1);
        expect(cluster.clock.now()).to.be.at.most(taintSeen + 300 * second + step);
        if (timing === tutorialTiming) {
          // Failover within about a second of cluster time.
          expect(cluster.clock.now() - stoppedAt).to.be.at.most(1_000 + step);
        }
        // The timeline from the last heartbeat: the grace period, then the 300 s toleration,
        // give or take the monitor's periods: about 5 min 50 s under Kubernetes' defaults, and
        // about 0.7 s under the tutorial preset.
        const fromHeartbeat = cluster.clock.now() - lastHeartbeat;
        const expected = grace + 300 * second;
        expect(expected).to.equal(timing === tutorialTiming ? 700 : 350_000);
        expect(fromHeartbeat).to.be.within(expected, expected + 3 * period + step);

        const gone = await findPod('web');
        expect(gone?.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).to.include({
          status: 'True',
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
        });
        const event = (await eventsFor('web')).find((e) => e.reason === 'TaintManagerEviction');
        expect(event).to.include({
          type: 'Normal',
          message: 'Marking for deletion Pod default/web',
        });
        expect(event?.source?.component).to.equal('taint-eviction-controller');
        expect(await evicted('neighbour')()).to.equal(false);
      });

      it('removes the taints when the node reports Ready again, cancelling the eviction', async () => {
        cluster = await startCluster(timing, ['alive', 'dead']);
        await runPod('web', 'dead');
        await cluster.clock.advance(2 * period);
        const dead = cluster.kubelets.get('dead')!;
        dead.stop();
        const step = period / 10;
        await until(
          async () => hasTaint(await taints('dead'), 'node.kubernetes.io/unreachable', 'NoExecute'),
          grace + 4 * period,
          step,
        );

        await dead.revive();
        await until(async () => (await taints('dead')).length === 0, 2 * period, step);
        expect(condition(await getNode('dead'), 'Ready')?.status).to.equal('True');

        await cluster.clock.advance(300 * second + period);
        expect(await evicted('web')(), 'the eviction was cancelled').to.equal(false);
        const cancelled = (await eventsFor('web')).find(
          (e) => e.message === 'Cancelling deletion of Pod default/web',
        );
        expect(cancelled?.reason).to.equal('TaintManagerEviction');
      });

      it('stops tainting when every node is silent (full disruption)', async () => {
        cluster = await startCluster(timing, ['only']);
        await runPod('web', 'only');
        await cluster.clock.advance(2 * period);
        cluster.kubelets.get('only')!.stop();

        await until(
          async () => condition(await getNode('only'), 'Ready')?.status === 'Unknown',
          grace + 3 * period,
          period / 10,
        );
        await cluster.clock.advance(300 * second + 3 * period);
        const list = await taints('only');
        expect(
          hasTaint(list, 'node.kubernetes.io/unreachable', 'NoSchedule'),
          'NoSchedule still follows the condition',
        ).to.equal(true);
        expect(list.filter((t) => t.effect === 'NoExecute')).to.deep.equal([]);
        expect(await evicted('web')()).to.equal(false);
      });
    });
  }

  it('evicts at once a pod that does not tolerate a NoExecute taint, later one that tolerates it for a while', async () => {
    const timing = kubernetesDefaults;
    cluster = await startCluster(timing, ['n1', 'n2']);
    const maintenance = {
      key: 'example.com/maintenance',
      operator: 'Exists',
      effect: 'NoExecute',
    } as const;
    await runPod('plain', 'n1');
    await runPod('forever', 'n1', [maintenance]);
    await runPod('brief', 'n1', [{ ...maintenance, tolerationSeconds: 60 }]);
    await runPod('now', 'n1', [{ ...maintenance, tolerationSeconds: 0 }]);
    await cluster.clock.advance(timing.nodeMonitorPeriod);

    const node = await getNode('n1');
    await cluster.client.patch(nodes, undefined, 'n1', {
      spec: {
        taints: [
          ...(node.spec?.taints ?? []),
          { key: 'example.com/maintenance', effect: 'NoExecute' },
        ],
      },
    });
    const taintedAt = cluster.clock.now();
    await until(async () => (await evicted('plain')()) && (await evicted('now')()), 10, 1);

    await advanceTo(taintedAt + 60_000 - 1);
    expect(await evicted('brief')(), 'tolerated for 60 s').to.equal(false);
    await until(evicted('brief'), 10, 1);

    await cluster.clock.advance(600_000);
    expect(await evicted('forever')(), 'tolerated without a limit').to.equal(false);
  });
});
