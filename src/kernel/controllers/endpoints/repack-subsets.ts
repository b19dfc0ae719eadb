import type { EndpointAddress, EndpointPort, EndpointSubset } from '../../types/service.ts';

function addressKey(address: EndpointAddress): string {
  return `${address.ip}|${address.targetRef?.uid ?? ''}`;
}

function portKey(port: EndpointPort | undefined): string {
  return port
    ? JSON.stringify([port.name ?? '', port.port, port.protocol ?? '', port.appProtocol ?? ''])
    : '';
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return a.ip.localeCompare(b.ip) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
}

/**
 * endpoints.RepackSubsets: regroups subsets so that each holds the addresses offering exactly
 * the same ports (ready and not-ready ones apart, an address ready on a port counting as
 * ready there), then sorts them: addresses by IP, ports by name and number, subsets by their
 * first address. Empty lists are left out, as the API serializes them.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port?: EndpointPort; ready: Map<string, boolean> }>();
  const record = (address: EndpointAddress, port: EndpointPort | undefined, ready: boolean) => {
    const key = addressKey(address);
    if (!addresses.has(key)) addresses.set(key, address);
    const pk = portKey(port);
    let entry = byPort.get(pk);
    if (!entry) byPort.set(pk, (entry = { port, ready: new Map() }));
    if (!entry.ready.get(key)) entry.ready.set(key, ready);
  };
  for (const subset of subsets) {
    const ports: (EndpointPort | undefined)[] = subset.ports?.length ? subset.ports : [undefined];
    for (const port of ports) {
      for (const a of subset.addresses ?? []) record(a, port, true);
      for (const a of subset.notReadyAddresses ?? []) record(a, port, false);
    }
  }
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of byPort.values()) {
    const hash = JSON.stringify([...ready].sort(([a], [b]) => a.localeCompare(b)));
    let group = groups.get(hash);
    if (!group) groups.set(hash, (group = { ready, ports: [] }));
    if (port) group.ports.push(port);
  }
  const result: EndpointSubset[] = [];
  for (const { ready, ports } of groups.values()) {
    const readyAddresses: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [key, isReady] of ready)
      (isReady ? readyAddresses : notReady).push(addresses.get(key)!);
    const subset: EndpointSubset = {};
    if (readyAddresses.length > 0) subset.addresses = readyAddresses.sort(compareAddresses);
    if (notReady.length > 0) subset.notReadyAddresses = notReady.sort(compareAddresses);
    if (ports.length > 0) {
      subset.ports = ports.sort(
        (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port,
      );
    }
    result.push(subset);
  }
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '';
  return result.sort(
    (a, b) =>
      first(a).localeCompare(first(b)) ||
      portKey(a.ports?.[0]).localeCompare(portKey(b.ports?.[0])),
  );
}
