import { secrets } from '../../api/resources.ts';
import type { Secret } from '../../types/config.ts';
import { base64ByteLength } from '../../api/validation/secret-data.ts';
import { bytesToText, decodeBase64 } from '../../util/go-base64.ts';
import type { Describer } from './describer.ts';
import { byteOrder, printAnnotations, printLabels } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

function tokenText(value: string): string {
  try {
    return bytesToText(decodeBase64(value));
  } catch {
    return '';
  }
}

/**
 * `kubectl describe secret`: the type and each key with its size (`password: 8 bytes`), never
 * a value; only a service account token's `token` is shown, as kubectl shows it. kubectl lists
 * no events for secrets.
 */
export const describeSecret: Describer = async (ctx, namespace, name) => {
  const secret = await ctx.client.get<Secret>(secrets, namespace, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${secret.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${secret.metadata.namespace ?? ''}\n`);
  printLabels(w, 'Labels', secret.metadata.labels);
  printAnnotations(w, 'Annotations', secret.metadata.annotations);
  w.write(0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(0, '\nData\n====\n');
  const data = secret.data ?? {};
  for (const key of Object.keys(data).sort(byteOrder)) {
    if (key === 'token' && secret.type === 'kubernetes.io/service-account-token') {
      w.write(0, `${key}:\t${tokenText(data[key])}\n`);
    } else {
      w.write(0, `${key}:\t${base64ByteLength(data[key])} bytes\n`);
    }
  }
  return w.result();
};
