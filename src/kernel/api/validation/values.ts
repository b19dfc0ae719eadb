/**
 * Value helpers for validation: structural equality (Go's semantic DeepEqual over JSON data),
 * and shaping values the way Go's encoding/json prints them inside error messages
 * (struct fields in declaration order, map keys sorted).
 */

/** Structural equality over JSON-like data; absent and undefined are the same. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  return true;
}

/** A struct as encoding/json prints it: the listed fields, in order, skipping absent ones. */
export function goJson(
  value: Record<string, unknown>,
  order: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) {
    if (value[k] !== undefined) out[k] = value[k];
  }
  return out;
}

/** A map as encoding/json prints it: keys sorted. */
export function sortedMap(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value ?? null;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = (value as Record<string, unknown>)[k];
  return out;
}

/** A metav1.LabelSelector as encoding/json prints it. */
export function labelSelectorJson(selector: unknown): unknown {
  if (typeof selector !== 'object' || selector === null) return null;
  const s = selector as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (s.matchLabels !== undefined && s.matchLabels !== null)
    out.matchLabels = sortedMap(s.matchLabels);
  if (Array.isArray(s.matchExpressions) && s.matchExpressions.length > 0) {
    out.matchExpressions = s.matchExpressions.map((e: Record<string, unknown>) =>
      goJson(e, ['key', 'operator', 'values']),
    );
  }
  return out;
}

/** A plain object (not an array or null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The array at a value, or an empty one. */
export function asArray<T = unknown>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The object at a value, or an empty one. */
export function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** The string at a value, or ''. */
export function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
