import type { Pod } from '../../types/core.ts';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from '../../types/policy.ts';
import { isPodReady } from '../util/pod-readiness.ts';

/**
 * How long a pod the eviction API let go (status.disruptedPods) may take to show a deletion
 * before the budget counts it again (DeletionTimeout).
 */
export const deletionTimeoutMs = 2 * 60_000;

/**
 * buildDisruptedPodMap: the disruptedPods entries still pending (their pod exists, is not yet
 * deleting, and was let go less than DeletionTimeout ago), the names of pods whose deletion
 * never came, and when to look again (the earliest pending entry's expiry).
 */
export function disruptedPodMap(
  pods: readonly Pod[],
  pdb: PodDisruptionBudget,
  now: number,
): { pending: Record<string, string>; overdue: Pod[]; recheckAt?: number } {
  const disrupted = pdb.status?.disruptedPods;
  const pending: Record<string, string> = {};
  const overdue: Pod[] = [];
  let recheckAt: number | undefined;
  if (!disrupted) return { pending, overdue };
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name ?? ''];
    if (at === undefined) continue;
    const expected = Date.parse(at) + deletionTimeoutMs;
    if (expected < now) {
      overdue.push(pod);
    } else {
      if (recheckAt === undefined || expected < recheckAt) recheckAt = expected;
      pending[pod.metadata.name ?? ''] = at;
    }
  }
  return { pending, overdue, recheckAt };
}

/** countHealthyPods: ready pods that are neither deleting nor just let go by an eviction. */
export function countHealthyPods(
  pods: readonly Pod[],
  disrupted: Readonly<Record<string, string>>,
  now: number,
): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name ?? ''];
    if (at !== undefined && Date.parse(at) + deletionTimeoutMs > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/**
 * The status updatePdbStatus writes: disruptions allowed are healthy pods above the desired
 * number, and none while no pod is expected (so a budget whose pods just appeared is safe).
 */
export function budgetStatus(
  pdb: PodDisruptionBudget,
  counts: { currentHealthy: number; desiredHealthy: number; expectedCount: number },
  disruptedPods: Record<string, string>,
): PodDisruptionBudgetStatus {
  const { currentHealthy, desiredHealthy, expectedCount } = counts;
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const status: PodDisruptionBudgetStatus = {
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods: expectedCount,
  };
  if (pdb.metadata.generation) status.observedGeneration = pdb.metadata.generation;
  if (Object.keys(disruptedPods).length > 0) status.disruptedPods = disruptedPods;
  if (pdb.status?.conditions) status.conditions = structuredClone(pdb.status.conditions);
  return status;
}

/**
 * metav1.LabelSelector's generated String(), which the UnmanagedPods event prints:
 * `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function goLabelSelectorString(selector: PodDisruptionBudget['spec']['selector']): string {
  if (!selector) return 'nil';
  const labels = Object.keys(selector.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${selector.matchLabels![k]},`)
    .join('');
  const expressions = (selector.matchExpressions ?? [])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}
