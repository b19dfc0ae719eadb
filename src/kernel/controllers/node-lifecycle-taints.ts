import { isConflict, isNotFound } from '../api/errors.ts';
import { nodes } from '../api/resources.ts';
import { rfc3339, type Clock } from '../clock/clock.ts';
import type { Client } from '../client/client.ts';
import type { Node, NodeCondition, Taint } from '../types/core.ts';

export const unreachableTaintKey = 'node.kubernetes.io/unreachable';
export const notReadyTaintKey = 'node.kubernetes.io/not-ready';
export const unschedulableTaintKey = 'node.kubernetes.io/unschedulable';

/** Put on a node whose kubelet stopped reporting: pods that do not tolerate it are evicted. */
export const unreachableNoExecute: Taint = { key: unreachableTaintKey, effect: 'NoExecute' };
/** Put on a node whose kubelet reports Ready=False. */
export const notReadyNoExecute: Taint = { key: notReadyTaintKey, effect: 'NoExecute' };

/** Which condition status makes which NoSchedule taint (TaintNodesByCondition). */
const conditionTaintKeys: Record<string, Partial<Record<NodeCondition['status'], string>>> = {
  Ready: { False: notReadyTaintKey, Unknown: unreachableTaintKey },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

const managedNoScheduleKeys = new Set([
  unschedulableTaintKey,
  ...Object.values(conditionTaintKeys).flatMap((byStatus) => Object.values(byStatus)),
]);

/** Attempts at a taint write that keeps losing races with other writers. */
const writeAttempts = 5;

/** The node's condition of this type, if it has one. */
export function nodeCondition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** Same key and effect: how Kubernetes matches a taint (MatchTaint). */
export function taintMatches(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function hasTaint(node: Node, taint: Taint): boolean {
  return (node.spec?.taints ?? []).some((t) => taintMatches(t, taint));
}

/** The NoSchedule taints the node controller wants on a node for its conditions and spec.unschedulable. */
export function conditionTaints(node: Node): Taint[] {
  const taints: Taint[] = [];
  for (const condition of node.status?.conditions ?? []) {
    const key = conditionTaintKeys[condition.type]?.[condition.status];
    if (key) taints.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) taints.push({ key: unschedulableTaintKey, effect: 'NoSchedule' });
  return taints;
}

/** True for a NoSchedule taint that `conditionTaints` manages (others belong to users). */
export function isConditionTaint(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' && managedNoScheduleKeys.has(taint.key);
}

/**
 * Adds `add` (stamped with timeAdded, unless an equal taint is already there) and removes
 * `remove` on the live node, patching spec.taints under its resourceVersion and retrying
 * lost races (SwapNodeControllerTaint). Resolves false when the node is gone or the write kept
 * conflicting.
 */
export async function swapNodeTaints(
  client: Client,
  clock: Clock,
  nodeName: string,
  add: Taint[],
  remove: Taint[],
): Promise<boolean> {
  for (let attempt = 0; attempt < writeAttempts; attempt++) {
    let node: Node;
    try {
      node = await client.get<Node>(nodes, undefined, nodeName);
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    const before = node.spec?.taints ?? [];
    let taints = before.filter((t) => !remove.some((r) => taintMatches(t, r)));
    let changed = taints.length !== before.length;
    for (const taint of add) {
      const existing = taints.find((t) => taintMatches(t, taint));
      if (existing && (existing.value ?? '') === (taint.value ?? '')) continue;
      taints = taints.filter((t) => !taintMatches(t, taint));
      taints.push({ ...taint, timeAdded: rfc3339(clock.now()) });
      changed = true;
    }
    if (!changed) return true;
    try {
      await client.patch(nodes, undefined, nodeName, {
        metadata: { resourceVersion: node.metadata.resourceVersion },
        spec: { taints: taints.length > 0 ? taints : null },
      });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (!isConflict(err)) throw err;
    }
  }
  return false;
}
