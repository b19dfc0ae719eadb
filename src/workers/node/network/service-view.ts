/**
 * What the node's network reads of Services and EndpointSlices: the fields kube-proxy and the
 * cluster DNS use, so that both can be fed from informers or from plain test fixtures.
 */

export interface ServicePortView {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceView {
  metadata: { name?: string; namespace?: string };
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalName?: string;
    ports?: ServicePortView[];
    sessionAffinity?: string;
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
    publishNotReadyAddresses?: boolean;
    externalTrafficPolicy?: string;
    internalTrafficPolicy?: string;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface EndpointView {
  addresses: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export interface EndpointSliceView {
  metadata: { name?: string; namespace?: string; labels?: Record<string, string> };
  addressType?: string;
  endpoints?: EndpointView[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

/** The label that ties an EndpointSlice to its Service. */
export const serviceNameLabel = 'kubernetes.io/service-name';

/** The Services and EndpointSlices the node knows, looked up by name. */
export interface ServiceDirectory {
  service(namespace: string, name: string): ServiceView | undefined;
  services(): readonly ServiceView[];
  /** The EndpointSlices of the Service `namespace/name`. */
  endpointSlices(namespace: string, service: string): readonly EndpointSliceView[];
}

/**
 * Whether an endpoint may receive new connections: `ready` unset counts as ready, as
 * EndpointSlice consumers must read it.
 */
export function isReadyEndpoint(endpoint: EndpointView): boolean {
  return endpoint.conditions?.ready !== false;
}
