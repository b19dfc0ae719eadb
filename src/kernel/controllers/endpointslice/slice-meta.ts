import { services } from '../../api/resources.ts';
import type { EndpointSlice, EndpointSlicePort, Endpoint } from '../../types/discovery.ts';
import type { Service } from '../../types/service.ts';
import { newControllerRef } from '../util/controller-ref.ts';

/** The label naming a slice's Service. */
export const serviceNameLabel = 'kubernetes.io/service-name';
/** The label naming the controller that manages a slice. */
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
/** This controller's value of the managed-by label. */
export const endpointSliceControllerName = 'endpointslice-controller.k8s.io';
/** The label on the endpoints of a Service without a cluster IP. */
export const headlessLabel = 'service.kubernetes.io/headless';

/**
 * setEndpointSliceLabels: the Service's own labels, the headless label when it has no cluster
 * IP, and the two reserved labels (which a Service cannot override).
 */
export function sliceLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.metadata.labels ?? {})) {
    if (k !== serviceNameLabel && k !== managedByLabel) labels[k] = v;
  }
  const clusterIP = service.spec?.clusterIP;
  if (!clusterIP || clusterIP === 'None') labels[headlessLabel] = '';
  else delete labels[headlessLabel];
  labels[serviceNameLabel] = service.metadata.name ?? '';
  labels[managedByLabel] = endpointSliceControllerName;
  return labels;
}

/** True for a slice this controller manages for `service` (by labels, as its lister selects). */
export function isManagedSliceOf(slice: EndpointSlice, service: { name?: string }): boolean {
  const labels = slice.metadata.labels ?? {};
  return (
    labels[serviceNameLabel] === service.name &&
    labels[managedByLabel] === endpointSliceControllerName
  );
}

/** An empty list is stored as null: a round trip through storage leaves nothing else. */
export function orNull<T>(list: T[]): T[] | null {
  return list.length > 0 ? list : null;
}

/**
 * newEndpointSlice: `<service>-` plus a generated suffix, owned by the Service (controller
 * reference), labelled for it, IPv4.
 */
export function newEndpointSlice(
  service: Service,
  ports: EndpointSlicePort[],
  endpoints: Endpoint[],
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${service.metadata.name}-`,
      namespace: service.metadata.namespace,
      labels: sliceLabels(service),
      ownerReferences: [newControllerRef(service, services)],
    },
    addressType: 'IPv4',
    endpoints: orNull(endpoints),
    ports: orNull(ports),
  };
}
