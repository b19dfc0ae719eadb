/**
 * Where `kubectl create configmap|secret` take their data from, worded as kubectl words each
 * problem: `--from-literal=key=value` (ParseLiteralSource), `--from-file=[key=]path`
 * (ParseFileSource; files come from the terminal's workspace, as `apply -f` reads them) and
 * `--from-env-file` (AddFromEnvFile: `KEY=value` lines, `#` comments, names checked as
 * environment variable names).
 */
import type { KubectlContext } from './context.ts';
import { KubectlError } from './errors.ts';
import { regexError } from '../api/validation/names.ts';

/** `key=value` → [key, value]; the value may hold `=`. */
export function parseLiteralSource(source: string): [string, string] {
  const eq = source.indexOf('=');
  if (eq <= 0) throw new KubectlError(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, eq), source.slice(eq + 1)];
}

/** `path` → [basename, path]; `key=path` → [key, path]. */
export function parseFileSource(source: string): [string, string] {
  const separators = source.split('=').length - 1;
  if (separators === 0) {
    const base = source.replace(/\/+$/, '').split('/').pop();
    return [base || (source.startsWith('/') ? '/' : '.'), source];
  }
  if (separators === 1 && source.startsWith('=')) {
    throw new KubectlError(`key name for file path ${source.slice(1)} missing`);
  }
  if (separators === 1 && source.endsWith('=')) {
    throw new KubectlError(`file path for key name ${source.slice(0, -1)} missing`);
  }
  if (separators > 1) throw new KubectlError("key names or file paths cannot contain '='");
  const [key, path] = source.split('=');
  return [key, path];
}

/**
 * The text of a workspace file, or kubectl's error for a missing one (`error reading <path>:
 * no such file or directory`, as os.Stat fails).
 */
export async function readSourceFile(ctx: KubectlContext, path: string): Promise<string> {
  const text = ctx.readFile ? await ctx.readFile(path) : undefined;
  if (text === undefined)
    throw new KubectlError(`error reading ${path}: no such file or directory`);
  return text;
}

const envVarNameFmt = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const envVarNameRegexp = new RegExp(`^${envVarNameFmt}$`);

/** IsEnvVarName (the strict form kubectl still uses for env files). */
function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!envVarNameRegexp.test(value)) {
    errs.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        envVarNameFmt,
        'my.env-name',
        'MY_ENV.NAME',
        'MyEnvName1',
      ),
    );
  }
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/**
 * The `KEY=value` pairs of an env file, in order: blank lines and `#` comments skipped, leading
 * white space trimmed, a UTF-8 byte-order mark dropped from the first line. A line without `=`
 * takes its value from kubectl's own environment, which here is empty.
 */
export function envFileEntries(text: string): [string, string][] {
  const entries: [string, string][] = [];
  // bufio.ScanLines: lines end at \n, a \r before it is dropped; no empty last line.
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0) line = line.replace(/^\uFEFF/, '');
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const errs = isEnvVarName(key);
    if (errs.length > 0) {
      throw new KubectlError(`${JSON.stringify(key)} is not a valid key name: ${errs.join(';')}`);
    }
    entries.push([key, eq < 0 ? '' : line.slice(eq + 1)]);
  });
  return entries;
}

/** Go's json.Marshal of a JSON value: map keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goJsonMarshal(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sorted((v as Record<string, unknown>)[k]);
    return out;
  };
  return JSON.stringify(sorted(value)).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * kubectl's `--append-hash` suffix: the first ten hex digits of the SHA-256 of `encoded`, with
 * 0, 1, 3, a and e replaced (g, h, k, m, t) so that the suffix never spells a word or a number.
 */
export async function nameHash(encoded: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(encoded)),
  );
  const hex = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}
