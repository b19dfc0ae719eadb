import { computePodRequests } from '../../kernel/scheduler/pod-resources.ts';
import { requiredNodeAffinity } from '../../kernel/scheduler/node-selector.ts';
import { findUntoleratedTaint } from '../../kernel/util/tolerations.ts';
import { milliValue, wholeValue } from '../../kernel/scheduler/pod-resources.ts';
import { untoleratedTaintReason } from '../../kernel/scheduler/plugins/taint-toleration.ts';
import { nodeAffinityReason } from '../../kernel/scheduler/plugins/node-affinity.ts';
import type { Node, Pod, ResourceList, Taint } from '../../kernel/types/core.ts';

/**
 * A node as the cluster autoscaler's simulation sees it: its labels, taints and what is left
 * of its allocatable cpu (millicores), memory (bytes) and pod slots.
 */
export interface SimulatedNode {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  free: { milliCPU: number; memory: number; pods: number };
}

/** A simulated node with nothing on it, from an allocatable ResourceList. */
export function emptySimulatedNode(
  name: string,
  allocatable: ResourceList,
  labels: Record<string, string> = {},
  taints: Taint[] = [],
): SimulatedNode {
  return {
    name,
    labels,
    taints,
    free: {
      milliCPU: allocatable.cpu === undefined ? 0 : milliValue(allocatable.cpu),
      memory: allocatable.memory === undefined ? 0 : wholeValue(allocatable.memory),
      pods: allocatable.pods === undefined ? 0 : wholeValue(allocatable.pods),
    },
  };
}

/** A real Node as simulated: its allocatable less the requests of `podsOnIt`. */
export function simulateNode(node: Node, podsOnIt: readonly Pod[]): SimulatedNode {
  const sim = emptySimulatedNode(
    node.metadata.name!,
    node.status?.allocatable ?? node.status?.capacity ?? {},
    node.metadata.labels ?? {},
    node.spec?.taints ?? [],
  );
  for (const pod of podsOnIt) take(sim, pod);
  return sim;
}

/**
 * Why `pod` cannot go on `node`, in the scheduler's words (`Insufficient cpu`,
 * `node(s) had untolerated taint(s)`...), or undefined when it fits. Checks what a fresh
 * node decides: resources, pod slots, NoSchedule/NoExecute taints, nodeSelector and
 * required node affinity.
 */
export function fitFailure(pod: Pod, node: SimulatedNode): string | undefined {
  const blocking = node.taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (findUntoleratedTaint(blocking, pod.spec.tolerations)) return untoleratedTaintReason;
  if (!requiredNodeAffinity(pod).matches(node.labels, node.name)) return nodeAffinityReason;
  if (node.free.pods < 1) return 'Too many pods';
  const requests = computePodRequests(pod);
  if (requests.milliCPU > node.free.milliCPU) return 'Insufficient cpu';
  if (requests.memory > node.free.memory) return 'Insufficient memory';
  return undefined;
}

/** Accounts `pod`'s requests on `node` (whether or not they fit). */
export function take(node: SimulatedNode, pod: Pod): void {
  const requests = computePodRequests(pod);
  node.free.milliCPU -= requests.milliCPU;
  node.free.memory -= requests.memory;
  node.free.pods -= 1;
}

/** Puts `pod` on the first of `nodes` it fits (accounting it there); that node, or undefined. */
export function placeFirstFit(
  pod: Pod,
  nodes: readonly SimulatedNode[],
): SimulatedNode | undefined {
  const node = nodes.find((n) => fitFailure(pod, n) === undefined);
  if (node) take(node, pod);
  return node;
}
