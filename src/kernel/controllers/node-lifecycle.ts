import { isNotFound } from '../api/errors.ts';
import { leases, nodes, pods } from '../api/resources.ts';
import { rfc3339, type Clock } from '../clock/clock.ts';
import { pacedTimer } from '../clock/paced-timer.ts';
import type { Timing } from '../clock/presets.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import type { Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { Lease } from '../types/coordination.ts';
import type { Node, NodeCondition, Pod } from '../types/core.ts';
import type { KubeObject } from '../types/meta.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import { markPodsNotReady } from './node-lifecycle-pods.ts';
import {
  conditionTaints,
  hasTaint,
  isConditionTaint,
  nodeCondition,
  notReadyNoExecute,
  swapNodeTaints,
  taintMatches,
  unreachableNoExecute,
} from './node-lifecycle-taints.ts';
import {
  computeZoneState,
  EvictionLimiter,
  zoneKey,
  type ZoneState,
} from './node-lifecycle-zones.ts';

/** The namespace where kubelets keep their heartbeat Leases. */
export const nodeLeaseNamespace = 'kube-node-lease';

/** Work-queue keys of the periodic passes; node names cannot contain `@`, pod keys contain `/`. */
const monitorKey = '@monitor';
const taintKey = '@taint';
const podsByNode = 'node-lifecycle/node-name';
/** Conditions the controller turns Unknown when the kubelet goes silent (NetworkUnavailable is not the kubelet's). */
const kubeletConditionTypes = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
/** Nodes with this label do not count towards zone disruption. */
const excludeDisruptionLabel = 'node.kubernetes.io/exclude-disruption';
/** Attempts at marking one node's health before giving up until the next pass. */
const healthAttempts = 5;
/**
 * How late a monitor pass may be, as a multiple of its period, and still count in full towards
 * the controller's watched real time. Later than that this worker itself was stalled (a loaded
 * page): the heartbeats sent meanwhile may be queued behind the late pass, so a node is not
 * blamed for time nobody was looking. Staleness is thus counted in monitor ticks.
 */
const passLateness = 2;

export interface NodeLifecycleOptions {
  /** Nodes tainted per declared second in a healthy zone (--node-eviction-rate, 0.1). */
  evictionLimiterQPS?: number;
  /** The rate in a partially disrupted large zone (--secondary-node-eviction-rate, 0.01). */
  secondaryEvictionLimiterQPS?: number;
  /** Zones up to this size stop tainting when partially disrupted (--large-cluster-size-threshold, 50). */
  largeClusterThreshold?: number;
  /** Share of not-Ready nodes that makes a zone partially disrupted (--unhealthy-zone-threshold, 0.55). */
  unhealthyZoneThreshold?: number;
  /** Grace for a node that never posted status (--node-startup-grace-period: 60 s, 1.2 × the monitor grace). */
  nodeStartupGracePeriod?: number;
}

interface NodeHealth {
  /** When this controller last saw a heartbeat (its own clock, not the kubelet's timestamps). */
  probeTimestamp: number;
  /** The same moment in real time, when the controller has real time. */
  probeReal?: RealStamp;
  readyTransitionTimestamp: number;
  /** The node's conditions when last observed. */
  conditions: NodeCondition[];
  leaseRenewTime?: string;
}

/** A moment in real time: the realTime clock's reading and the controller's watched time. */
interface RealStamp {
  real: number;
  watched: number;
}

interface HealthResult {
  /** Ready as the node had it before this pass. */
  observed: NodeCondition;
  /** Ready after this pass (possibly set Unknown by us); undefined when the node has none. */
  current?: NodeCondition;
}

interface ZoneTainter {
  limiter: EvictionLimiter;
  /** Nodes waiting for their NoExecute taint, in arrival order. */
  pending: Set<string>;
}

