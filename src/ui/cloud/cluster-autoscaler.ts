import type { Client } from '../../kernel/client/client.ts';
import type { EventRecorder } from '../../kernel/client/event-recorder.ts';
import { rfc3339, sleep, type Clock, type TimerHandle } from '../../kernel/clock/clock.ts';
import { isNotFound, StatusError } from '../../kernel/api/errors.ts';
import { nodes as nodeResource, pods as podResource } from '../../kernel/api/resources.ts';
import {
  computePodRequests,
  milliValue,
  wholeValue,
} from '../../kernel/scheduler/pod-resources.ts';
import type { Node, Pod, ResourceList } from '../../kernel/types/core.ts';
import {
  emptySimulatedNode,
  fitFailure,
  placeFirstFit,
  simulateNode,
  type SimulatedNode,
} from './node-fit.ts';

/**
 * The cloud behind the autoscaler's one node group (the page's NodeFleet): what a new node
 * looks like when no worker is left to copy, starting one, and stopping one's machine.
 */
export interface CloudProvider {
  /** Allocatable resources and labels of a new worker, used when the group has no node to copy. */
  template(): { allocatable: ResourceList; labels: Record<string, string> };
  /** Starts a worker; resolves to its name once its kubelet has registered it. */
  addNode(): Promise<string>;
  /** Stops a worker's machine (its Node object is the autoscaler's to delete). */
  removeNode(name: string): Promise<void>;
}

/** The group's size limits and cluster-autoscaler's timing flags, in autoscaler seconds. */
export interface AutoscalerOptions {
  /** Fewest workers scale-down leaves (--nodes min), 1 by default. */
  min?: number;
  /** Most workers scale-up makes (--nodes max), 5 by default. */
  max?: number;
  /** --scale-down-unneeded-time: 600 s. */
  scaleDownUnneededSeconds?: number;
  /** --scale-down-delay-after-add: 600 s. */
  scaleDownDelayAfterAddSeconds?: number;
  /** --scale-down-utilization-threshold: 0.5. */
  scaleDownUtilizationThreshold?: number;
  /** --scan-interval: 10 s. */
  scanIntervalSeconds?: number;
}

/** What `status()` reports, as the cluster-autoscaler-status ConfigMap would. */
export interface AutoscalerStatus {
  enabled: boolean;
  nodeGroup: string;
  min: number;
  max: number;
  /** Workers in the group at the last scan, not counting those being removed. */
  workers: number;
  /** Workers being started. */
  scaleUpInProgress: number;
  /** Workers being drained and removed. */
  scalingDown: string[];
  /** Workers found unneeded, and since when (RFC 3339). */
  unneeded: { node: string; since: string }[];
  lastScaleUpTime?: string;
  lastScaleDownTime?: string;
}

/** The node group's name in events (a kind cluster's workers). */
export const nodeGroupName = 'playground-workers';
/** The taint cluster-autoscaler puts on a node it is removing. */
export const toBeDeletedTaint = 'ToBeDeletedByClusterAutoscaler';
/** Pods annotated `false` here keep their node (cluster-autoscaler's safe-to-evict). */
export const safeToEvictAnnotation = 'cluster-autoscaler.kubernetes.io/safe-to-evict';

const controlPlaneLabel = 'node-role.kubernetes.io/control-plane';
/** How long eviction is retried while a PodDisruptionBudget refuses it (--max-pod-eviction-time, 2 min). */
const maxPodEvictionSeconds = 120;
/** How long evicted pods get to go (--max-graceful-termination-sec, 600 s). */
const maxGracefulTerminationSeconds = 600;
/** How often a refused eviction is retried. */
const evictionRetrySeconds = 5;

const defaults = {
  min: 1,
  max: 5,
  scaleDownUnneededSeconds: 600,
  scaleDownDelayAfterAddSeconds: 600,
  scaleDownUtilizationThreshold: 0.5,
  scanIntervalSeconds: 10,
};

const isWorker = (node: Node) => node.metadata.labels?.[controlPlaneLabel] === undefined;
const isReady = (node: Node) =>
  node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
const isTerminal = (pod: Pod) =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isDaemonSetPod = (pod: Pod) =>
  pod.metadata.ownerReferences?.some((r) => r.controller && r.kind === 'DaemonSet') ?? false;
const isMirrorPod = (pod: Pod) =>
  pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
const hasController = (pod: Pod) =>
  pod.metadata.ownerReferences?.some((r) => r.controller) ?? false;

/** Pending pods the scheduler found no room for (PodScheduled False, reason Unschedulable). */
function isUnschedulable(pod: Pod): boolean {
  if (pod.spec.nodeName || pod.metadata.deletionTimestamp || isTerminal(pod)) return false;
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return scheduled?.status === 'False' && scheduled.reason === 'Unschedulable';
}

