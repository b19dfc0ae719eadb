/**
 * The ResourceQuota admission decision (plugin/pkg/admission/resourcequota CheckRequest) as a
 * pure function: of the namespace's quotas, those that limit what the object uses and whose
 * scopes it falls in must have room for it; the answer is either upstream's refusal text or
 * each such quota's new status.used.
 */
import type { KubeObject } from '../../types/meta.ts';
import type { ResourceQuota } from '../../types/quota.ts';
import type { QuotaEvaluator } from './quota-evaluators.ts';
import { quotaMatches } from './quota-evaluators.ts';
import {
  add,
  amountsOf,
  equals,
  lessThanOrEqual,
  mask,
  negativeNames,
  prettyPrint,
  removeZeros,
  subtractNonNegative,
  type Amounts,
} from './resource-lists.ts';

export type QuotaDecision =
  { refused: string } | { refused?: undefined; used: Map<ResourceQuota, Amounts> };

/** Every status.hard name a quota lists (usage stats must exist for each one it limits). */
function hasUsageStats(quota: ResourceQuota, names: readonly string[]): boolean {
  const used = quota.status?.used ?? {};
  return names.every((n) => !(n in (quota.status?.hard ?? {})) || n in used);
}

/**
 * Decides a create (old undefined) or update of `object`. Quotas come in name order; the
 * first refusal wins, as upstream checks them in that order.
 */
export function checkQuotaRequest(
  quotas: readonly ResourceQuota[],
  evaluator: QuotaEvaluator,
  object: KubeObject,
  old: KubeObject | undefined,
  now: number,
): QuotaDecision {
  const interesting: ResourceQuota[] = [];
  for (const quota of quotas) {
    if (!quotaMatches(evaluator, quota, object)) continue;
    const hard = Object.keys(quota.status?.hard ?? {});
    const restricted = evaluator.matchingResources(hard);
    const constraint = evaluator.constraints(restricted, object);
    if (constraint !== undefined)
      return { refused: `failed quota: ${quota.metadata.name}: ${constraint}` };
    if (!hasUsageStats(quota, restricted)) {
      return {
        refused: `status unknown for quota: ${quota.metadata.name}, resources: ${[...restricted].sort().join(',')}`,
      };
    }
    interesting.push(quota);
  }
  const used = new Map<ResourceQuota, Amounts>();
  if (interesting.length === 0) return { used };
  let delta = evaluator.usage(object, now);
  const negative = negativeNames(delta);
  if (negative.length > 0)
    return {
      refused: `quota usage is negative for resource(s): ${negative.sort().join(',')}`,
    };
  if (old?.metadata.resourceVersion) delta = subtractNonNegative(delta, evaluator.usage(old, now));
  delta = removeZeros(delta);
  if (delta.size === 0) return { used };
  for (const quota of interesting) {
    const hard = amountsOf(quota.status?.hard);
    const current = amountsOf(quota.status?.used);
    const requested = mask(delta, hard.keys());
    const next = add(current, requested);
    const { allowed, exceeded } = lessThanOrEqual(mask(next, requested.keys()), hard);
    if (!allowed) {
      return {
        refused: `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(mask(requested, exceeded))}, used: ${prettyPrint(mask(current, exceeded))}, limited: ${prettyPrint(mask(hard, exceeded))}`,
      };
    }
    if (!equals(next, current)) used.set(quota, next);
  }
  return { used };
}