/**
 * The node lifecycle controller (kube-controller-manager's node-lifecycle-controller, whose
 * events come from `node-controller`). Every nodeMonitorPeriod it checks each node's
 * heartbeats (Lease renewTime and the Ready condition's lastHeartbeatTime); a node silent for
 * nodeMonitorGracePeriod of cluster time (and, given real time, long enough in real time too:
 * see `silentFor`) gets Ready/MemoryPressure/DiskPressure/PIDPressure Unknown
 * (`NodeStatusUnknown`, "Kubelet stopped posting node status."), a `NodeNotReady` event, and
 * its pods' Ready condition set False. Nodes whose Ready is Unknown or False get the
 * `unreachable`/`not-ready` NoExecute taint (rate-limited per zone, and not at all while every
 * zone is fully disrupted), which comes off once Ready is True; NoSchedule taints follow the
 * conditions and spec.unschedulable. Evicting the pods is the taint-eviction controller's job.
 */
export class NodeLifecycleController implements Controller {
  readonly name = 'node-controller';
  private client!: Client;
  private clock!: Clock;
  private realTime?: Clock;
  /**
   * Real time spent watching as of the latest monitor pass: each gap between passes counted
   * up to `passLateness` times the real time a pass period lasts at the clock's speed.
   */
  private watchedReal = 0;
  private lastPass?: { real: number; cluster: number };
  private timing!: Timing;
  private queue!: WorkQueue;
  private events!: EventRecorder;
  private nodeInformer!: Informer<Node>;
  private leaseInformer!: Informer<Lease>;
  private podInformer!: Informer<Pod>;
  private readonly known = new Map<string, string | undefined>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, ZoneTainter>();
  private readonly nodesToRetry = new Set<string>();
  private readonly qps: number;
  private readonly secondaryQps: number;
  private readonly largeClusterThreshold: number;
  private readonly unhealthyZoneThreshold: number;

  constructor(private readonly options: NodeLifecycleOptions = {}) {
    this.qps = options.evictionLimiterQPS ?? 0.1;
    this.secondaryQps = options.secondaryEvictionLimiterQPS ?? 0.01;
    this.largeClusterThreshold = options.largeClusterThreshold ?? 50;
    this.unhealthyZoneThreshold = options.unhealthyZoneThreshold ?? 0.55;
  }

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.clock = context.clock;
    this.realTime = context.realTime;
    this.timing = context.timing;
    this.queue = context.queue;
    this.events = context.events;
    this.nodeInformer = context.informers.for<Node>(nodes);
    this.leaseInformer = context.informers.for<Lease>(leases);
    this.podInformer = context.informers.for<Pod>(pods);
    this.podInformer.addIndex(podsByNode, (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    this.nodeInformer.addEventHandler({
      add: (node) => this.queue.add(node.metadata.name ?? ''),
      update: (_, node) => this.queue.add(node.metadata.name ?? ''),
      delete: (node) => this.nodesToRetry.delete(node.metadata.name ?? ''),
    });
    const podAssigned = (old: Pod | undefined, pod: Pod) => {
      if (pod.spec.nodeName && pod.spec.nodeName !== old?.spec.nodeName) {
        this.queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
      }
    };
    this.podInformer.addEventHandler({
      add: (pod) => podAssigned(undefined, pod),
      update: podAssigned,
    });
    this.queue.add(monitorKey);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (key === monitorKey) {
      await this.monitorNodeHealth();
      await this.noExecuteTaintingPass();
      const { nodeMonitorPeriod, minNodeMonitorRealPeriod } = this.timing;
      if (!this.realTime) return { requeueAfter: nodeMonitorPeriod };
      pacedTimer(this.clock, nodeMonitorPeriod, this.realTime, minNodeMonitorRealPeriod, () =>
        this.queue.add(monitorKey),
      );
      return;
    }
    if (key === taintKey) return this.noExecuteTaintingPass();
    if (key.includes('/')) return this.processPod(key);
    return this.noScheduleTaintingPass(key);
  }

  private get startupGracePeriod(): number {
    return (
      this.options.nodeStartupGracePeriod ?? Math.round(this.timing.nodeMonitorGracePeriod * 1.2)
    );
  }

  private async monitorNodeHealth(): Promise<void> {
    this.watch();
    const all = this.nodeInformer.list();
    const names = new Set(all.map((n) => n.metadata.name ?? ''));
    const failures: string[] = [];
    for (const node of all) {
      const name = node.metadata.name ?? '';
      if (this.known.has(name)) {
        this.ensureZone(node);
        continue;
      }
      void this.recordNodeEvent(node, 'RegisteredNode', `Registered Node ${name} in Controller`);
      this.known.set(name, node.metadata.uid);
      this.ensureZone(node);
      await this.markNodeAsReachable(node).catch((err) => failures.push(String(err)));
    }
    for (const [name, uid] of [...this.known]) {
      if (names.has(name)) continue;
      const gone: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid } };
      void this.recordNodeEvent(gone, 'RemovingNode', `Removing Node ${name} from Controller`);
      this.known.delete(name);
      this.health.delete(name);
      this.nodesToRetry.delete(name);
    }

