import { cpuMillis, quantityValue } from '../api/quantity.ts';
import type { Container, Pod, ResourceList } from '../types/core.ts';

/**
 * Amounts of the resources the scheduler accounts for: cpu in millicores, the rest in whole
 * base units (bytes, counts), rounded up as Quantity.MilliValue/Value do.
 */
export interface ResourceAmounts {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources (`example.com/gpu`) and hugepages; null when there are none. */
  scalar: Map<string, number> | null;
}

/** A pod's requests as the scheduler sees them (framework PodInfo.CalculateResource). */
export interface PodRequests extends ResourceAmounts {
  /** cpu with kube-scheduler's default of 100m for each container that requests none. */
  nonZeroMilliCPU: number;
  /** memory with the default of 200Mi for each container that requests none. */
  nonZeroMemory: number;
}

/** kube-scheduler's DefaultMilliCPURequest: what a container without a cpu request counts as when scoring. */
export const defaultMilliCPURequest = 100;
/** kube-scheduler's DefaultMemoryRequest (200 MiB), likewise for memory. */
export const defaultMemoryRequest = 200 * 1024 * 1024;

const parsedCpu = new Map<string, number>();
const parsedValue = new Map<string, number>();
const maxMemoized = 10_000;

function memoized(
  cache: Map<string, number>,
  q: string | number,
  parse: (q: string | number) => number,
): number {
  const key = String(q);
  let v = cache.get(key);
  if (v === undefined) {
    try {
      v = parse(q);
    } catch {
      // The API server validates quantities; anything unparsable that got past it counts as 0.
      v = 0;
    }
    if (cache.size >= maxMemoized) cache.clear();
    cache.set(key, v);
  }
  return v;
}

/** A cpu quantity in millicores (rounded up). */
export function milliValue(q: string | number): number {
  return memoized(parsedCpu, q, cpuMillis);
}

/** A non-cpu quantity in whole base units (rounded up). */
export function wholeValue(q: string | number): number {
  return memoized(parsedValue, q, quantityValue);
}

/**
 * True for resources kept in `scalar`: extended resources (`example.com/gpu`), prefixed native
 * ones (`kubernetes.io/...`), hugepages and attachable volumes, as schedutil.IsScalarResourceName
 * decides.
 */
export function isScalarResource(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  return name.includes('/') && !name.startsWith('requests.');
}

/**
 * Amounts as a class, so that every instance shares one hidden class and the hot comparisons
 * in Filter and Score stay monomorphic.
 */
class Amounts implements ResourceAmounts {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  scalar: Map<string, number> | null = null;
}

class Requests extends Amounts implements PodRequests {
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
}

/** Zeroed amounts. */
export function emptyAmounts(): ResourceAmounts {
  return new Amounts();
}

/** Adds a ResourceList (`{cpu: '500m', memory: '1Gi'}`) into `into`; `pods` and unknown names are ignored. */
export function addResourceList(into: ResourceAmounts, list: ResourceList | undefined): void {
  if (!list) return;
  for (const name in list) {
    const q = list[name];
    if (name === 'cpu') into.milliCPU += milliValue(q);
    else if (name === 'memory') into.memory += wholeValue(q);
    else if (name === 'ephemeral-storage') into.ephemeralStorage += wholeValue(q);
    else if (isScalarResource(name)) {
      into.scalar ??= new Map();
      into.scalar.set(name, (into.scalar.get(name) ?? 0) + wholeValue(q));
    }
  }
}

function add(into: ResourceAmounts, other: ResourceAmounts): void {
  into.milliCPU += other.milliCPU;
  into.memory += other.memory;
  into.ephemeralStorage += other.ephemeralStorage;
  if (other.scalar) {
    into.scalar ??= new Map();
    for (const [k, v] of other.scalar) into.scalar.set(k, (into.scalar.get(k) ?? 0) + v);
  }
}

function setMax(into: ResourceAmounts, other: ResourceAmounts): void {
  into.milliCPU = Math.max(into.milliCPU, other.milliCPU);
  into.memory = Math.max(into.memory, other.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, other.ephemeralStorage);
  if (other.scalar) {
    into.scalar ??= new Map();
    for (const [k, v] of other.scalar) into.scalar.set(k, Math.max(into.scalar.get(k) ?? 0, v));
  }
}

function clone(a: ResourceAmounts): ResourceAmounts {
  const c = new Amounts();
  add(c, a);
  return c;
}

function containerAmounts(c: Container, nonZero: boolean): ResourceAmounts {
  const amounts = emptyAmounts();
  const requests = c.resources?.requests;
  addResourceList(amounts, requests);
  if (nonZero) {
    if (requests?.cpu === undefined) amounts.milliCPU = defaultMilliCPURequest;
    if (requests?.memory === undefined) amounts.memory = defaultMemoryRequest;
  }
  return amounts;
}

/**
 * resourcehelper.PodRequests: the sum of the regular containers and the restartable (sidecar)
 * init containers, or the largest init container run next to the sidecars started before it
 * if that is larger, plus spec.overhead. With `nonZero`, a container lacking a cpu or memory
 * request counts kube-scheduler's defaults for it.
 */
function podAmounts(pod: Pod, nonZero: boolean): ResourceAmounts {
  const total = emptyAmounts();
  for (const c of pod.spec.containers ?? []) add(total, containerAmounts(c, nonZero));
  const sidecars = emptyAmounts();
  const initMax = emptyAmounts();
  for (const c of pod.spec.initContainers ?? []) {
    const amounts = containerAmounts(c, nonZero);
    if (c.restartPolicy === 'Always') {
      add(total, amounts);
      add(sidecars, amounts);
      setMax(initMax, sidecars);
    } else {
      const running = clone(amounts);
      add(running, sidecars);
      setMax(initMax, running);
    }
  }
  setMax(total, initMax);
  addResourceList(total, pod.spec.overhead as ResourceList | undefined);
  return total;
}

/** Computes a pod's requests once; PodInfo keeps the result. */
export function computePodRequests(pod: Pod): PodRequests {
  const requests = podAmounts(pod, false);
  const nonZero = podAmounts(pod, true);
  const result = new Requests();
  add(result, requests);
  result.nonZeroMilliCPU = nonZero.milliCPU;
  result.nonZeroMemory = nonZero.memory;
  return result;
}
