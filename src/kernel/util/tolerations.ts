import type { Taint, Toleration } from '../types/core.ts';

/**
 * core/v1 Toleration.ToleratesTaint: an empty effect or key matches any; operator `Exists`
 * ignores the value, `Equal` (the default) needs the same value.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  if (operator === 'Equal') return (toleration.value ?? '') === (taint.value ?? '');
  return false;
}

/** True when any of the tolerations tolerates the taint. */
export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[] | undefined,
  taint: Taint,
): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first taint (in node order) none of the tolerations tolerates, or undefined. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): Taint | undefined {
  for (const taint of taints) if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  return undefined;
}
