import type { EndpointSubset } from '../../types/service.ts';

/** The most addresses one Endpoints object lists (maxCapacity). */
export const maxEndpointsCapacity = 1000;

/** The annotation on an Endpoints object whose addresses were cut to the capacity. */
export const overCapacityAnnotation = 'endpoints.kubernetes.io/over-capacity';

/**
 * truncateEndpoints: cuts the subsets to 1000 addresses, keeping each subset's share — the
 * not-ready ones go first; only when the ready ones alone are too many are those cut as well
 * (and every not-ready one dropped). True when anything was cut.
 */
export function truncateEndpoints(subsets: EndpointSubset[]): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += (s.addresses ?? []).length;
    totalNotReady += (s.notReadyAddresses ?? []).length;
  }
  if (totalReady + totalNotReady <= maxEndpointsCapacity) return false;
  const truncateReady = totalReady > maxEndpointsCapacity;
  const max = truncateReady ? maxEndpointsCapacity : maxEndpointsCapacity - totalReady;
  const total = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const subset of subsets) {
    const count = (truncateReady ? subset.addresses : subset.notReadyAddresses)?.length ?? 0;
    const share = Math.min(Math.ceil((count / total) * max), canBeAdded);
    if (truncateReady) {
      subset.addresses = (subset.addresses ?? []).slice(0, share);
      delete subset.notReadyAddresses;
      canBeAdded -= subset.addresses.length;
    } else {
      subset.notReadyAddresses = (subset.notReadyAddresses ?? []).slice(0, share);
      canBeAdded -= subset.notReadyAddresses.length;
    }
  }
  return true;
}
