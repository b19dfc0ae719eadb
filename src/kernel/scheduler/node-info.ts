import type { Node, Taint } from '../types/core.ts';
import type { PodInfo } from './pod-info.ts';
import { isScalarResource, milliValue, wholeValue, type ResourceAmounts } from './pod-resources.ts';

/** What a node offers: its allocatable resources and how many pods it takes. */
export class Allocatable implements ResourceAmounts {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  scalar: Map<string, number> | null = null;
  pods = 0;
}

/** Running sums of what the node's pods request. */
class Requested implements ResourceAmounts {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  scalar: Map<string, number> | null = null;
}

let generations = 0;

const noTaints: Taint[] = [];

function allocatableOf(node: Node): Allocatable {
  const amounts = new Allocatable();
  const list = node.status?.allocatable ?? {};
  for (const name in list) {
    const q = list[name];
    if (name === 'cpu') amounts.milliCPU = milliValue(q);
    else if (name === 'memory') amounts.memory = wholeValue(q);
    else if (name === 'ephemeral-storage') amounts.ephemeralStorage = wholeValue(q);
    else if (name === 'pods') amounts.pods = wholeValue(q);
    else if (isScalarResource(name)) {
      amounts.scalar ??= new Map();
      amounts.scalar.set(name, wholeValue(q));
    }
  }
  return amounts;
}

/**
 * One node as the scheduler sees it (framework.NodeInfo): the Node, the pods accounted to it
 * (bound and assumed), and running totals of what they request, kept up to date incrementally
 * by the scheduler cache so a scheduling cycle reads them without recomputing anything.
 * Plugins read a NodeInfo and never change it.
 */
export class NodeInfo {
  /** Undefined while pods name a node the cache has not seen yet. */
  node: Node | undefined;
  labels: Readonly<Record<string, string>> = {};
  unschedulable = false;
  /** NoSchedule and NoExecute taints: the ones a pod must tolerate to be placed here. */
  noScheduleTaints: readonly Taint[] = noTaints;
  preferNoScheduleTaints: readonly Taint[] = noTaints;
  allocatable = new Allocatable();
  /** Sum of the pods' requests (what the Filter compares with allocatable). */
  readonly requested: ResourceAmounts = new Requested();
  /** Sum of the pods' requests with the scheduler's non-zero defaults (what scoring uses). */
  readonly nonZeroRequested = { milliCPU: 0, memory: 0 };
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** Pods not being deleted per controlling owner uid, for default topology spreading. */
  readonly controllerCounts = new Map<string, number>();
  /** Bumped on every change, as the upstream snapshot's generation is. */
  generation = ++generations;

  constructor(readonly name: string) {}

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.unschedulable = !!node.spec?.unschedulable;
    const taints = node.spec?.taints ?? noTaints;
    this.noScheduleTaints = taints.filter(
      (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
    );
    this.preferNoScheduleTaints = taints.filter((t) => t.effect === 'PreferNoSchedule');
    this.allocatable = allocatableOf(node);
    this.generation = ++generations;
  }

  addPod(pod: PodInfo): void {
    this.pods.push(pod);
    if (pod.hasAffinity) this.podsWithAffinity.push(pod);
    if (pod.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(pod);
    this.account(pod, 1);
  }

  /** Removes the pod with this key; false when it was not here. */
  removePod(key: string): boolean {
    const pod = removeByKey(this.pods, key);
    if (!pod) return false;
    removeByKey(this.podsWithAffinity, key);
    removeByKey(this.podsWithRequiredAntiAffinity, key);
    this.account(pod, -1);
    return true;
  }

  private account(pod: PodInfo, sign: 1 | -1): void {
    const r = pod.requests;
    this.requested.milliCPU += sign * r.milliCPU;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeralStorage += sign * r.ephemeralStorage;
    if (r.scalar) {
      this.requested.scalar ??= new Map();
      for (const [k, v] of r.scalar)
        this.requested.scalar.set(k, (this.requested.scalar.get(k) ?? 0) + sign * v);
    }
    this.nonZeroRequested.milliCPU += sign * r.nonZeroMilliCPU;
    this.nonZeroRequested.memory += sign * r.nonZeroMemory;
    if (pod.controllerUid && !pod.terminating) {
      const n = (this.controllerCounts.get(pod.controllerUid) ?? 0) + sign;
      if (n > 0) this.controllerCounts.set(pod.controllerUid, n);
      else this.controllerCounts.delete(pod.controllerUid);
    }
    this.generation = ++generations;
  }
}

function removeByKey(list: PodInfo[], key: string): PodInfo | undefined {
  for (let i = 0; i < list.length; i++) {
    if (list[i].key === key) {
      const pod = list[i];
      list[i] = list[list.length - 1];
      list.pop();
      return pod;
    }
  }
  return undefined;
}
