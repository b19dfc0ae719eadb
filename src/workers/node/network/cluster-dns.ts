import {
  isReadyEndpoint,
  type EndpointSliceView,
  type ServiceDirectory,
  type ServiceView,
} from './service-view.ts';

/** The cluster's DNS domain, as kubeadm and kind configure it. */
export const clusterDomain = 'cluster.local';
/** The kube-dns Service's ClusterIP: what a pod's resolv.conf names as its nameserver. */
export const clusterDnsIP = '10.96.0.10';
/** resolv.conf's `options ndots:5`: a name with fewer dots tries the search list first. */
const ndots = 5;

export interface DnsAnswer {
  /** The fully qualified name that answered, without the trailing dot (or a CNAME's target). */
  canonicalName: string;
  /** IPv4 addresses; empty for an ExternalName whose target is outside the cluster. */
  addresses: string[];
}

/** What a pod's /etc/hosts holds about itself. */
export interface PodHosts {
  hostname: string;
  ip: string;
  /** `spec.subdomain`: adds `<hostname>.<subdomain>.<ns>.svc.<domain>`. */
  subdomain?: string;
}

/**
 * The cluster DNS as CoreDNS's kubernetes plugin answers it (with `pods insecure`), and the
 * lookup a pod's resolver does around it:
 * - `<svc>.<ns>.svc.<domain>`: the ClusterIP; for a headless Service the addresses of its
 *   ready endpoints (all of them with publishNotReadyAddresses); for ExternalName a CNAME.
 * - `<hostname>.<svc>.<ns>.svc.<domain>`: a headless Service's endpoint with that hostname,
 *   or whose address is written dashed (`10-244-1-5`).
 * - `<a-b-c-d>.<ns>.pod.<domain>`: that address.
 */
export class ClusterDns {
  constructor(
    private readonly directory: ServiceDirectory,
    readonly domain = clusterDomain,
  ) {}

  /**
   * Resolves `name` as a program in a pod of `namespace` would: /etc/hosts first
   * (`localhost`, the pod's own names), then each candidate of the search list
   * `<ns>.svc.<domain> svc.<domain> <domain>` in ndots order; a name ending in `.` is
   * absolute. Undefined when nothing answers (NXDOMAIN).
   */
  resolve(name: string, namespace: string, hosts?: PodHosts): DnsAnswer | undefined {
    const wanted = name.toLowerCase();
    const fromHosts = this.hostsEntry(wanted, namespace, hosts);
    if (fromHosts) return fromHosts;
    if (wanted.endsWith('.')) return this.lookup(wanted);
    const search = [`${namespace}.svc.${this.domain}`, `svc.${this.domain}`, this.domain];
    const searched = search.map((suffix) => `${wanted}.${suffix}`);
    const dots = wanted.split('.').length - 1;
    const candidates = dots >= ndots ? [wanted, ...searched] : [...searched, wanted];
    for (const candidate of candidates) {
      const answer = this.lookup(candidate);
      if (answer) return answer;
    }
    return undefined;
  }

  /** Looks up one fully qualified name (a trailing dot is allowed). */
  lookup(fqdn: string): DnsAnswer | undefined {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    const suffix = `.${this.domain}`;
    if (!name.endsWith(suffix)) return undefined;
    const labels = name.slice(0, -suffix.length).split('.');
    const kind = labels.at(-1);
    if (kind === 'svc' && labels.length === 3) {
      return this.serviceRecord(labels[1], labels[0], name);
    }
    if (kind === 'svc' && labels.length === 4) {
      return this.endpointRecord(labels[2], labels[1], labels[0], name);
    }
    if (kind === 'pod' && labels.length === 3) {
      const ip = dashedAddress(labels[0]);
      return ip ? { canonicalName: name, addresses: [ip] } : undefined;
    }
    return undefined;
  }

  private hostsEntry(name: string, namespace: string, hosts?: PodHosts): DnsAnswer | undefined {
    const bare = name.replace(/\.$/, '');
    if (bare === 'localhost') return { canonicalName: 'localhost', addresses: ['127.0.0.1'] };
    if (!hosts) return undefined;
    const own = [hosts.hostname.toLowerCase()];
    if (hosts.subdomain) {
      own.push(`${own[0]}.${hosts.subdomain}.${namespace}.svc.${this.domain}`.toLowerCase());
    }
    return own.includes(bare) ? { canonicalName: bare, addresses: [hosts.ip] } : undefined;
  }

  private serviceRecord(namespace: string, name: string, fqdn: string): DnsAnswer | undefined {
    const service = this.directory.service(namespace, name);
    if (!service) return undefined;
    const spec = service.spec ?? {};
    if (spec.type === 'ExternalName') {
      if (!spec.externalName) return undefined;
      const target = spec.externalName.toLowerCase().replace(/\.$/, '');
      const inCluster = this.lookup(target);
      return { canonicalName: target, addresses: inCluster?.addresses ?? [] };
    }
    if (isHeadless(service)) {
      const addresses = this.endpointsOf(service).flatMap((endpoint) => endpoint.addresses);
      return addresses.length > 0
        ? { canonicalName: fqdn, addresses: unique(addresses) }
        : undefined;
    }
    return spec.clusterIP ? { canonicalName: fqdn, addresses: [spec.clusterIP] } : undefined;
  }

  private endpointRecord(
    namespace: string,
    serviceName: string,
    host: string,
    fqdn: string,
  ): DnsAnswer | undefined {
    const service = this.directory.service(namespace, serviceName);
    if (!service || !isHeadless(service)) return undefined;
    const dashed = dashedAddress(host);
    const addresses = this.endpointsOf(service)
      .filter((endpoint) =>
        endpoint.hostname
          ? endpoint.hostname.toLowerCase() === host
          : dashed !== undefined && endpoint.addresses.includes(dashed),
      )
      .flatMap((endpoint) => endpoint.addresses);
    return addresses.length > 0 ? { canonicalName: fqdn, addresses: unique(addresses) } : undefined;
  }

  private endpointsOf(service: ServiceView) {
    const namespace = service.metadata.namespace ?? 'default';
    const slices: readonly EndpointSliceView[] = this.directory.endpointSlices(
      namespace,
      service.metadata.name ?? '',
    );
    const all = slices
      .filter((slice) => (slice.addressType ?? 'IPv4') === 'IPv4')
      .flatMap((slice) => slice.endpoints ?? []);
    if (service.spec?.publishNotReadyAddresses) return all;
    return all.filter(isReadyEndpoint);
  }
}

/** A Service without a cluster IP: DNS answers with its endpoints' addresses instead. */
export function isHeadless(service: ServiceView): boolean {
  return service.spec?.clusterIP === 'None';
}

/** `10-244-1-5` → `10.244.1.5`; undefined when the label is not an IPv4 address written so. */
function dashedAddress(label: string): string | undefined {
  const parts = label.split('-');
  if (parts.length !== 4) return undefined;
  if (!parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number).join('.');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