/** "1 Insufficient cpu, 2 max node group size reached", as the autoscaler sums its reasons. */
function reasonCounts(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).join(', ');
}

/**
 * A cluster-autoscaler for one node group, the page's workers. Every scan it lists Nodes and
 * Pods through the API: pods the scheduler marked Unschedulable that fit nowhere now (counting
 * nodes still starting) but would fit a new worker make it add nodes, up to `max`
 * (TriggeredScaleUp on each pod); those that would not fit even a fresh worker, or for which
 * the group is at its maximum, get NotTriggerScaleUp. A worker whose pods request under the
 * utilization threshold of its allocatable cpu and memory, and whose pods could all move to
 * other nodes, is unneeded; once unneeded for the unneeded time (and not within the delay after
 * a scale-up), one such worker at a time is tainted and cordoned, its pods evicted through the
 * eviction API (PodDisruptionBudgets may refuse, and make the scale-down fail), then its
 * machine is stopped and its Node deleted, never going below `min`. Time comes from `clock`;
 * `second` is how many clock milliseconds one of the autoscaler's seconds lasts.
 */
export class ClusterAutoscaler {
  private options: Required<AutoscalerOptions> = { ...defaults };
  private timer?: TimerHandle;
  private scanning?: Promise<void>;
  private adding = 0;
  private readonly removing = new Set<string>();
  private readonly unneededSince = new Map<string, number>();
  private lastScaleUp?: number;
  private lastScaleDown?: number;
  private workers = 0;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly cloud: CloudProvider,
    private readonly recorder: EventRecorder,
    private readonly second = 1000,
  ) {}

  /** Starts scanning (or takes new options); rejects a RangeError for limits that make no sense. */
  enable(options: AutoscalerOptions = {}): void {
    const next = { ...defaults, ...options };
    if (!Number.isInteger(next.min) || next.min < 0)
      throw new RangeError(`min must be a non-negative integer, got ${next.min}`);
    if (!Number.isInteger(next.max) || next.max < next.min)
      throw new RangeError(`max (${next.max}) must be an integer no less than min (${next.min})`);
    this.options = next;
    if (!this.timer) this.schedule();
  }

  /** Stops scanning; a scale-up or scale-down under way finishes. */
  disable(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.unneededSince.clear();
  }

  get enabled(): boolean {
    return this.timer !== undefined;
  }

  status(): AutoscalerStatus {
    return {
      enabled: this.enabled,
      nodeGroup: nodeGroupName,
      min: this.options.min,
      max: this.options.max,
      workers: this.workers,
      scaleUpInProgress: this.adding,
      scalingDown: [...this.removing],
      unneeded: [...this.unneededSince].map(([node, since]) => ({ node, since: rfc3339(since) })),
      ...(this.lastScaleUp !== undefined ? { lastScaleUpTime: rfc3339(this.lastScaleUp) } : {}),
      ...(this.lastScaleDown !== undefined
        ? { lastScaleDownTime: rfc3339(this.lastScaleDown) }
        : {}),
    };
  }

  private schedule(): void {
    this.timer = this.clock.setTimer(this.options.scanIntervalSeconds * this.second, () => {
      void this.scan().finally(() => {
        if (this.timer) this.schedule();
      });
    });
  }

  /** One loop of the autoscaler (the timer calls it every scan interval); scans never overlap. */
  scan(): Promise<void> {
    this.scanning ??= this.runOnce()
      .catch((err) => console.error('cluster-autoscaler: scan failed:', err))
      .finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async runOnce(): Promise<void> {
    const nodes = (await this.client.list<Node>(nodeResource)).items;
    const pods = (await this.client.list<Pod>(podResource)).items;
    const byNode = new Map<string, Pod[]>();
    for (const pod of pods) {
      if (!pod.spec.nodeName || isTerminal(pod)) continue;
      const list = byNode.get(pod.spec.nodeName) ?? [];
      list.push(pod);
      byNode.set(pod.spec.nodeName, list);
    }
    const group = nodes.filter((n) => isWorker(n) && !this.removing.has(n.metadata.name!));
    this.workers = group.length;
    const size = group.length + this.adding;
    const template = this.template(group);

    // Where pending pods could go now: nodes that take pods, and nodes still starting.
    const schedulable = (n: Node) =>
      isReady(n) &&
      !n.spec?.unschedulable &&
      !this.removing.has(n.metadata.name!) &&
      !(n.spec?.taints ?? []).some((t) => t.key === toBeDeletedTaint);
    const room = nodes
      .filter(schedulable)
      .map((n) => simulateNode(n, byNode.get(n.metadata.name!) ?? []));
    const starting = group.filter((n) => !isReady(n)).length + this.adding;
    for (let i = 0; i < starting; i++) room.push(template(`upcoming-${i}`));

    const pending = pods.filter(isUnschedulable);
    const helpless = pending.filter((pod) => !placeFirstFit(pod, room));
    if (helpless.length > 0) {
      await this.scaleUp(helpless, size, template);
      return;
    }
    this.findUnneeded(group, byNode, room.slice(0, room.length - starting));
    this.maybeScaleDown(group, byNode);
  }

  /** A fresh worker of the group: a copy of a Ready worker, or the cloud's template. */
  private template(group: Node[]): (name: string) => SimulatedNode {
    const model = group.find(isReady);
    if (model) {
      const labels = { ...model.metadata.labels };
      delete labels['kubernetes.io/hostname'];
      const allocatable = model.status?.allocatable ?? model.status?.capacity ?? {};
      return (name) => emptySimulatedNode(name, allocatable, labels);
    }
    const { allocatable, labels } = this.cloud.template();
    return (name) => emptySimulatedNode(name, allocatable, labels);
  }

  private async scaleUp(
    helpless: Pod[],
    size: number,
    template: (name: string) => SimulatedNode,
  ): Promise<void> {
    const { max } = this.options;
    const fresh: SimulatedNode[] = [];
    const helped = new Map<Pod, number>();
    const refused: { pod: Pod; reason: string }[] = [];
    for (const pod of helpless) {
      const reason = fitFailure(pod, template('template'));
      if (reason) {
        refused.push({ pod, reason });
        continue;
      }
      let node = placeFirstFit(pod, fresh);
      if (!node) {
        fresh.push(template(`new-${fresh.length}`));
        node = placeFirstFit(pod, fresh)!;
      }
      helped.set(pod, fresh.indexOf(node));
    }
    const added = Math.max(0, Math.min(fresh.length, max - size));
    const message = `pod triggered scale-up: [{${nodeGroupName} ${size}->${size + added} (max: ${max})}]`;
    const events: Promise<void>[] = [];
    for (const [pod, index] of helped) {
      if (index < added)
        events.push(this.recorder.record(pod, 'Normal', 'TriggeredScaleUp', message));
      else refused.push({ pod, reason: 'max node group size reached' });
    }
    for (const { pod, reason } of refused) {
      events.push(
        this.recorder.record(
          pod,
          'Normal',
          'NotTriggerScaleUp',
          `pod didn't trigger scale-up: ${reasonCounts([reason])}`,
        ),
      );
    }
    await Promise.all(events);
    if (added === 0) return;
    this.lastScaleUp = this.clock.now();
    this.unneededSince.clear();
    for (let i = 0; i < added; i++) {
      this.adding++;
      void this.cloud
        .addNode()
        .catch((err) => console.error('cluster-autoscaler: adding a node failed:', err))
        .finally(() => this.adding--);
    }
  }

  /** Marks the group's workers unneeded (since when) or needed again. */
  private findUnneeded(group: Node[], byNode: Map<string, Pod[]>, room: SimulatedNode[]): void {
    const { scaleDownUtilizationThreshold } = this.options;
    const seen = new Set<string>();
    // Each node found unneeded keeps the room its pods would take, so two nodes are not both
    // emptied onto the same space.
    const others = room;
    for (const node of group) {
      const name = node.metadata.name!;
      if (!isReady(node) || this.removing.has(name)) continue;
      const podsOnIt = byNode.get(name) ?? [];
      if (utilization(node, podsOnIt) >= scaleDownUtilizationThreshold) continue;
      const movable = podsOnIt.filter((p) => !isDaemonSetPod(p) && !isMirrorPod(p));
      if (
        movable.some(
          (p) => !hasController(p) || p.metadata.annotations?.[safeToEvictAnnotation] === 'false',
        )
      )
        continue;
      const trial = others
        .filter((n) => n.name !== name)
        .map((n) => ({ ...n, free: { ...n.free } }));
      if (!movable.every((p) => placeFirstFit(p, trial))) continue;
      // Commit the move in the simulation; this node's own room is no longer there.
      for (const n of trial) {
        const real = others.find((o) => o.name === n.name)!;
        real.free = n.free;
      }
      others.splice(
        others.findIndex((o) => o.name === name),
        1,
      );
      seen.add(name);
      if (!this.unneededSince.has(name)) this.unneededSince.set(name, this.clock.now());
    }
    for (const name of [...this.unneededSince.keys()])
      if (!seen.has(name)) this.unneededSince.delete(name);
  }

  private maybeScaleDown(group: Node[], byNode: Map<string, Pod[]>): void {
    const now = this.clock.now();
    const { min, scaleDownUnneededSeconds, scaleDownDelayAfterAddSeconds } = this.options;
    if (this.removing.size > 0 || this.adding > 0) return;
    if (
      this.lastScaleUp !== undefined &&
      now - this.lastScaleUp < scaleDownDelayAfterAddSeconds * this.second
    )
      return;
    if (group.length <= min) return;
    const ripe = [...this.unneededSince]
      .filter(([, since]) => now - since >= scaleDownUnneededSeconds * this.second)
      .sort((a, b) => a[1] - b[1])[0];
    if (!ripe) return;
    const node = group.find((n) => n.metadata.name === ripe[0]);
    if (!node) return;
    this.unneededSince.delete(ripe[0]);
    void this.scaleDown(node, byNode.get(ripe[0]) ?? []);
  }

  /** Taints and cordons `node`, evicts its pods, stops its machine and deletes its Node. */
  private async scaleDown(node: Node, podsOnIt: Pod[]): Promise<void> {
    const name = node.metadata.name!;
    this.removing.add(name);
    try {
      const taints = [
        ...(node.spec?.taints ?? []),
        {
          key: toBeDeletedTaint,
          value: String(Math.floor(this.clock.now() / 1000)),
          effect: 'NoSchedule' as const,
        },
      ];
      await this.client.patch<Node>(
        nodeResource,
        undefined,
        name,
        { spec: { unschedulable: true, taints } },
        'merge',
      );
      await this.recorder.record(
        node,
        'Normal',
        'ScaleDown',
        'marked the node as toBeDeleted/unschedulable',
      );
      const movable = podsOnIt.filter((p) => !isDaemonSetPod(p) && !isMirrorPod(p));
      const drained = await Promise.all(movable.map((pod) => this.evict(pod)));
      if (!drained.every(Boolean)) {
        await this.recorder.record(
          node,
          'Warning',
          'ScaleDownFailed',
          'failed to drain the node, aborting ScaleDown',
        );
        await this.client.patch<Node>(
          nodeResource,
          undefined,
          name,
          {
            spec: {
              unschedulable: node.spec?.unschedulable ?? false,
              taints: node.spec?.taints ?? [],
            },
          },
          'merge',
        );
        return;
      }
      await this.awaitGone(name, movable);
      await this.recorder.record(node, 'Normal', 'ScaleDown', 'node removed by cluster autoscaler');
      await this.cloud.removeNode(name);
      try {
        await this.client.delete(nodeResource, undefined, name);
      } catch (err) {
        if (!(err instanceof StatusError && isNotFound(err))) throw err;
      }
      this.lastScaleDown = this.clock.now();
    } catch (err) {
      console.error(`cluster-autoscaler: removing node ${name} failed:`, err);
    } finally {
      this.removing.delete(name);
    }
  }

  /** Evicts a pod, retrying while a PodDisruptionBudget refuses (429); false when it never could. */
  private async evict(pod: Pod): Promise<boolean> {
    const { name, namespace } = pod.metadata;
    await this.recorder.record(pod, 'Normal', 'ScaleDown', 'deleting pod for node scale down');
    const deadline = this.clock.now() + maxPodEvictionSeconds * this.second;
    for (;;) {
      try {
        await this.client.createSubresource(podResource, namespace, name!, 'eviction', {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name, namespace },
        });
        return true;
      } catch (err) {
        if (!(err instanceof StatusError)) throw err;
        if (isNotFound(err)) return true;
        if (err.code !== 429 || this.clock.now() >= deadline) return false;
      }
      await sleep(this.clock, evictionRetrySeconds * this.second);
    }
  }

  /** Waits (polling each autoscaler second) until the evicted pods are off the node. */
  private async awaitGone(nodeName: string, evicted: Pod[]): Promise<void> {
    const uids = new Set(evicted.map((p) => p.metadata.uid));
    const deadline = this.clock.now() + maxGracefulTerminationSeconds * this.second;
    while (uids.size > 0 && this.clock.now() < deadline) {
      const left = (
        await this.client.list<Pod>(podResource, undefined, {
          fieldSelector: `spec.nodeName=${nodeName}`,
        })
      ).items.filter((p) => uids.has(p.metadata.uid) && !isTerminal(p));
      if (left.length === 0) return;
      await sleep(this.clock, this.second);
    }
  }
}

/** The larger of a node's requested cpu and memory shares of its allocatable (0 to 1+). */
function utilization(node: Node, podsOnIt: Pod[]): number {
  const allocatable = node.status?.allocatable ?? node.status?.capacity ?? {};
  const cpu = allocatable.cpu === undefined ? 0 : milliValue(allocatable.cpu);
  const memory = allocatable.memory === undefined ? 0 : wholeValue(allocatable.memory);
  let usedCpu = 0;
  let usedMemory = 0;
  for (const pod of podsOnIt) {
    const r = computePodRequests(pod);
    usedCpu += r.milliCPU;
    usedMemory += r.memory;
  }
  return Math.max(cpu > 0 ? usedCpu / cpu : 0, memory > 0 ? usedMemory / memory : 0);
}
