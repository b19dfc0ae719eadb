import { isNotFound } from '../api/errors.ts';
import { nodes, pods } from '../api/resources.ts';
import { rfc3339, type Clock } from '../clock/clock.ts';
import type { Timing } from '../clock/presets.ts';
import type { Client } from '../client/client.ts';
import type { Informer } from '../client/informer.ts';
import type { Node, Pod, PodCondition } from '../types/core.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import { updatePodCondition, updatePodStatus } from './node-lifecycle-pods.ts';
import { nodeCondition } from './node-lifecycle-taints.ts';

/** The single work-queue key: the collector runs as one periodic pass. */
const gcKey = '@gc';
/** How often the pass runs, in declared seconds (gcCheckPeriod). */
const gcCheckPeriodSeconds = 20;
/** How long a node must stay missing before its pods count as orphaned, in declared seconds. */
const quarantineSeconds = 40;
/** The taint an administrator puts on a dead node to let its terminating pods go. */
const outOfServiceTaintKey = 'node.kubernetes.io/out-of-service';

export interface PodGcOptions {
  /**
   * Terminated (Succeeded/Failed) pods kept before the oldest are deleted
   * (--terminated-pod-gc-threshold, 12500); 0 or less keeps them all.
   */
  terminatedPodThreshold?: number;
  /**
   * Not Kubernetes: also force-delete a pod on an existing node once its deletionTimestamp
   * (the end of its grace period) has passed, as if its kubelet had confirmed. Kubernetes
   * leaves such pods Terminating until the node returns, is deleted, or is marked out of
   * service; off by default.
   */
  forceDeleteExpiredTerminating?: boolean;
}

/**
 * The pod garbage collector (pod-garbage-collector): every 20 declared seconds it
 * force-deletes (gracePeriodSeconds 0) pods bound to a node that no longer exists (after a
 * 40-second quarantine and a live check, marking them Failed with a DisruptionTarget
 * condition first), terminating pods that were never scheduled, terminating pods on a
 * not-Ready node tainted `node.kubernetes.io/out-of-service`, and the oldest terminated pods
 * beyond the threshold.
 */
export class PodGcController implements Controller {
  readonly name = 'pod-garbage-collector';
  private client!: Client;
  private clock!: Clock;
  private timing!: Timing;
  private podInformer!: Informer<Pod>;
  private nodeInformer!: Informer<Node>;
  /** Nodes seen missing, with when they were first missed. */
  private readonly missingSince = new Map<string, number>();

  constructor(private readonly options: PodGcOptions = {}) {}

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.clock = context.clock;
    this.timing = context.timing;
    this.podInformer = context.informers.for<Pod>(pods);
    this.nodeInformer = context.informers.for<Node>(nodes);
    context.queue.add(gcKey);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (key !== gcKey) return;
    const all = this.podInformer.list();
    const errors: string[] = [];
    const collect = async (pod: Pod, condition?: PodCondition) => {
      try {
        await this.markFailedAndDelete(pod, condition);
      } catch (err) {
        errors.push(
          `${pod.metadata.namespace}/${pod.metadata.name}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    };
    for (const pod of this.terminatedBeyondThreshold(all)) await collect(pod);
    for (const pod of this.terminatingOnDeadNodes(all)) await collect(pod);
    for (const pod of await this.orphaned(all)) {
      await collect(pod, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      });
    }
    for (const pod of all) {
      if (pod.metadata.deletionTimestamp && !pod.spec.nodeName) await collect(pod);
    }
    if (errors.length > 0) throw new Error(errors.join('; '));
    return { requeueAfter: gcCheckPeriodSeconds * this.timing.declaredSecond };
  }

  /** The oldest Succeeded/Failed pods beyond the threshold (gcTerminated). */
  private terminatedBeyondThreshold(all: Pod[]): Pod[] {
    const threshold = this.options.terminatedPodThreshold ?? 12500;
    if (threshold <= 0) return [];
    const terminated = all.filter(
      (p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed',
    );
    if (terminated.length <= threshold) return [];
    terminated.sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
    return terminated.slice(0, terminated.length - threshold);
  }

  /**
   * Terminating pods whose node will not confirm: on a not-Ready node marked out of service
   * (gcTerminating), and, when enabled, any whose deletionTimestamp has passed.
   */
  private terminatingOnDeadNodes(all: Pod[]): Pod[] {
    const now = this.clock.now();
    return all.filter((pod) => {
      const nodeName = pod.spec.nodeName;
      if (!pod.metadata.deletionTimestamp || !nodeName) return false;
      const node = this.nodeInformer.get(undefined, nodeName);
      if (!node) return false;
      const outOfService =
        nodeCondition(node, 'Ready')?.status !== 'True' &&
        (node.spec?.taints ?? []).some((t) => t.key === outOfServiceTaintKey);
      if (outOfService) return true;
      return (
        !!this.options.forceDeleteExpiredTerminating &&
        Date.parse(pod.metadata.deletionTimestamp) <= now
      );
    });
  }

  /**
   * Pods bound to nodes that are gone: a node missing from the cache is quarantined first,
   * then confirmed absent with a live read, so a node being re-created keeps its pods.
   */
  private async orphaned(all: Pod[]): Promise<Pod[]> {
    const now = this.clock.now();
    const quarantine = quarantineSeconds * this.timing.declaredSecond;
    const missing = new Set<string>();
    for (const pod of all) {
      const nodeName = pod.spec.nodeName;
      if (nodeName && !this.nodeInformer.get(undefined, nodeName)) missing.add(nodeName);
    }
    for (const name of [...this.missingSince.keys()])
      if (!missing.has(name)) this.missingSince.delete(name);
    const deleted = new Set<string>();
    for (const name of missing) {
      const since = this.missingSince.get(name);
      if (since === undefined) {
        this.missingSince.set(name, now);
        continue;
      }
      if (now - since < quarantine) continue;
      try {
        await this.client.get(nodes, undefined, name);
        this.missingSince.delete(name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        deleted.add(name);
      }
    }
    return all.filter((pod) => pod.spec.nodeName && deleted.has(pod.spec.nodeName));
  }

  /** Marks a still-running pod Failed (with `condition`) and deletes it with gracePeriodSeconds 0. */
  private async markFailedAndDelete(pod: Pod, condition?: PodCondition): Promise<void> {
    const { namespace = '', name = '' } = pod.metadata;
    const now = rfc3339(this.clock.now());
    const live = await updatePodStatus(this.client, namespace, name, (p) => {
      if (p.metadata.uid !== pod.metadata.uid) return false;
      const phase = p.status!.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return false;
      p.status!.phase = 'Failed';
      if (condition) updatePodCondition(p.status!, condition, now);
      return true;
    });
    if (!live || live.metadata.uid !== pod.metadata.uid) return;
    try {
      await this.client.delete(pods, namespace, name, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
