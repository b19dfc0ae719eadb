/**
 * Facts about a Service spec that defaulting, validation, allocation and the strategy share
 * (pkg/api/service and the service registry's helpers), and the registry's fix-ups of the
 * linked fields clusterIP/clusterIPs and of values it allocated.
 */
import type { ServicePort, ServiceSpec } from '../../types/service.ts';

/** The "None" cluster IP of a headless service. */
export const clusterIPNone = 'None';

/** The spec of a Service-shaped object, or an empty one. */
export function specOf(object: { spec?: unknown; metadata?: unknown }): ServiceSpec {
  const spec = object.spec;
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec)
    ? (spec as ServiceSpec)
    : {};
}

/** The ports of a spec that are objects. */
export function portsOf(spec: ServiceSpec): ServicePort[] {
  return Array.isArray(spec.ports)
    ? spec.ports.filter((p): p is ServicePort => typeof p === 'object' && p !== null)
    : [];
}

/** apiservice.ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with external IPs. */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0)
  );
}

/** apiservice.NeedsHealthCheck: a LoadBalancer keeping external traffic node-local. */
export function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** Every type but ExternalName has cluster IPs (even if only "None"). */
export function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== 'ExternalName';
}

/** NodePort and LoadBalancer services have node ports. */
export function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

/** A headless service: exactly one cluster IP, "None". */
export function isHeadless(spec: ServiceSpec): boolean {
  return (
    Array.isArray(spec.clusterIPs) &&
    spec.clusterIPs.length === 1 &&
    spec.clusterIPs[0] === clusterIPNone
  );
}

/** helper.IsServiceIPSet: a real cluster IP (neither empty nor "None"). */
export function isServiceIPSet(spec: ServiceSpec): boolean {
  return !!spec.clusterIP && spec.clusterIP !== clusterIPNone;
}

/** True when the service selects pods (a nil or empty selector selects nothing here). */
export function hasSelector(spec: ServiceSpec): boolean {
  const selector = spec.selector;
  return typeof selector === 'object' && selector !== null && Object.keys(selector).length > 0;
}

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** sameClusterIPs: both clusterIP and clusterIPs unchanged. */
export function sameClusterIPs(a: ServiceSpec, b: ServiceSpec): boolean {
  return (a.clusterIP ?? '') === (b.clusterIP ?? '') && sameList(a.clusterIPs, b.clusterIPs);
}

/** The node ports set on a spec. */
export function nodePortsOf(spec: ServiceSpec): number[] {
  return portsOf(spec)
    .map((p) => p.nodePort ?? 0)
    .filter((n) => typeof n === 'number' && n !== 0);
}

/**
 * normalizeClusterIPs: keeps clusterIP and clusterIPs in step for clients that set only the
 * singular field (on create), cleared clusterIPs by omission (an old client's update), or
 * changed or cleared clusterIP alone.
 */
export function normalizeClusterIPs(after: ServiceSpec, before?: ServiceSpec): void {
  if (!before) {
    if (after.clusterIP && (after.clusterIPs ?? []).length === 0)
      after.clusterIPs = [after.clusterIP];
    return;
  }
  if ((before.clusterIPs ?? []).length > 0 && (after.clusterIPs ?? []).length === 0) {
    if ((before.clusterIP ?? '') === (after.clusterIP ?? ''))
      after.clusterIPs = [...before.clusterIPs!];
  }
  if ((before.clusterIP ?? '') !== (after.clusterIP ?? '')) {
    if (before.clusterIP && !after.clusterIP) {
      if (sameList(before.clusterIPs, after.clusterIPs)) delete after.clusterIPs;
    } else if (sameList(before.clusterIPs, after.clusterIPs)) {
      after.clusterIPs = [after.clusterIP ?? ''];
    }
  }
}

/**
 * patchAllocatedValues: an update that leaves out what the server allocated (a re-applied
 * manifest without clusterIP or nodePort) keeps the allocated values.
 */
export function patchAllocatedValues(after: ServiceSpec, before: ServiceSpec): void {
  if (needsClusterIP(before) && needsClusterIP(after)) {
    if (!after.clusterIP && before.clusterIP) after.clusterIP = before.clusterIP;
    if ((after.clusterIPs ?? []).length === 0 && (before.clusterIPs ?? []).length > 0) {
      after.clusterIPs = [...before.clusterIPs!];
    }
  }
  if (needsNodePort(before) && needsNodePort(after)) {
    const kept = new Set(nodePortsOf(after));
    const used = new Set(nodePortsOf(before).filter((n) => kept.has(n)));
    const byName = new Map(portsOf(before).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const port of portsOf(after)) {
      if (port.nodePort) continue;
      const old = byName.get(port.name ?? '') ?? 0;
      if (old && !used.has(old)) port.nodePort = old;
    }
  }
  if (
    needsHealthCheck(before) &&
    needsHealthCheck(after) &&
    !after.healthCheckNodePort &&
    before.healthCheckNodePort
  ) {
    after.healthCheckNodePort = before.healthCheckNodePort;
  }
}

/**
 * dropTypeDependentFields: on a type change, fields the old type had and the new one does
 * not use are cleared, when the client left them as they were (the allocator releases what
 * they held). The caller clears the load balancer status of a service that is no longer one.
 */
export function dropTypeDependentFields(after: ServiceSpec, before: ServiceSpec): void {
  if (needsClusterIP(before) && !needsClusterIP(after)) {
    if (sameClusterIPs(before, after)) {
      delete after.clusterIP;
      delete after.clusterIPs;
    }
    if (sameList(before.ipFamilies, after.ipFamilies)) delete after.ipFamilies;
    if ((before.ipFamilyPolicy ?? '') === (after.ipFamilyPolicy ?? '')) delete after.ipFamilyPolicy;
  }
  if (needsNodePort(before) && !needsNodePort(after)) {
    const old = new Set(nodePortsOf(before));
    if (nodePortsOf(after).every((n) => old.has(n))) {
      for (const port of portsOf(after)) delete port.nodePort;
    }
  }
  if (
    needsHealthCheck(before) &&
    !needsHealthCheck(after) &&
    (before.healthCheckNodePort ?? 0) === (after.healthCheckNodePort ?? 0)
  ) {
    delete after.healthCheckNodePort;
  }
  if (before.type === 'LoadBalancer' && after.type !== 'LoadBalancer') {
    if (
      typeof after.allocateLoadBalancerNodePorts === 'boolean' &&
      after.allocateLoadBalancerNodePorts === before.allocateLoadBalancerNodePorts
    ) {
      delete after.allocateLoadBalancerNodePorts;
    }
    if ((before.loadBalancerClass ?? null) === (after.loadBalancerClass ?? null)) {
      delete after.loadBalancerClass;
    }
  }
  if (
    externallyAccessible(before) &&
    !externallyAccessible(after) &&
    before.externalTrafficPolicy === after.externalTrafficPolicy
  ) {
    delete after.externalTrafficPolicy;
  }
}
