/**
 * Resource lists as the quota system computes with them (pkg/quota/v1 helpers): exact
 * quantities keyed by resource name, added, subtracted, masked and compared, and printed
 * the way Quantity.String and quota's prettyPrint print them.
 */
import type { ResourceList } from '../../types/core.ts';
import { formatQuantity, parseQuantityValue, quantityError, type Quantity } from '../quantity.ts';

/** A resource list of parsed quantities. */
export type Amounts = Map<string, Quantity>;

const zero = (): Quantity => ({ nanos: 0n, format: 'DecimalSI' });

/** Parses a ResourceList; malformed quantities (validation keeps them out) are skipped. */
export function amountsOf(list: ResourceList | undefined): Amounts {
  const out: Amounts = new Map();
  for (const [name, q] of Object.entries(list ?? {})) {
    if ((typeof q === 'string' || typeof q === 'number') && quantityError(q) === undefined)
      out.set(name, parseQuantityValue(q));
  }
  return out;
}

/** Prints amounts back as a ResourceList of canonical quantities. */
export function resourceListOf(amounts: Amounts): ResourceList {
  const out: ResourceList = {};
  for (const name of [...amounts.keys()].sort()) out[name] = formatQuantity(amounts.get(name)!);
  return out;
}

/** Quantity.Add: a zero left side takes the right side's format. */
function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

/** quota.Add: every name of either list, summed where both have it. */
export function add(a: Amounts, b: Amounts): Amounts {
  const out: Amounts = new Map();
  for (const [name, q] of a) out.set(name, b.has(name) ? addQuantity(q, b.get(name)!) : q);
  for (const [name, q] of b) if (!out.has(name)) out.set(name, q);
  return out;
}

/** quota.Subtract: a − b for every name of either list (a missing left side counts as 0). */
export function subtract(a: Amounts, b: Amounts): Amounts {
  const out: Amounts = new Map();
  for (const [name, q] of a) {
    const other = b.get(name);
    out.set(name, other ? { nanos: q.nanos - other.nanos, format: q.format } : q);
  }
  for (const [name, q] of b)
    if (!out.has(name)) out.set(name, { nanos: -q.nanos, format: q.format });
  return out;
}

/** quota.SubtractWithNonNegativeResult: as subtract, with negative results clamped to 0. */
export function subtractNonNegative(a: Amounts, b: Amounts): Amounts {
  const out = subtract(a, b);
  for (const [name, q] of out) if (q.nanos < 0n) out.set(name, { ...q, nanos: 0n });
  return out;
}

/** quota.Mask: only the named resources. */
export function mask(a: Amounts, names: Iterable<string>): Amounts {
  const out: Amounts = new Map();
  for (const name of names) {
    const q = a.get(name);
    if (q) out.set(name, q);
  }
  return out;
}

/** quota.RemoveZeros. */
export function removeZeros(a: Amounts): Amounts {
  return new Map([...a].filter(([, q]) => q.nanos !== 0n));
}

/** quota.IsNegative: the names with a value below zero. */
export function negativeNames(a: Amounts): string[] {
  return [...a].filter(([, q]) => q.nanos < 0n).map(([name]) => name);
}

/** quota.Equals: the same names with the same values. */
export function equals(a: Amounts, b: Amounts): boolean {
  if (a.size !== b.size) return false;
  for (const [name, q] of a) if (b.get(name)?.nanos !== q.nanos) return false;
  return true;
}

/**
 * quota.LessThanOrEqual: whether every value of `a` is at most the same name's value in `b`
 * (names `b` lacks are not limited), and the names that are over, sorted.
 */
export function lessThanOrEqual(a: Amounts, b: Amounts): { allowed: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [name, q] of a) {
    const limit = b.get(name);
    if (limit && q.nanos > limit.nanos) exceeded.push(name);
  }
  exceeded.sort();
  return { allowed: exceeded.length === 0, exceeded };
}

/** One quantity as Quantity.String prints it (`0` for a missing one). */
export function quantityString(q: Quantity | undefined): string {
  return formatQuantity(q ?? zero());
}

/** The admission plugin's prettyPrint: `name=value` sorted by name, joined with commas. */
export function prettyPrint(a: Amounts): string {
  return [...a.keys()]
    .sort()
    .map((name) => `${name}=${quantityString(a.get(name))}`)
    .join(',');
}
