import { endpointslices, services } from '../../api/resources.ts';
import { formatLabels } from '../../api/selectors/label-selector.ts';
import type { Client } from '../../client/client.ts';
import type { EndpointSlice } from '../../types/discovery.ts';
import type { LoadBalancerIngress, Service } from '../../types/service.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { formatEndpointSlices } from './format-endpoint-slices.ts';
import { printAnnotations, printLabels } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

/** buildIngressString: each ingress IP (with its ` (VIP)`/` (Proxy)` mode) or hostname, `, `-joined. */
function ingressText(ingress: readonly LoadBalancerIngress[]): string {
  return ingress
    .map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : (i.hostname ?? '')))
    .join(', ');
}

/** The Service's EndpointSlices; a failed list reads as none, as kubectl ignores the error. */
async function slicesOf(client: Client, namespace: string, name: string): Promise<EndpointSlice[]> {
  try {
    const list = await client.list<EndpointSlice>(endpointslices, namespace, {
      labelSelector: `kubernetes.io/service-name=${name}`,
    });
    return list.items;
  } catch {
    return [];
  }
}

/**
 * `kubectl describe service` (describeService): selector, type, IP families and addresses,
 * external and load-balancer addresses, each port with its target, node port and ready
 * endpoints (from the Service's EndpointSlices), affinity, traffic policies, then events.
 */
export const describeService: Describer = async (ctx, namespace, name) => {
  const svc = await ctx.client.get<Service>(services, namespace, name);
  const ns = svc.metadata.namespace ?? namespace;
  const svcName = svc.metadata.name ?? name;
  const slices = await slicesOf(ctx.client, ns, svcName);
  const spec = svc.spec ?? {};
  const w = new PrefixWriter();
  w.write(0, `Name:\t${svcName}\n`);
  w.write(0, `Namespace:\t${ns}\n`);
  printLabels(w, 'Labels', svc.metadata.labels);
  printAnnotations(w, 'Annotations', svc.metadata.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  const families = spec.ipFamilies ?? [];
  w.write(0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  const ips = spec.clusterIPs ?? [];
  w.write(0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
  if ((spec.externalIPs ?? []).length > 0) {
    w.write(0, `External IPs:\t${spec.externalIPs!.join(',')}\n`);
  }
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) w.write(0, `LoadBalancer Ingress:\t${ingressText(ingress)}\n`);
  for (const port of spec.ports ?? []) {
    const portName = port.name || '<unset>';
    const protocol = port.protocol ?? '';
    w.write(0, `Port:\t${portName}\t${port.port}/${protocol}\n`);
    w.write(0, `TargetPort:\t${port.targetPort ?? 0}/${protocol}\n`);
    if (port.appProtocol !== undefined) w.write(0, `AppProtocol:\t${port.appProtocol}\n`);
    if (port.nodePort) w.write(0, `NodePort:\t${portName}\t${port.nodePort}/${protocol}\n`);
    const endpoints = formatEndpointSlices(slices, new Set([port.name ?? '']));
    w.write(0, `Endpoints:\t${endpoints}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) {
    w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  }
  if (spec.internalTrafficPolicy) {
    w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  }
  if (spec.healthCheckNodePort) {
    w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  }
  if ((spec.loadBalancerSourceRanges ?? []).length > 0) {
    w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges!.join(',')}\n`);
  }
  if (spec.trafficDistribution !== undefined) {
    w.write(0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
  }
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      { name: svcName, namespace: ns, kind: 'Service', uid: svc.metadata.uid },
    ]);
  }
  return w.result();
};
