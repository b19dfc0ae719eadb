import { readAll } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { openInput, usageError } from './inputs.ts';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of bytes, with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63] : '=';
  }
  return out;
}

/** Decodes base64 (newlines ignored; with `ignoreGarbage`, other stray characters too); `ok` false if invalid. */
export function decodeBase64(
  text: string,
  ignoreGarbage = false,
): { bytes: Uint8Array; ok: boolean } {
  const clean = text.replace(ignoreGarbage ? /[^A-Za-z0-9+/=]/g : /\n/g, '');
  const bytes: number[] = [];
  let bits = 0;
  let count = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '=') {
      // Padding ends a quantum of 2 or 3 characters (`==` or `=`), whose 1 or 2 bytes are kept;
      // GNU base64 then goes on decoding, so padded pieces may follow one another.
      if (count === 2) bytes.push((bits >> 4) & 255);
      if (count === 3) bytes.push((bits >> 10) & 255, (bits >> 2) & 255);
      const padded = count === 3 || (count === 2 && clean[i + 1] === '=');
      if (!padded) return { bytes: new Uint8Array(bytes), ok: false };
      if (count === 2) i++;
      bits = 0;
      count = 0;
      continue;
    }
    const v = alphabet.indexOf(c);
    if (v < 0) {
      // GNU base64 writes what it decoded up to the bad character, partial quantum included.
      if (count === 2) bytes.push((bits >> 4) & 255);
      if (count === 3) bytes.push((bits >> 10) & 255, (bits >> 2) & 255);
      return { bytes: new Uint8Array(bytes), ok: false };
    }
    bits = (bits << 6) | v;
    count++;
    if (count === 4) {
      bytes.push((bits >> 16) & 255, (bits >> 8) & 255, bits & 255);
      bits = 0;
      count = 0;
    }
  }
  if (count === 1) return { bytes: new Uint8Array(bytes), ok: false };
  if (count === 2) bytes.push((bits >> 4) & 255);
  if (count === 3) bytes.push((bits >> 10) & 255, (bits >> 2) & 255);
  return { bytes: new Uint8Array(bytes), ok: count === 0 };
}

/** GNU `base64 [-d] [-i] [-w COLS] [FILE]`: encodes (wrapped at 76 columns) or decodes. */
export const base64: ShellCommand = {
  name: 'base64',
  summary: 'Base64 encode or decode (-d, --decode) stdin or a file (-w 0: no wrapping)',
  async run(ctx) {
    const parsed = parseOptions(ctx.argv.slice(1), new Set(['w', 'wrap']));
    if (parsed.bad)
      return usageError(ctx, `option requires an argument -- '${parsed.bad.replace(/^-+/, '')}'`);
    const { options, operands } = parsed;
    for (const key of options.keys()) {
      if (!['d', 'decode', 'i', 'ignore-garbage', 'w', 'wrap'].includes(key))
        return usageError(
          ctx,
          key.length === 1 ? `invalid option -- '${key}'` : `unrecognized option '--${key}'`,
        );
    }
    if (operands.length > 1) return usageError(ctx, `extra operand ‘${operands[1]}’`);
    const input = openInput(ctx, operands[0] ?? '-');
    if (!input) return 1;
    const text = await readAll(input.stream);
    if (options.has('d') || options.has('decode')) {
      const { bytes, ok } = decodeBase64(text, options.has('i') || options.has('ignore-garbage'));
      ctx.stdout.write(new TextDecoder().decode(bytes));
      if (!ok) {
        ctx.stderr.write('base64: invalid input\n');
        return 1;
      }
      return 0;
    }
    const wrapArg = (options.get('w') ?? options.get('wrap') ?? '76') as string;
    if (!/^\d+$/.test(wrapArg)) {
      ctx.stderr.write(`base64: invalid wrap size: ‘${wrapArg}’\n`);
      return 1;
    }
    const wrap = Number(wrapArg);
    const encoded = encodeBase64(new TextEncoder().encode(text));
    if (encoded === '') return 0;
    // Unwrapped output (-w 0) ends without a newline, as GNU base64's does.
    if (wrap === 0) ctx.stdout.write(encoded);
    else ctx.stdout.write(`${(encoded.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []).join('\n')}\n`);
    return 0;
  },
};
