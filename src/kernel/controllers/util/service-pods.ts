import type { Pod } from '../../types/core.ts';
import type { Service } from '../../types/service.ts';

/**
 * The pods a Service's plain-map selector picks, as a predicate; undefined for a Service that
 * selects nothing automatically (no selector, an empty one, or ExternalName): its endpoints
 * are written by hand.
 */
export function serviceSelector(service: Service): ((pod: Pod) => boolean) | undefined {
  if (service.spec?.type === 'ExternalName') return undefined;
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return undefined;
  const entries = Object.entries(selector);
  return (pod) => {
    const labels = pod.metadata.labels ?? {};
    return entries.every(([k, v]) => labels[k] === v);
  };
}

/** The Services of the pod's namespace whose selector picks it. */
export function servicesSelecting(services: Service[], pod: Pod): Service[] {
  return services.filter((s) => serviceSelector(s)?.(pod) ?? false);
}

/**
 * endpointsliceutil.ShouldPodBeInEndpoints: a pod with an IP that has not finished;
 * terminating ones only when `includeTerminating`.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** The pod's IPv4 addresses (status.podIPs, else status.podIP). */
export function podIPv4s(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip);
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  return ips.filter((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip));
}

/** ShouldSetHostname: a pod with a hostname whose subdomain is this Service. */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  return (
    !!pod.spec.hostname &&
    pod.spec.subdomain === service.metadata.name &&
    pod.metadata.namespace === service.metadata.namespace
  );
}
