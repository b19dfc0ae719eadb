/**
 * Base64 as Go's encoding/base64 StdEncoding reads and writes it, which is how the API server
 * decodes `[]byte` fields (Secret data, ConfigMap binaryData) from JSON: padding required,
 * `\r` and `\n` ignored, and the first problem reported as
 * `illegal base64 data at input byte N` at the offset Go reports.
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decodeMap = new Map([...alphabet].map((c, i) => [c, i]));
const isNewline = (c: string | undefined) => c === '\n' || c === '\r';

/** Go's CorruptInputError text. */
function corrupt(offset: number): string {
  return `illegal base64 data at input byte ${offset}`;
}

interface Quantum {
  next: number;
  /** The 6-bit values read (2 to 4 of them). */
  values: number[];
  error?: string;
}

/** One step of Go's decodeQuantum: up to four characters, padding and newlines handled as Go does. */
function decodeQuantum(src: string, start: number): Quantum {
  const values: number[] = [];
  let si = start;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return { next: si, values };
      return { next: si, values, error: corrupt(si - j) };
    }
    const c = src[si++];
    const value = decodeMap.get(c);
    if (value !== undefined) {
      values.push(value);
      continue;
    }
    if (isNewline(c)) {
      j--;
      continue;
    }
    if (c !== '=' || j < 2) return { next: si, values, error: corrupt(si - 1) };
    if (j === 2) {
      // A second `=` must follow the first, newlines aside.
      while (si < src.length && isNewline(src[si])) si++;
      if (si === src.length) return { next: si, values, error: corrupt(src.length) };
      if (src[si] !== '=') return { next: si, values, error: corrupt(si - 1) };
      si++;
    }
    while (si < src.length && isNewline(src[si])) si++;
    return si < src.length ? { next: si, values, error: corrupt(si) } : { next: si, values };
  }
  return { next: si, values };
}

function decode(text: string): { bytes: Uint8Array; error?: string } {
  const out: number[] = [];
  let si = 0;
  while (si < text.length) {
    const q = decodeQuantum(text, si);
    if (q.error) return { bytes: new Uint8Array(out), error: q.error };
    if (q.values.length === 0) break;
    const [a = 0, b = 0, c = 0, d = 0] = q.values;
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    const bytes = [(bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff];
    out.push(...bytes.slice(0, q.values.length - 1));
    si = q.next;
  }
  return { bytes: new Uint8Array(out) };
}

/** Go's decode error for `text`, or undefined when it is valid base64. */
export function base64Error(text: string): string | undefined {
  return decode(text).error;
}

/** The bytes `text` encodes; throws Go's error for invalid input. */
export function decodeBase64(text: string): Uint8Array {
  const { bytes, error } = decode(text);
  if (error) throw new Error(error);
  return bytes;
}

/** StdEncoding of `bytes`, padded. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const bits = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += alphabet[(bits >> 18) & 63] + alphabet[(bits >> 12) & 63];
    out += b === undefined ? '=' : alphabet[(bits >> 6) & 63];
    out += c === undefined ? '=' : alphabet[bits & 63];
  }
  return out;
}

/** The base64 of a string's UTF-8 bytes (`[]byte(s)` encoded). */
export function encodeBase64Text(text: string): string {
  return encodeBase64(new TextEncoder().encode(text));
}

/** The bytes as Go's `string(b)` sees them, decoded as UTF-8 (invalid sequences become U+FFFD). */
export function bytesToText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
