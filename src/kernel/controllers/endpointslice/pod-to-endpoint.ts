import type { Node, Pod } from '../../types/core.ts';
import type { Endpoint, EndpointSlicePort } from '../../types/discovery.ts';
import type { Service } from '../../types/service.ts';
import { findPort } from '../util/find-port.ts';
import { isPodReady } from '../util/pod-readiness.ts';
import { podIPv4s, shouldSetHostname } from '../util/service-pods.ts';

const zoneLabel = 'topology.kubernetes.io/zone';

/**
 * podToEndpoint: the pod's IPv4 addresses with its conditions — serving when the pod is
 * Ready, terminating once it is being deleted, ready when serving and not terminating (or
 * always, for a Service publishing not-ready addresses) — its node and zone, and a reference
 * to it.
 */
export function podToEndpoint(pod: Pod, node: Node | undefined, service: Service): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = !!service.spec?.publishNotReadyAddresses || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: podIPv4s(pod),
    conditions: { ready, serving, terminating },
  };
  if (shouldSetHostname(pod, service)) endpoint.hostname = pod.spec.hostname;
  endpoint.targetRef = {
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
  if (pod.spec.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[zoneLabel];
  if (zone) endpoint.zone = zone;
  return endpoint;
}

/**
 * getEndpointPorts: each service port resolved on this pod (a named targetPort through the
 * pod's container ports; ports the pod lacks are left out). A headless Service may have none.
 */
export function endpointPortsFor(service: Service, pod: Pod): EndpointSlicePort[] {
  const ports: EndpointSlicePort[] = [];
  for (const servicePort of service.spec?.ports ?? []) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    const endpointPort: EndpointSlicePort = {
      name: servicePort.name ?? '',
      protocol: servicePort.protocol ?? 'TCP',
      port,
    };
    if (servicePort.appProtocol) endpointPort.appProtocol = servicePort.appProtocol;
    ports.push(endpointPort);
  }
  return ports;
}

/** hashEndpoint's identity: sorted addresses, hostname and the target's namespace/name. */
export function endpointKey(endpoint: Endpoint): string {
  return JSON.stringify([
    [...endpoint.addresses].sort(),
    endpoint.hostname ?? '',
    endpoint.targetRef?.namespace ?? '',
    endpoint.targetRef?.name ?? '',
  ]);
}
