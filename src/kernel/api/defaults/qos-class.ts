/**
 * The pod's quality-of-service class, computed as qos.ComputePodQOS does: positive cpu and
 * memory requests and limits are summed over all containers (or taken from pod-level resources
 * when those are set); none at all is BestEffort; every container limiting both cpu and memory,
 * with summed requests equal to summed limits, is Guaranteed; anything else is Burstable.
 */
import { parseQuantityValue, quantityError } from '../quantity.ts';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

type Obj = Record<string, unknown>;

const computeResources = ['cpu', 'memory'];

function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}

/** Adds the positive cpu/memory quantities of `list` into `sums`; returns the names found. */
function accumulate(list: Obj | undefined, sums: Map<string, bigint>): Set<string> {
  const found = new Set<string>();
  for (const name of computeResources) {
    const q = list?.[name];
    if ((typeof q !== 'string' && typeof q !== 'number') || quantityError(q)) continue;
    const nanos = parseQuantityValue(q).nanos;
    if (nanos <= 0n) continue;
    found.add(name);
    sums.set(name, (sums.get(name) ?? 0n) + nanos);
  }
  return found;
}

/** Computes the QoS class of a pod spec, as the API server does on create. */
export function podQosClass(spec: unknown): QosClass {
  const s = asObj(spec) ?? {};
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  const podResources = asObj(s.resources);
  if (podResources) {
    accumulate(asObj(podResources.requests), requests);
    const found = accumulate(asObj(podResources.limits), limits);
    if (asObj(podResources.limits) && found.size < computeResources.length) guaranteed = false;
  } else {
    const containers = [
      ...(Array.isArray(s.containers) ? s.containers : []),
      ...(Array.isArray(s.initContainers) ? s.initContainers : []),
    ];
    for (const c of containers) {
      const r = asObj(asObj(c)?.resources);
      accumulate(asObj(r?.requests), requests);
      const found = accumulate(asObj(r?.limits), limits);
      if (found.size < computeResources.length) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
