/**
 * core/v1 Service defaulting (SetDefaults_Service): type ClusterIP, sessionAffinity None (its
 * config dropped) or ClientIP with a 10800 s timeout, ports TCP with targetPort = port,
 * externalTrafficPolicy Cluster for externally reachable services, internalTrafficPolicy
 * Cluster, allocateLoadBalancerNodePorts true and ingress ipMode VIP for LoadBalancers.
 * IP families and cluster IPs are not defaults: the registry fills them in as it allocates.
 */
import type { KubeObject } from '../../types/meta.ts';
import { externallyAccessible } from '../service/service-fields.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null;

/** DefaultClientIPServiceAffinitySeconds: three hours. */
export const defaultClientIPAffinitySeconds = 10800;

/** Defaults a Service in place. */
export function defaultService(service: KubeObject): void {
  if (!isObj(service.spec)) service.spec = {};
  const spec = service.spec as Obj;
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const config = spec.sessionAffinityConfig;
    const clientIP = isObj(config) ? config.clientIP : undefined;
    if (!isObj(clientIP) || unset(clientIP.timeoutSeconds)) {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: defaultClientIPAffinitySeconds } };
    }
  }
  if (!spec.type) spec.type = 'ClusterIP';
  if (Array.isArray(spec.ports)) {
    for (const port of spec.ports) {
      if (!isObj(port)) continue;
      if (!port.protocol) port.protocol = 'TCP';
      if (unset(port.targetPort) || port.targetPort === 0 || port.targetPort === '') {
        port.targetPort = typeof port.port === 'number' ? port.port : 0;
      }
    }
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy)
    spec.externalTrafficPolicy = 'Cluster';
  const type = spec.type;
  if (
    unset(spec.internalTrafficPolicy) &&
    (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer')
  ) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (type === 'LoadBalancer') {
    if (unset(spec.allocateLoadBalancerNodePorts)) spec.allocateLoadBalancerNodePorts = true;
    defaultIngressIPMode(service);
  }
}

/** Ingress points with an IP and no ipMode get VIP (the LoadBalancerIPMode defaulting). */
export function defaultIngressIPMode(service: KubeObject): void {
  const status = service.status;
  const lb = isObj(status) ? status.loadBalancer : undefined;
  const ingress = isObj(lb) ? lb.ingress : undefined;
  if (!Array.isArray(ingress)) return;
  for (const entry of ingress) {
    if (isObj(entry) && entry.ip && unset(entry.ipMode)) entry.ipMode = 'VIP';
  }
}
