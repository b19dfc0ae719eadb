import type { Endpoint, EndpointSlice, EndpointSlicePort } from '../../types/discovery.ts';
import type { Service } from '../../types/service.ts';
import { jsonEqual } from '../../util/json-value.ts';
import { endpointKey } from './pod-to-endpoint.ts';
import { newEndpointSlice, orNull, sliceLabels } from './slice-meta.ts';

/** kube-controller-manager's --max-endpoints-per-slice default. */
export const maxEndpointsPerSlice = 100;

/** The endpoints that share one port list. */
export interface DesiredGroup {
  ports: EndpointSlicePort[];
  endpoints: Endpoint[];
}

/** What to write: new slices (generateName), whole slices to replace, and slices to delete. */
export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** The key of a port list: slices are grouped by the exact ports their endpoints offer. */
export function portsKey(ports: readonly EndpointSlicePort[] | null | undefined): string {
  return JSON.stringify(
    (ports ?? []).map((p) => [p.name ?? '', p.protocol ?? 'TCP', p.port ?? 0, p.appProtocol ?? '']),
  );
}

/** A copy of a cached slice with new endpoints and labels, to be written back. */
function rewritten(slice: EndpointSlice, endpoints: Endpoint[], labels: Record<string, string>) {
  const copy = structuredClone(slice);
  copy.endpoints = orNull(endpoints);
  copy.metadata.labels = labels;
  return copy;
}

function ownedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (ref) => ref.controller === true && ref.kind === 'Service' && ref.uid === service.metadata.uid,
  );
}

/**
 * getSliceToFill: the unchanged slice that `count` more endpoints would fill most exactly, if
 * one has room for all of them.
 */
function sliceToFill(slices: EndpointSlice[], count: number): EndpointSlice | undefined {
  let closest = maxEndpointsPerSlice;
  let found: EndpointSlice | undefined;
  for (const slice of slices) {
    const diff = maxEndpointsPerSlice - (count + (slice.endpoints ?? []).length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      found = slice;
      if (diff === 0) break;
    }
  }
  return found;
}

/**
 * reconcileByPortMapping for one port list: existing slices keep the endpoints still wanted
 * (updated in place when one changed), lose the others (and go when empty); the endpoints
 * left over fill the slices being updated first, then one unchanged slice they fit in
 * entirely, then new slices of up to 100. A slice nothing changed in is not written.
 */
function planGroup(
  service: Service,
  group: DesiredGroup,
  existing: EndpointSlice[],
  labels: Record<string, string>,
  plan: SlicePlan,
): void {
  const desired = new Map(group.endpoints.map((e) => [endpointKey(e), e]));
  const toUpdate: EndpointSlice[] = [];
  const unchanged: EndpointSlice[] = [];
  for (const slice of existing) {
    const kept: Endpoint[] = [];
    let changed = false;
    for (const endpoint of slice.endpoints ?? []) {
      const key = endpointKey(endpoint);
      const wanted = desired.get(key);
      if (!wanted) {
        changed = true;
        continue;
      }
      if (!jsonEqual(wanted, endpoint)) changed = true;
      kept.push(wanted);
      desired.delete(key);
    }
    if (kept.length === 0) plan.delete.push(slice);
    else if (changed || !jsonEqual(slice.metadata.labels ?? {}, labels)) {
      toUpdate.push(rewritten(slice, kept, labels));
    } else unchanged.push(slice);
  }
  const remaining = [...desired.values()];
  toUpdate.sort((a, b) => (b.endpoints ?? []).length - (a.endpoints ?? []).length);
  for (const slice of toUpdate) {
    const endpoints = slice.endpoints ?? [];
    while (remaining.length > 0 && endpoints.length < maxEndpointsPerSlice) {
      endpoints.push(remaining.shift()!);
    }
    slice.endpoints = orNull(endpoints);
  }
  plan.update.push(...toUpdate);
  while (remaining.length > 0) {
    const fit =
      remaining.length < maxEndpointsPerSlice
        ? sliceToFill(unchanged, remaining.length)
        : undefined;
    if (fit) {
      unchanged.splice(unchanged.indexOf(fit), 1);
      plan.update.push(rewritten(fit, [...(fit.endpoints ?? []), ...remaining.splice(0)], labels));
      continue;
    }
    const batch = remaining.splice(0, maxEndpointsPerSlice);
    plan.create.push(newEndpointSlice(service, group.ports, batch));
  }
}

/** placeholderSliceCompare: an endpoint-less, port-less slice with the right labels. */
function isPlaceholder(slice: EndpointSlice, labels: Record<string, string>): boolean {
  return (
    (slice.endpoints ?? []).length === 0 &&
    (slice.ports ?? []).length === 0 &&
    slice.addressType === 'IPv4' &&
    jsonEqual(slice.metadata.labels ?? {}, labels)
  );
}

/**
 * The endpointslice reconciler for one Service and address type (IPv4): compares the desired
 * endpoints, grouped by port list, with the slices the controller manages for the Service and
 * plans the fewest writes. Slices owned by another Service of that name are deleted; a Service
 * without endpoints keeps one placeholder slice; a slice due to go is rewritten rather than
 * deleted when a new one would otherwise be created.
 */
export function planSlices(
  service: Service,
  desired: Map<string, DesiredGroup>,
  existing: readonly EndpointSlice[],
): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const labels = sliceLabels(service);
  const byPorts = new Map<string, EndpointSlice[]>();
  const sorted = [...existing].sort((a, b) =>
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
  for (const slice of sorted) {
    if (!ownedBy(slice, service) || slice.addressType !== 'IPv4') {
      plan.delete.push(slice);
      continue;
    }
    const key = portsKey(slice.ports);
    byPorts.set(key, [...(byPorts.get(key) ?? []), slice]);
  }
  for (const [key, group] of desired)
    planGroup(service, group, byPorts.get(key) ?? [], labels, plan);
  for (const [key, slices] of byPorts) if (!desired.has(key)) plan.delete.push(...slices);

  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder = newEndpointSlice(service, [], []);
    if (plan.delete.length === 1 && isPlaceholder(plan.delete[0], labels)) plan.delete = [];
    else plan.create.push(placeholder);
  }

  // Reuse the slices due to go for slices about to be created: one update instead of two writes.
  for (let i = 0; i < plan.delete.length && plan.create.length > 0;) {
    const old = plan.delete[i];
    if (old.addressType === 'IPv4' && ownedBy(old, service)) {
      const fresh = plan.create.pop()!;
      const reused = rewritten(old, fresh.endpoints ?? [], labels);
      reused.ports = fresh.ports;
      plan.update.push(reused);
      plan.delete.splice(i, 1);
    } else i++;
  }
  return plan;
}
