import {
  Status,
  maxNodeScore,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type ScorePlugin,
} from '../framework.ts';
import { pluginNames } from './names.ts';

/** Filter reasons, exactly as kube-scheduler words them. */
export const insufficientCpu = 'Insufficient cpu';
export const insufficientMemory = 'Insufficient memory';
export const insufficientEphemeralStorage = 'Insufficient ephemeral-storage';
export const tooManyPods = 'Too many pods';

/**
 * Which resources the pod lacks on the node (fitsRequest), and whether the node could never
 * hold it even empty (a request above its allocatable), which preemption cannot fix.
 */
export function insufficientResources(
  pod: PodInfo,
  node: NodeInfo,
): { reasons: string[]; unresolvable: boolean } {
  const reasons: string[] = [];
  let unresolvable = false;
  const alloc = node.allocatable;
  const used = node.requested;
  if (node.pods.length + 1 > alloc.pods) {
    reasons.push(tooManyPods);
    if (alloc.pods < 1) unresolvable = true;
  }
  const r = pod.requests;
  if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && !r.scalar) {
    return { reasons, unresolvable };
  }
  if (r.milliCPU > 0 && r.milliCPU > alloc.milliCPU - used.milliCPU) {
    reasons.push(insufficientCpu);
    if (r.milliCPU > alloc.milliCPU) unresolvable = true;
  }
  if (r.memory > 0 && r.memory > alloc.memory - used.memory) {
    reasons.push(insufficientMemory);
    if (r.memory > alloc.memory) unresolvable = true;
  }
  if (
    r.ephemeralStorage > 0 &&
    r.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage
  ) {
    reasons.push(insufficientEphemeralStorage);
    if (r.ephemeralStorage > alloc.ephemeralStorage) unresolvable = true;
  }
  if (r.scalar) {
    for (const [name, quantity] of r.scalar) {
      if (quantity === 0) continue;
      const capacity = alloc.scalar?.get(name) ?? 0;
      if (quantity > capacity - (used.scalar?.get(name) ?? 0)) {
        reasons.push(`Insufficient ${name}`);
        if (quantity > capacity) unresolvable = true;
      }
    }
  }
  return { reasons, unresolvable };
}

/** leastRequestedScore: the share of the node left free after the pod, in [0, maxNodeScore]. */
function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * maxNodeScore) / capacity);
}

class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = pluginNames.nodeResourcesFit;
  readonly events = ['NodeAdd', 'NodeAllocatableChange', 'AssignedPodDelete'] as const;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    // The common case, decided without allocating.
    const r = pod.requests;
    const alloc = node.allocatable;
    const used = node.requested;
    if (
      node.pods.length < alloc.pods &&
      r.milliCPU <= alloc.milliCPU - used.milliCPU &&
      r.memory <= alloc.memory - used.memory &&
      r.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage &&
      !r.scalar
    ) {
      return null;
    }
    const { reasons, unresolvable } = insufficientResources(pod, node);
    if (reasons.length === 0) return null;
    return unresolvable ? Status.unresolvable(...reasons) : Status.unschedulable(...reasons);
  }

  /**
   * LeastAllocated over cpu and memory (weight 1 each): what the node would have left with the
   * pod, counting kube-scheduler's non-zero defaults for containers without requests.
   */
  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const alloc = node.allocatable;
    let sum = 0;
    let weights = 0;
    if (alloc.milliCPU > 0) {
      sum += leastRequestedScore(
        node.nonZeroRequested.milliCPU + pod.requests.nonZeroMilliCPU,
        alloc.milliCPU,
      );
      weights++;
    }
    if (alloc.memory > 0) {
      sum += leastRequestedScore(
        node.nonZeroRequested.memory + pod.requests.nonZeroMemory,
        alloc.memory,
      );
      weights++;
    }
    return weights === 0 ? 0 : Math.trunc(sum / weights);
  }
}

/**
 * NodeResourcesFit: the node must have room for the pod's cpu, memory, ephemeral-storage and
 * extended-resource requests and one more pod; emptier nodes score higher (LeastAllocated).
 */
export const nodeResourcesFit: PluginFactory = () => new NodeResourcesFit();