    const zoneConditions = new Map<string, (NodeCondition | undefined)[]>();
    for (const cached of all) {
      try {
        await this.monitorNode(cached, zoneConditions);
      } catch (err) {
        failures.push(
          `${cached.metadata.name}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    await this.handleDisruption(zoneConditions, all);
    if (failures.length > 0) throw new Error(failures.join('; '));
  }

  private async monitorNode(
    cached: Node,
    zoneConditions: Map<string, (NodeCondition | undefined)[]>,
  ): Promise<void> {
    const name = cached.metadata.name ?? '';
    let node = structuredClone(cached);
    let result: HealthResult | undefined;
    for (let attempt = 1; !result; attempt++) {
      try {
        result = await this.tryUpdateNodeHealth(node);
      } catch (err) {
        if (attempt >= healthAttempts) throw err;
        try {
          node = await this.client.get<Node>(nodes, undefined, name);
        } catch (getErr) {
          if (isNotFound(getErr)) return;
          throw getErr;
        }
      }
    }
    if (!result) return;
    if (node.metadata.labels?.[excludeDisruptionLabel] === undefined) {
      const zone = zoneKey(node);
      zoneConditions.set(zone, [...(zoneConditions.get(zone) ?? []), result.current]);
    }
    const { observed, current } = result;
    if (current) {
      await this.processTaintBasedEviction(node, observed);
      const becameNotReady = current.status !== 'True' && observed.status === 'True';
      if (becameNotReady) void this.recordStatusChange(node, 'NodeNotReady');
      if (becameNotReady || (this.nodesToRetry.has(name) && observed.status !== 'True')) {
        const podsOnNode = this.podInformer.byIndex(podsByNode, name);
        const errors = await markPodsNotReady(
          this.client,
          this.events,
          podsOnNode,
          name,
          rfc3339(this.clock.now()),
        );
        if (errors.length > 0) {
          this.nodesToRetry.add(name);
          throw new Error(`unable to mark all pods NotReady on node ${name}: ${errors.join('; ')}`);
        }
      }
    }
    this.nodesToRetry.delete(name);
  }

  /**
   * Records when this controller last saw the node alive (a changed Ready heartbeat or a
   * renewed Lease) and, past the grace period, marks the kubelet's conditions Unknown.
   */
  private async tryUpdateNodeHealth(node: Node): Promise<HealthResult> {
    const name = node.metadata.name ?? '';
    const now = this.clock.now();
    const realNow = this.realStamp();
    const created = Date.parse(node.metadata.creationTimestamp ?? '') || now;
    const conditions = () => structuredClone(node.status?.conditions ?? []);
    let health = this.health.get(name);
    const currentReady = nodeCondition(node, 'Ready');
    let observed: NodeCondition;
    let grace: number;
    if (!currentReady) {
      // Never posted: pretend a heartbeat at creation, with the longer startup grace.
      observed = {
        type: 'Ready',
        status: 'Unknown',
        lastHeartbeatTime: node.metadata.creationTimestamp,
        lastTransitionTime: node.metadata.creationTimestamp,
      };
      grace = this.startupGracePeriod;
      if (health) health.conditions = conditions();
      else
        health = {
          conditions: conditions(),
          probeTimestamp: created,
          probeReal: realNow,
          readyTransitionTimestamp: created,
        };
    } else {
      observed = { ...currentReady };
      grace = this.timing.nodeMonitorGracePeriod;
    }

    const savedReady = health?.conditions.find((c) => c.type === 'Ready');
    const savedLease = health?.leaseRenewTime;
    if (!health || (!savedReady && currentReady) || (savedReady && !currentReady)) {
      health = {
        conditions: conditions(),
        probeTimestamp: now,
        probeReal: realNow,
        readyTransitionTimestamp: now,
      };
    } else if (
      savedReady &&
      currentReady &&
      savedReady.lastHeartbeatTime !== currentReady.lastHeartbeatTime
    ) {
      const transition =
        savedReady.lastTransitionTime !== currentReady.lastTransitionTime
          ? now
          : health.readyTransitionTimestamp;
      health = {
        conditions: conditions(),
        probeTimestamp: now,
        probeReal: realNow,
        readyTransitionTimestamp: transition,
      };
    }
    // A renewed Lease counts as a heartbeat even when the node status is not posted.
    const lease = this.leaseInformer.get(nodeLeaseNamespace, name);
    const renewTime = lease?.spec?.renewTime;
    if (renewTime && (savedLease === undefined || renewedAfter(savedLease, renewTime))) {
      health.leaseRenewTime = renewTime;
      health.probeTimestamp = now;
      health.probeReal = realNow;
    } else if (savedLease !== undefined) {
      health.leaseRenewTime = savedLease;
    }
    this.health.set(name, health);

    if (!silentFor(health, now, grace, realNow, this.timing.minNodeMonitorGraceReal))
      return { observed, current: currentReady };

    const stamp = rfc3339(now);
    node.status ??= {};
    const list = (node.status.conditions ??= []);
    for (const type of kubeletConditionTypes) {
      const condition = list.find((c) => c.type === type);
      if (!condition) {
        list.push({
          type,
          status: 'Unknown',
          reason: 'NodeStatusNeverUpdated',
          message: 'Kubelet never posted node status.',
          lastHeartbeatTime: node.metadata.creationTimestamp,
          lastTransitionTime: stamp,
        });
      } else if (condition.status !== 'Unknown') {
        condition.status = 'Unknown';
        condition.reason = 'NodeStatusUnknown';
        condition.message = 'Kubelet stopped posting node status.';
        condition.lastTransitionTime = stamp;
      }
    }
    const nowReady = nodeCondition(node, 'Ready');
    if (sameCondition(nowReady, observed)) return { observed, current: nowReady };
    const written = await this.client.updateStatus<Node>(nodes, node);
    node.metadata = written.metadata;
    this.health.set(name, {
      conditions: structuredClone(written.status?.conditions ?? []),
      probeTimestamp: health.probeTimestamp,
      probeReal: health.probeReal,
      readyTransitionTimestamp: now,
      leaseRenewTime: health.leaseRenewTime,
    });
    return { observed, current: nowReady };
  }

  /** Queues the NoExecute taint matching the Ready the node had, or removes it once Ready is True. */
  private async processTaintBasedEviction(node: Node, observed: NodeCondition): Promise<void> {
    const name = node.metadata.name ?? '';
    switch (observed.status) {
      case 'False':
        if (hasTaint(node, unreachableNoExecute)) {
          await swapNodeTaints(
            this.client,
            this.clock,
            name,
            [notReadyNoExecute],
            [unreachableNoExecute],
          );
        } else if (!hasTaint(node, notReadyNoExecute)) {
          this.tainter(node).pending.add(name);
        }
        break;
      case 'Unknown':
        if (hasTaint(node, notReadyNoExecute)) {
          await swapNodeTaints(
            this.client,
            this.clock,
            name,
            [unreachableNoExecute],
            [notReadyNoExecute],
          );
        } else if (!hasTaint(node, unreachableNoExecute)) {
          this.tainter(node).pending.add(name);
        }
        break;
      case 'True':
        await this.markNodeAsReachable(node);
        break;
    }
  }

  private async markNodeAsReachable(node: Node): Promise<void> {
    const name = node.metadata.name ?? '';
    this.tainter(node).pending.delete(name);
    if (hasTaint(node, unreachableNoExecute) || hasTaint(node, notReadyNoExecute)) {
      await swapNodeTaints(
        this.client,
        this.clock,
        name,
        [],
        [unreachableNoExecute, notReadyNoExecute],
      );
    }
  }

  /** Adds the queued NoExecute taints as each zone's rate limiter allows. */
  private async noExecuteTaintingPass(): Promise<void> {
    let wait = Infinity;
    for (const tainter of this.tainters.values()) {
      for (const name of [...tainter.pending]) {
        if (!tainter.limiter.tryAccept()) {
          wait = Math.min(wait, tainter.limiter.wait());
          break;
        }
        const node = this.nodeInformer.get(undefined, name);
        if (!node) {
          tainter.pending.delete(name);
          continue;
        }
        const ready = nodeCondition(node, 'Ready');
        let done = true;
        if (ready?.status === 'False') {
          done = await swapNodeTaints(
            this.client,
            this.clock,
            name,
            [notReadyNoExecute],
            [unreachableNoExecute],
          );
        } else if (ready?.status === 'Unknown') {
          done = await swapNodeTaints(
            this.client,
            this.clock,
            name,
            [unreachableNoExecute],
            [notReadyNoExecute],
          );
        } else if (!ready) {
          done = false;
        }
        if (done) tainter.pending.delete(name);
      }
    }
    if (Number.isFinite(wait)) this.queue.addAfter(taintKey, Math.max(1, wait));
  }

  /**
   * Zone disruption: when every zone has no Ready node the controller assumes the problem is
   * its own (a partition) and stops tainting, removing NoExecute taints; a partially
   * disrupted small zone stops tainting too; otherwise tainting runs at the normal rate.
   */
  private async handleDisruption(
    zoneConditions: Map<string, (NodeCondition | undefined)[]>,
    all: Node[],
  ): Promise<void> {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conditions] of zoneConditions) {
      const state = computeZoneState(conditions, this.unhealthyZoneThreshold);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;

    if (allAreFullyDisrupted) {
      for (const node of all) await this.markNodeAsReachable(node);
      for (const zone of this.zoneStates.keys()) {
        this.tainterFor(zone).limiter.setQps(0);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      // Leaving disruption: give every node a fresh grace period before judging it again.
      const now = this.clock.now();
      const probeReal = this.realStamp();
      for (const node of all) {
        const health = this.health.get(node.metadata.name ?? '');
        if (health)
          Object.assign(health, { probeTimestamp: now, probeReal, readyTransitionTimestamp: now });
      }
      for (const zone of this.zoneStates.keys()) {
        const state = newStates.get(zone)!;
        this.setLimiter(zone, zoneConditions.get(zone)!.length, state);
        this.zoneStates.set(zone, state);
      }
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone)!;
      if (state === next) continue;
      this.setLimiter(zone, zoneConditions.get(zone)!.length, next);
      this.zoneStates.set(zone, next);
    }
  }

  private setLimiter(zone: string, size: number, state: ZoneState): void {
    const limiter = this.tainterFor(zone).limiter;
    if (state === 'PartialDisruption')
      limiter.setQps(size > this.largeClusterThreshold ? this.secondaryQps : 0);
    else limiter.setQps(this.qps);
  }

  /** Adds the real time since the previous monitor pass to `watchedReal`, up to `passLateness` periods. */
  private watch(): void {
    const real = this.realTime?.now();
    if (real === undefined) return;
    const cluster = this.clock.now();
    if (this.lastPass) {
      const realGap = Math.max(0, real - this.lastPass.real);
      const clusterGap = cluster - this.lastPass.cluster;
      // A pass is due after nodeMonitorPeriod of cluster time and minNodeMonitorRealPeriod
      // of real time, whichever is later in real time at the speed the clock ran.
      const { nodeMonitorPeriod, minNodeMonitorRealPeriod } = this.timing;
      const period =
        clusterGap > 0
          ? Math.max(minNodeMonitorRealPeriod, (nodeMonitorPeriod * realGap) / clusterGap)
          : minNodeMonitorRealPeriod;
      this.watchedReal += Math.min(realGap, passLateness * period);
    }
    this.lastPass = { real, cluster };
  }

  private realStamp(): RealStamp | undefined {
    if (!this.realTime) return undefined;
    return { real: this.realTime.now(), watched: this.watchedReal };
  }

  private ensureZone(node: Node): void {
    const zone = zoneKey(node);
    if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    this.tainterFor(zone);
  }

  private tainter(node: Node): ZoneTainter {
    return this.tainterFor(zoneKey(node));
  }

  private tainterFor(zone: string): ZoneTainter {
    let tainter = this.tainters.get(zone);
    if (!tainter) {
      tainter = {
        limiter: new EvictionLimiter(this.qps, this.clock, this.timing.declaredSecond),
        pending: new Set(),
      };
      this.tainters.set(zone, tainter);
    }
    return tainter;
  }

  /** Keeps the condition-driven NoSchedule taints in line with the node (doNoScheduleTaintingPass). */
  private async noScheduleTaintingPass(name: string): Promise<void> {
    const node = this.nodeInformer.get(undefined, name);
    if (!node) return;
    const wanted = conditionTaints(node);
    const present = (node.spec?.taints ?? []).filter(isConditionTaint);
    const add = wanted.filter((t) => !present.some((p) => taintMatches(p, t)));
    const remove = present.filter((p) => !wanted.some((t) => taintMatches(p, t)));
    if (add.length === 0 && remove.length === 0) return;
    if (!(await swapNodeTaints(this.client, this.clock, name, add, remove))) {
      if (this.nodeInformer.get(undefined, name))
        throw new Error(`failed to swap taints of node ${name}`);
    }
  }

  /** A pod newly bound to a node that is not Ready is marked not Ready at once. */
  private async processPod(key: string): Promise<void> {
    const pod = this.podInformer.getByKey(key);
    const nodeName = pod?.spec.nodeName;
    if (!pod || !nodeName) return;
    const ready = this.health.get(nodeName)?.conditions.find((c) => c.type === 'Ready');
    if (!ready || !this.nodeInformer.get(undefined, nodeName)) return;
    if (ready.status === 'True') return;
    const errors = await markPodsNotReady(
      this.client,
      this.events,
      [pod],
      nodeName,
      rfc3339(this.clock.now()),
    );
    if (errors.length > 0) throw new Error(errors.join('; '));
  }

  private recordNodeEvent(node: KubeObject, reason: string, event: string): Promise<void> {
    const name = node.metadata.name ?? '';
    return this.events.record(nodeRef(node), 'Normal', reason, `Node ${name} event: ${event}`);
  }

  private recordStatusChange(node: Node, status: string): Promise<void> {
    const name = node.metadata.name ?? '';
    return this.events.record(
      nodeRef(node),
      'Normal',
      status,
      `Node ${name} status is now: ${status}`,
    );
  }
}

/** The reference node events carry: kind, name and uid, no namespace. */
function nodeRef(node: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: node.metadata.name, uid: node.metadata.uid },
  };
}

/**
 * True when the node has been silent past its grace: `grace` of cluster time since the last
 * heartbeat seen (Kubernetes' rule) and, when real time is known, `grace × speed` of watched
 * real time, `speed` being how fast the clock ran meanwhile, capped at `minReal`. At 1× both
 * are the grace; faster, the real silence asked of a node does not shrink with the speed but
 * grows up to `minReal`, the time a heartbeat across a busy page's workers can be promised.
 * A preset whose grace at its fastest speed exceeds `minReal` (Kubernetes' 50 s at 60× is
 * 833 ms against 800) keeps Kubernetes' cluster-time timeline.
 */
function silentFor(
  health: NodeHealth,
  now: number,
  grace: number,
  realNow: RealStamp | undefined,
  minReal: number,
): boolean {
  const silence = now - health.probeTimestamp;
  if (silence <= grace) return false;
  if (!realNow || !health.probeReal) return true;
  const real = realNow.real - health.probeReal.real;
  const needed = real > 0 ? Math.min(minReal, (grace * silence) / real) : minReal;
  return realNow.watched - health.probeReal.watched > needed;
}

/** True when `next` is a later renewal than `previous` (MicroTime strings). */
function renewedAfter(previous: string, next: string): boolean {
  if (previous === next) return false;
  const a = Date.parse(previous);
  const b = Date.parse(next);
  return Number.isNaN(a) || Number.isNaN(b) || b >= a;
}

function sameCondition(a: NodeCondition | undefined, b: NodeCondition): boolean {
  return (
    !!a &&
    a.status === b.status &&
    a.reason === b.reason &&
    a.message === b.message &&
    a.lastHeartbeatTime === b.lastHeartbeatTime &&
    a.lastTransitionTime === b.lastTransitionTime
  );
}
