import { formatLabels } from '../../../api/selectors/label-selector.ts';
import type { EndpointSlice, EndpointSlicePort, Endpoint } from '../../../types/discovery.ts';
import type {
  Endpoints,
  LoadBalancerIngress,
  Service,
  ServicePort,
} from '../../../types/service.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

/** How many bytes of load-balancer addresses a narrow table shows (loadBalancerWidth). */
const loadBalancerWidth = 16;
/** How many entries the list cells show before ` + N more...`. */
const maxListed = 3;

/** net.JoinHostPort: an IPv6 address goes in brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * loadBalancerStatusStringer: the ingress IPs (else hostnames), sorted and de-duplicated,
 * clipped to 16 characters with `...` unless `wide`.
 */
export function loadBalancerAddresses(
  ingress: readonly LoadBalancerIngress[] | undefined,
  wide: boolean,
): string {
  const set = new Set<string>();
  for (const entry of ingress ?? []) {
    if (entry.ip) set.add(entry.ip);
    else if (entry.hostname) set.add(entry.hostname);
  }
  const text = [...set].sort().join(',');
  return !wide && text.length > loadBalancerWidth
    ? `${text.slice(0, loadBalancerWidth - 3)}...`
    : text;
}

/**
 * EXTERNAL-IP (getServiceExternalIP): external IPs for ClusterIP and NodePort (else `<none>`),
 * load-balancer addresses then external IPs for LoadBalancer (else `<pending>`), the external
 * name for ExternalName.
 */
export function serviceExternalIP(service: Service, wide: boolean): string {
  const spec = service.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(service.status?.loadBalancer?.ingress, wide);
      if (externalIPs.length > 0) {
        return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      }
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

/** PORT(S) (makePortString): `80/TCP`, `80:30080/TCP`, comma-joined. */
export function servicePorts(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) =>
      (p.nodePort ?? 0) > 0
        ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}`
        : `${p.port}/${p.protocol ?? ''}`,
    )
    .join(',');
}

/** `kubectl get services` columns (printService). */
export const serviceColumns: Column<Service>[] = [
  nameColumn,
  { header: 'TYPE', cell: (s) => s.spec?.type ?? '' },
  { header: 'CLUSTER-IP', cell: (s) => s.spec?.clusterIPs?.[0] ?? '<none>' },
  { header: 'EXTERNAL-IP', cell: (s, _now, wide) => serviceExternalIP(s, wide ?? false) },
  { header: 'PORT(S)', cell: (s) => servicePorts(s.spec?.ports) || '<none>' },
  ageColumn,
  { header: 'SELECTOR', wide: true, cell: (s) => formatLabels(s.spec?.selector) },
];

/**
 * formatEndpoints with every port: `ip:port` for each ready address and port (just the IP in
 * a subset without ports), the first three, then ` + N more...`; `<none>` without subsets.
 */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  const add = (text: string) => {
    count++;
    if (list.length === maxListed) more = true;
    else list.push(text);
  };
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    if (ports.length === 0) {
      for (const a of addresses) add(a.ip);
      continue;
    }
    for (const port of ports) for (const a of addresses) add(joinHostPort(a.ip, port.port));
  }
  const text = list.join(',');
  return more ? `${text} + ${count - maxListed} more...` : text;
}

/** listWithMoreString: the first three, ` + N more...`, or `<unset>` when there are none. */
function listWithMore(items: readonly string[]): string {
  const text = items.slice(0, maxListed).join(',');
  if (items.length > maxListed) return `${text} + ${items.length - maxListed} more...`;
  return text === '' ? '<unset>' : text;
}

/** A slice port as formatDiscoveryPorts shows it: the number, else the name, else `*`. */
function slicePort(port: EndpointSlicePort): string {
  if (port.port !== undefined && port.port !== null) return String(port.port);
  if (port.name !== undefined && port.name !== null) return port.name;
  return '*';
}

/** `kubectl get endpoints` columns (printEndpoints). */
export const endpointsColumns: Column<Endpoints>[] = [
  nameColumn,
  { header: 'ENDPOINTS', cell: (e) => formatEndpoints(e) },
  ageColumn,
];

/** `kubectl get endpointslices` columns (printEndpointSlice). */
export const endpointSliceColumns: Column<EndpointSlice>[] = [
  nameColumn,
  { header: 'ADDRESSTYPE', cell: (s) => s.addressType ?? '' },
  { header: 'PORTS', cell: (s) => listWithMore((s.ports ?? []).map(slicePort)) },
  {
    header: 'ENDPOINTS',
    cell: (s) => listWithMore((s.endpoints ?? []).flatMap((e: Endpoint) => e.addresses ?? [])),
  },
  ageColumn,
];
