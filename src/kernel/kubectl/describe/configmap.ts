import { configmaps } from '../../api/resources.ts';
import type { ConfigMap } from '../../types/config.ts';
import { base64ByteLength } from '../../api/validation/secret-data.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { byteOrder, printAnnotations, printLabels } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

/**
 * `kubectl describe configmap`: every data value in full under its key, binary values by
 * size only (`logo: 3 bytes`), then the events.
 */
export const describeConfigMap: Describer = async (ctx, namespace, name) => {
  const cm = await ctx.client.get<ConfigMap>(configmaps, namespace, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${cm.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
  printLabels(w, 'Labels', cm.metadata.labels);
  printAnnotations(w, 'Annotations', cm.metadata.annotations);
  w.write(0, '\nData\n====\n');
  const data = cm.data ?? {};
  for (const key of Object.keys(data).sort(byteOrder)) {
    w.write(0, `${key}:\n----\n`);
    w.write(0, `${data[key]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  const binary = cm.binaryData ?? {};
  for (const key of Object.keys(binary).sort(byteOrder)) {
    w.write(0, `${key}: ${base64ByteLength(binary[key])} bytes\n`);
  }
  w.write(0, '\n');
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: cm.metadata.name ?? name,
        namespace: cm.metadata.namespace ?? namespace,
        kind: 'ConfigMap',
        uid: cm.metadata.uid,
      },
    ]);
  }
  return w.result();
};
