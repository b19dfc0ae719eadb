import { endpointslices } from '../../api/resources.ts';
import type { EndpointSlice } from '../../types/discovery.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { printAnnotations, printLabels } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

/**
 * `kubectl describe endpointslice` (describeEndpointSliceV1): address type, the ports table,
 * and each endpoint with its readiness, hostname, target, node and zone (`<unset>` when
 * absent).
 */
export const describeEndpointSlice: Describer = async (ctx, namespace, name) => {
  const eps = await ctx.client.get<EndpointSlice>(endpointslices, namespace, name);
  const ns = eps.metadata.namespace ?? namespace;
  const w = new PrefixWriter();
  w.write(0, `Name:\t${eps.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${ns}\n`);
  printLabels(w, 'Labels', eps.metadata.labels);
  printAnnotations(w, 'Annotations', eps.metadata.annotations);
  w.write(0, `AddressType:\t${eps.addressType ?? ''}\n`);
  const ports = eps.ports ?? [];
  if (ports.length === 0) {
    w.write(0, 'Ports: <unset>\n');
  } else {
    w.write(0, 'Ports:\n');
    w.write(1, 'Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const port of ports) {
      const portNumber = port.port !== undefined && port.port !== null ? String(port.port) : '';
      w.write(1, `${port.name || '<unset>'}\t${portNumber || '<unset>'}\t${port.protocol ?? ''}\n`);
    }
  }
  const endpoints = eps.endpoints ?? [];
  if (endpoints.length === 0) {
    w.write(0, 'Endpoints: <none>\n');
  } else {
    w.write(0, 'Endpoints:\n');
    for (const endpoint of endpoints) {
      w.write(1, `- Addresses:\t${(endpoint.addresses ?? []).join(', ') || '<none>'}\n`);
      w.write(2, 'Conditions:\n');
      const ready = endpoint.conditions?.ready;
      w.write(3, `Ready:\t${ready === undefined || ready === null ? '<unset>' : String(ready)}\n`);
      w.write(2, `Hostname:\t${endpoint.hostname ?? '<unset>'}\n`);
      if (endpoint.targetRef) {
        w.write(
          2,
          `TargetRef:\t${endpoint.targetRef.kind ?? ''}/${endpoint.targetRef.name ?? ''}\n`,
        );
      }
      w.write(2, `NodeName:\t${endpoint.nodeName ?? '<unset>'}\n`);
      w.write(2, `Zone:\t${endpoint.zone ?? '<unset>'}\n`);
    }
  }
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: eps.metadata.name ?? name,
        namespace: ns,
        kind: 'EndpointSlice',
        uid: eps.metadata.uid,
      },
    ]);
  }
  return w.result();
};
