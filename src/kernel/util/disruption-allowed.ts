/**
 * The DisruptionAllowed condition of a PodDisruptionBudget (component-helpers'
 * apps/poddisruptionbudget), which both the disruption controller and the eviction API set.
 */
import type {
  MetaCondition,
  PodDisruptionBudget,
  PodDisruptionBudgetStatus,
} from '../types/policy.ts';

export const disruptionAllowedCondition = 'DisruptionAllowed';
/** The controller could not compute the budget's status; disruptions are refused meanwhile. */
export const syncFailedReason = 'SyncFailed';
export const sufficientPodsReason = 'SufficientPods';
export const insufficientPodsReason = 'InsufficientPods';

/**
 * apimeta.SetStatusCondition: adds the condition, or updates the one of its type; the
 * transition time moves (to `now`, an RFC 3339 time) only when the status changes.
 */
export function setStatusCondition(
  conditions: MetaCondition[],
  condition: Omit<MetaCondition, 'lastTransitionTime'>,
  now: string,
): void {
  const existing = conditions.find((c) => c.type === condition.type);
  if (!existing) {
    conditions.push({ ...condition, lastTransitionTime: now });
    return;
  }
  if (existing.status !== condition.status) {
    existing.status = condition.status;
    existing.lastTransitionTime = now;
  }
  existing.reason = condition.reason;
  existing.message = condition.message;
  if (condition.observedGeneration === undefined) delete existing.observedGeneration;
  else existing.observedGeneration = condition.observedGeneration;
}

/**
 * UpdateDisruptionAllowedCondition: True with SufficientPods while disruptions are allowed,
 * else False with InsufficientPods, for the status's observed generation.
 */
export function updateDisruptionAllowedCondition(
  status: PodDisruptionBudgetStatus,
  now: string,
): void {
  status.conditions ??= [];
  const allowed = status.disruptionsAllowed > 0;
  setStatusCondition(
    status.conditions,
    {
      type: disruptionAllowedCondition,
      status: allowed ? 'True' : 'False',
      reason: allowed ? sufficientPodsReason : insufficientPodsReason,
      message: '',
      ...(status.observedGeneration ? { observedGeneration: status.observedGeneration } : {}),
    },
    now,
  );
}

/** ConditionsAreUpToDate: the condition agrees with disruptionsAllowed for the current generation. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const status = pdb.status;
  const cond = status?.conditions?.find((c) => c.type === disruptionAllowedCondition);
  if (!status || !cond) return false;
  if ((status.observedGeneration ?? 0) !== (pdb.metadata.generation ?? 0)) return false;
  return status.disruptionsAllowed > 0
    ? cond.status === 'True' && cond.reason === sufficientPodsReason
    : cond.status === 'False' && cond.reason === insufficientPodsReason;
}
