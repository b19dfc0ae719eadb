import type { Pod } from '../../types/core.ts';
import { isPodActive, isPodReady, podReadyCondition } from './pod-readiness.ts';

/** Annotation lowering a pod's cost of deletion relative to its siblings (an int32). */
export const podDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

interface Ranked {
  pod: Pod;
  /** Active related pods on the same node: pods that are "doubled up" go first. */
  rank: number;
}

function deletionCost(pod: Pod): number {
  const text = pod.metadata.annotations?.[podDeletionCostAnnotation];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return 0;
  const value = Number(text);
  return value >= -(2 ** 31) && value < 2 ** 31 ? value : 0;
}

function timeOf(text: string | undefined): number {
  const ms = Date.parse(text ?? '');
  return Number.isFinite(ms) ? ms : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

/**
 * Compares two timestamps on a log2 scale of their age (LogarithmicScaleDown): pods of about
 * the same age are equivalent, and the uid then gives a pseudo-random order. Zero (unknown)
 * times come first; otherwise the more recent time comes first.
 */
function compareTimes(a: number, b: number, uidA: string, uidB: string, now: number): number {
  if (a === b) return 0;
  if (a === 0 || b === 0) return a === 0 ? -1 : 1;
  const rankA = now - a > 0 ? Math.floor(Math.log2((now - a) * 1e6)) : -1;
  const rankB = now - b > 0 ? Math.floor(Math.log2((now - b) * 1e6)) : -1;
  if (rankA !== rankB) return rankA - rankB;
  return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
}

/** ActivePodsWithRanks.Less as a comparator: negative when `x` should be deleted before `y`. */
function compareForDeletion(x: Ranked, y: Ranked, now: number): number {
  const a = x.pod;
  const b = y.pod;
  const nodeA = a.spec.nodeName ?? '';
  const nodeB = b.spec.nodeName ?? '';
  // 1. Unassigned before assigned.
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '' ? -1 : 1;
  // 2. Pending before Unknown before Running.
  const phaseA = phaseOrdinal[a.status?.phase ?? ''] ?? 0;
  const phaseB = phaseOrdinal[b.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  // 3. Not ready before ready.
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return readyA ? 1 : -1;
  // 4. Lower pod-deletion-cost first.
  const costA = deletionCost(a);
  const costB = deletionCost(b);
  if (costA !== costB) return costA - costB;
  // 5. Doubled up (more related pods on the same node) first.
  if (x.rank !== y.rank) return y.rank - x.rank;
  const uidA = a.metadata.uid ?? '';
  const uidB = b.metadata.uid ?? '';
  // 6. Ready for less time first.
  if (readyA && readyB) {
    const byReady = compareTimes(
      timeOf(podReadyCondition(a)?.lastTransitionTime),
      timeOf(podReadyCondition(b)?.lastTransitionTime),
      uidA,
      uidB,
      now,
    );
    if (byReady !== 0) return byReady;
  }
  // 7. More container restarts first.
  const restartsA = maxRestarts(a);
  const restartsB = maxRestarts(b);
  if (restartsA !== restartsB) return restartsB - restartsA;
  // 8. Newer before older.
  return compareTimes(
    timeOf(a.metadata.creationTimestamp),
    timeOf(b.metadata.creationTimestamp),
    uidA,
    uidB,
    now,
  );
}

/**
 * The `count` pods a ReplicaSet should delete first, ranked as Kubernetes ranks them:
 * unscheduled before scheduled, Pending before Unknown before Running, not ready before ready,
 * lower `pod-deletion-cost` first, pods sharing a node with more related pods first, ready for
 * less time first, more restarts first, newer first. `related` are the active pods of every
 * ReplicaSet with the same owner (a Deployment's old and new sets), used to find doubled-up nodes.
 */
export function podsToDelete(pods: Pod[], related: Pod[], count: number, now: number): Pod[] {
  if (count >= pods.length) return pods.slice();
  const onNode = new Map<string, number>();
  for (const pod of related) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => compareForDeletion(x, y, now));
  return ranked.slice(0, count).map((r) => r.pod);
}
