import {
  isReadyEndpoint,
  type EndpointView,
  type ServiceDirectory,
  type ServicePortView,
  type ServiceView,
} from './service-view.ts';

/** Where a connection goes once kube-proxy has looked at its destination. */
export type ProxyDecision =
  /** Not a Service address: the destination stands as it is. */
  | { kind: 'direct' }
  /** A Service address: this endpoint was chosen for the connection. */
  | { kind: 'endpoint'; ip: string; port: number; service: string; nodeName?: string }
  /** A Service address with nothing to send to (no endpoints, or no such port): rejected. */
  | { kind: 'refused'; service: string }
  /** A Service address whose traffic policy leaves no endpoint here: dropped (a timeout). */
  | { kind: 'dropped'; service: string };

export interface ServiceProxyOptions {
  /** This node's name, for the `Local` traffic policies. */
  nodeName: string;
  /** True for an address of some node (NodePorts answer on every node's address). */
  isNodeIP: (ip: string) => boolean;
  /** The cluster clock in ms, for session affinity's timeout. */
  now: () => number;
}

interface Affinity {
  ip: string;
  port: number;
  lastUsed: number;
}

/**
 * kube-proxy's decision for one new connection: matches the destination against Services'
 * ClusterIPs, NodePorts (on any node's address) and load-balancer ingress IPs, then picks one
 * of the Service's ready endpoints in turn (round robin per Service port), or the same one as
 * before for a client when sessionAffinity is ClientIP and its timeout has not run out. With
 * no ready endpoint it falls back to serving, terminating ones, as kube-proxy does, and
 * rejects the connection when there are none.
 */
export class ServiceProxy {
  private readonly turns = new Map<string, number>();
  private readonly affinities = new Map<string, Affinity>();

  constructor(
    private readonly directory: ServiceDirectory,
    private readonly options: ServiceProxyOptions,
  ) {}

  route(clientIP: string, ip: string, port: number): ProxyDecision {
    const match = this.match(ip, port);
    if (!match) return { kind: 'direct' };
    const { service, servicePort, external } = match;
    const key = `${service.metadata.namespace}/${service.metadata.name}`;
    if (!servicePort) return { kind: 'refused', service: key };
    const portKey = `${key}:${servicePort.name ?? ''}`;
    const local =
      (external && service.spec?.type !== 'ClusterIP' && externalPolicy(service) === 'Local') ||
      (!external && internalPolicy(service) === 'Local');
    let candidates = this.endpoints(service, servicePort);
    if (local) {
      candidates = candidates.filter((c) => c.nodeName === this.options.nodeName);
      if (candidates.length === 0) return { kind: 'dropped', service: key };
    }
    if (candidates.length === 0) return { kind: 'refused', service: key };

    const chosen =
      this.sticky(service, portKey, clientIP, candidates) ?? this.next(portKey, candidates);
    if (service.spec?.sessionAffinity === 'ClientIP') {
      this.affinities.set(`${portKey}|${clientIP}`, {
        ip: chosen.ip,
        port: chosen.port,
        lastUsed: this.options.now(),
      });
    }
    return { kind: 'endpoint', ...chosen, service: key };
  }

  /** The Service and port a destination addresses; `external` for NodePort and LB traffic. */
  private match(
    ip: string,
    port: number,
  ): { service: ServiceView; servicePort?: ServicePortView; external: boolean } | undefined {
    const nodeAddress = this.options.isNodeIP(ip);
    for (const service of this.directory.services()) {
      const spec = service.spec ?? {};
      const ports = (spec.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
      const clusterIPs = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
      if (spec.type !== 'ExternalName' && clusterIPs.includes(ip) && ip !== 'None') {
        return { service, servicePort: ports.find((p) => p.port === port), external: false };
      }
      if (nodeAddress && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) {
        const servicePort = ports.find((p) => p.nodePort === port);
        if (servicePort) return { service, servicePort, external: true };
      }
      if (spec.type === 'LoadBalancer') {
        const ingress = service.status?.loadBalancer?.ingress ?? [];
        if (ingress.some((i) => i.ip === ip)) {
          return { service, servicePort: ports.find((p) => p.port === port), external: true };
        }
      }
    }
    return undefined;
  }

  /** The endpoints that may take a new connection on `servicePort`, with their target port. */
  private endpoints(
    service: ServiceView,
    servicePort: ServicePortView,
  ): { ip: string; port: number; nodeName?: string }[] {
    const slices = this.directory.endpointSlices(
      service.metadata.namespace ?? 'default',
      service.metadata.name ?? '',
    );
    const ready: { ip: string; port: number; nodeName?: string }[] = [];
    const fallback: { ip: string; port: number; nodeName?: string }[] = [];
    for (const slice of slices) {
      if ((slice.addressType ?? 'IPv4') !== 'IPv4') continue;
      const slicePort = (slice.ports ?? []).find(
        (p) => (p.name ?? '') === (servicePort.name ?? '') && (p.protocol ?? 'TCP') === 'TCP',
      );
      if (slicePort?.port === undefined) continue;
      for (const endpoint of slice.endpoints ?? []) {
        const ip = endpoint.addresses[0];
        if (!ip) continue;
        const entry = { ip, port: slicePort.port, nodeName: endpoint.nodeName };
        if (isReadyEndpoint(endpoint)) ready.push(entry);
        else if (isServingTerminating(endpoint)) fallback.push(entry);
      }
    }
    const chosen = ready.length > 0 ? ready : fallback;
    // A stable order, so that "in turn" means the same thing on every call.
    return chosen.sort((a, b) => (a.ip === b.ip ? a.port - b.port : a.ip < b.ip ? -1 : 1));
  }

  private sticky(
    service: ServiceView,
    portKey: string,
    clientIP: string,
    candidates: { ip: string; port: number; nodeName?: string }[],
  ): { ip: string; port: number; nodeName?: string } | undefined {
    if (service.spec?.sessionAffinity !== 'ClientIP') return undefined;
    const held = this.affinities.get(`${portKey}|${clientIP}`);
    if (!held) return undefined;
    const timeoutMs =
      (service.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) * 1000;
    if (this.options.now() - held.lastUsed > timeoutMs) return undefined;
    return candidates.find((c) => c.ip === held.ip && c.port === held.port);
  }

  private next<T>(portKey: string, candidates: T[]): T {
    const turn = this.turns.get(portKey) ?? 0;
    this.turns.set(portKey, turn + 1);
    return candidates[turn % candidates.length];
  }
}

function isServingTerminating(endpoint: EndpointView): boolean {
  return endpoint.conditions?.serving === true && endpoint.conditions.terminating === true;
}

function externalPolicy(service: ServiceView): string {
  return service.spec?.externalTrafficPolicy ?? 'Cluster';
}

function internalPolicy(service: ServiceView): string {
  return service.spec?.internalTrafficPolicy ?? 'Cluster';
}
