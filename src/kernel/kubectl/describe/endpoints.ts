import { endpoints as endpointsResource } from '../../api/resources.ts';
import type { Endpoints } from '../../types/service.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { printAnnotations, printLabels } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

/**
 * `kubectl describe endpoints` (describeEndpoints): per subset its ready and not-ready
 * addresses and its Name/Port/Protocol table, each subset followed by a blank line.
 */
export const describeEndpoints: Describer = async (ctx, namespace, name) => {
  const ep = await ctx.client.get<Endpoints>(endpointsResource, namespace, name);
  const ns = ep.metadata.namespace ?? namespace;
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ep.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${ns}\n`);
  printLabels(w, 'Labels', ep.metadata.labels);
  printAnnotations(w, 'Annotations', ep.metadata.annotations);
  w.write(0, 'Subsets:\n');
  for (const subset of ep.subsets ?? []) {
    const ready = (subset.addresses ?? []).map((a) => a.ip).join(',');
    w.write(1, `Addresses:\t${ready || '<none>'}\n`);
    const notReady = (subset.notReadyAddresses ?? []).map((a) => a.ip).join(',');
    w.write(1, `NotReadyAddresses:\t${notReady || '<none>'}\n`);
    const ports = subset.ports ?? [];
    if (ports.length > 0) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const port of ports) {
        w.write(2, `${port.name || '<unset>'}\t${port.port}\t${port.protocol ?? ''}\n`);
      }
    }
    w.write(0, '\n');
  }
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      { name: ep.metadata.name ?? name, namespace: ns, kind: 'Endpoints', uid: ep.metadata.uid },
    ]);
  }
  return w.result();
};
