/** Byte sizes of base64 values, for the size limits of ConfigMap binaryData and Secret data. */
import { decodeBase64 } from '../../util/go-base64.ts';

/**
 * How many bytes a base64 value holds. A value that is not valid base64 (it can only reach
 * validation through a patch) counts as its decodable prefix would, estimated from its length.
 */
export function base64ByteLength(value: unknown): number {
  if (typeof value !== 'string') return 0;
  try {
    return decodeBase64(value).length;
  } catch {
    return Math.floor((value.replace(/[^A-Za-z0-9+/]/g, '').length * 3) / 4);
  }
}
