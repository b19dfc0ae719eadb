/**
 * A pod's effective requests and limits (resourcehelper.PodRequests / PodLimits, reduced to what
 * this cluster's pods use) and the Quantity arithmetic `kubectl describe node` prints with.
 */
import { formatQuantity, parseQuantityValue, type Quantity } from '../../api/quantity.ts';
import type { Container, Pod, ResourceList } from '../../types/core.ts';

export type Totals = Map<string, Quantity>;

function parse(q: string | number): Quantity | undefined {
  try {
    return parseQuantityValue(q);
  } catch {
    return undefined;
  }
}

/** Adds `list` into `into`; a sum keeps the format of its first term, as Quantity.Add does. */
export function addList(into: Totals, list: ResourceList | Totals | undefined): void {
  const entries: [string, Quantity | string][] =
    list instanceof Map ? [...list] : Object.entries(list ?? {});
  for (const [name, raw] of entries) {
    const q = typeof raw === 'string' ? parse(raw) : raw;
    if (!q) continue;
    const prev = into.get(name);
    into.set(name, prev ? { nanos: prev.nanos + q.nanos, format: prev.format } : { ...q });
  }
}

function maxList(into: Totals, list: Totals): void {
  for (const [name, q] of list) {
    const prev = into.get(name);
    if (!prev || q.nanos > prev.nanos) into.set(name, { ...q });
  }
}

function podTotals(pod: Pod, which: 'requests' | 'limits'): Totals {
  const totals: Totals = new Map();
  for (const c of pod.spec.containers ?? []) addList(totals, c.resources?.[which]);
  // Sidecars run next to the app containers; each regular init container runs alone, with the
  // sidecars started before it.
  const sidecars: Totals = new Map();
  for (const c of (pod.spec.initContainers ?? []) as Container[]) {
    if (c.restartPolicy === 'Always') {
      addList(totals, c.resources?.[which]);
      addList(sidecars, c.resources?.[which]);
    } else {
      const alone: Totals = new Map();
      addList(alone, c.resources?.[which]);
      addList(alone, sidecars);
      maxList(totals, alone);
    }
  }
  const overhead = pod.spec.overhead as ResourceList | undefined;
  if (overhead) addList(totals, overhead);
  const podLevel = (pod.spec.resources as Record<string, ResourceList> | undefined)?.[which];
  for (const name of ['cpu', 'memory']) {
    const q = podLevel?.[name] !== undefined ? parse(podLevel[name]) : undefined;
    if (q) totals.set(name, q);
  }
  return totals;
}

/** The pod's requests by resource name. */
export function podRequests(pod: Pod): Totals {
  return podTotals(pod, 'requests');
}

/** The pod's limits by resource name. */
export function podLimits(pod: Pod): Totals {
  return podTotals(pod, 'limits');
}

/** Quantity.String() of a total; an absent one is Go's zero Quantity, `0`. */
export function quantityString(q: Quantity | undefined): string {
  return q ? formatQuantity(q) : '0';
}

/** Quantity.MilliValue (rounded up). */
export function milliValue(q: Quantity | undefined): number {
  if (!q) return 0;
  return Number((q.nanos + 999_999n) / 1_000_000n);
}

/** Quantity.Value (rounded up). */
export function wholeValue(q: Quantity | undefined): number {
  if (!q) return 0;
  return Number((q.nanos + 999_999_999n) / 1_000_000_000n);
}

/** `int64(part / whole * 100)`, 0 when the whole is 0. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.trunc((part / whole) * 100);
}
