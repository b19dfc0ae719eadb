import type { Deployment, IntOrString } from '../../types/apps.ts';

/**
 * intstr.GetScaledValueFromIntOrPercent: a number as is, or a percentage of `total`, rounded
 * up or down. Anything else (validation rejects it) counts as 0.
 */
export function scaledValue(
  value: IntOrString | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(-?\d+)%$/.exec(value);
  if (!match) {
    const n = Number(value);
    return Number.isInteger(n) ? n : 0;
  }
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * deploymentutil.ResolveFenceposts: maxSurge rounded up and maxUnavailable rounded down
 * against the desired replicas; when both come to 0, maxUnavailable becomes 1 so a rollout
 * can still move.
 */
export function resolveFenceposts(d: Deployment): { surge: number; unavailable: number } {
  const desired = d.spec.replicas ?? 1;
  const rolling = d.spec.strategy?.rollingUpdate;
  const surge = scaledValue(rolling?.maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(rolling?.maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** Pods a rolling update may run above the desired count (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).surge : 0;
}

/** Pods a rolling update may have unavailable, at most the desired count (0 for Recreate). */
export function maxUnavailable(d: Deployment): number {
  const desired = d.spec.replicas ?? 1;
  if (!isRollingUpdate(d) || desired === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, desired);
}
