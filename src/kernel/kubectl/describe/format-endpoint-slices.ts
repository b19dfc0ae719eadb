import type { EndpointSlice } from '../../types/discovery.ts';
import { joinHostPort } from '../printers/columns/service-columns.ts';

const maxListed = 3;

/**
 * formatEndpointSlices, the Endpoints line of `describe service` and the backends of
 * `describe ingress`: the ready (or unknown-readiness) endpoints of the slices as `ip:port`
 * for the slice ports named in `portNames` (every port when undefined; just the IP in a slice
 * without ports), the first three, then ` + N more...`; `<none>` when there are no slices.
 */
export function formatEndpointSlices(
  slices: readonly EndpointSlice[],
  portNames?: ReadonlySet<string>,
): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    const ports = slice.ports ?? [];
    // null: a slice without ports (a headless Service's), listed by address alone.
    const targets: (number | null)[] =
      ports.length === 0
        ? [null]
        : ports.filter((p) => !portNames || portNames.has(p.name ?? '')).map((p) => p.port ?? 0);
    for (const port of targets) {
      for (const endpoint of endpoints) {
        // kubectl marks the list full before skipping a not-ready endpoint.
        if (list.length === maxListed) more = true;
        if (endpoint.conditions?.ready === false) continue;
        const address = endpoint.addresses[0];
        if (!more) list.push(port === null ? address : joinHostPort(address, port));
        count++;
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - maxListed} more...` : text;
}
