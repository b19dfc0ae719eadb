import { readAll } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { openInput, operandsOrStdin, usageError } from './inputs.ts';

/** A `-k` key: the text of fields `from` (1-based) through `to` (to the end if undefined). */
function keyOf(
  line: string,
  separator: string | undefined,
  from: number,
  to: number | undefined,
): string {
  if (separator !== undefined) {
    const fields = line.split(separator);
    return fields.slice(from - 1, to ?? fields.length).join(separator);
  }
  // Without -t, fields are runs of non-blanks, each with the blanks before it.
  const fields = line.match(/\s*\S+/g) ?? [];
  return fields
    .slice(from - 1, to ?? fields.length)
    .join('')
    .trimStart();
}

/** A leading number as `sort -n` reads it (anything else is 0). */
function numeric(text: string): number {
  const m = /^\s*(-?\d*\.?\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

/** `-h`: 2K, 1.5G... */
function humanNumeric(text: string): number {
  const m = /^\s*(-?\d*\.?\d+)([KMGTPE]?)/i.exec(text);
  if (!m) return 0;
  return Number(m[1]) * (m[2] ? 1024 ** ('KMGTPE'.indexOf(m[2].toUpperCase()) + 1) : 1);
}

/** `sort [-n|-h] [-r] [-u] [-f] [-k N[,M]] [-t SEP] [FILE...]`: lines in order (byte order, as in the C locale). */
export const sort: ShellCommand = {
  name: 'sort',
  summary: 'Sort lines (-n numeric, -r reverse, -u unique, -k key, -t separator)',
  async run(ctx) {
    const parsed = parseOptions(
      ctx.argv.slice(1),
      new Set(['k', 'key', 't', 'field-separator', 'o', 'output']),
    );
    if (parsed.bad)
      return usageError(
        ctx,
        `option requires an argument -- '${parsed.bad.replace(/^-+/, '')}'`,
        2,
      );
    const { options, operands } = parsed;
    let text = '';
    for (const name of operandsOrStdin(operands)) {
      const input = openInput(ctx, name);
      if (!input) return 2;
      text += await readAll(input.stream);
      if (text !== '' && !text.endsWith('\n')) text += '\n';
    }
    const lines = text === '' ? [] : text.slice(0, -1).split('\n');
    const keySpec = (options.get('k') ?? options.get('key')) as string | undefined;
    const separator = (options.get('t') ?? options.get('field-separator')) as string | undefined;
    const keyMatch = keySpec
      ? /^(\d+)(?:\.\d+)?[a-zA-Z]*(?:,(\d+)(?:\.\d+)?[a-zA-Z]*)?$/.exec(keySpec)
      : null;
    if (keySpec && !keyMatch) {
      ctx.stderr.write(
        `sort: invalid number at field start: invalid count at start of ‘${keySpec}’\n`,
      );
      return 2;
    }
    const key = (line: string) =>
      keyMatch
        ? keyOf(line, separator, Number(keyMatch[1]), keyMatch[2] ? Number(keyMatch[2]) : undefined)
        : line;
    const numericSort =
      options.has('n') ||
      options.has('numeric-sort') ||
      /n/.test(keySpec?.replace(/^[\d.,]+/, '') ?? '');
    const human = options.has('h') || options.has('human-numeric-sort');
    const fold = options.has('f') || options.has('ignore-case');
    const reverse = options.has('r') || options.has('reverse');
    const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const keyCompare = (a: string, b: string) => {
      const ka = fold ? key(a).toUpperCase() : key(a);
      const kb = fold ? key(b).toUpperCase() : key(b);
      const c = numericSort
        ? numeric(ka) - numeric(kb)
        : human
          ? humanNumeric(ka) - humanNumeric(kb)
          : byte(ka, kb);
      return reverse ? -c : c;
    };
    const unique = options.has('u') || options.has('unique');
    const stable = options.has('s') || options.has('stable') || unique;
    const compare = (a: string, b: string) => {
      const c = keyCompare(a, b);
      // Equal keys fall back to the whole line, as GNU sort's last-resort comparison does.
      if (c !== 0 || stable) return c;
      return reverse ? -byte(a, b) : byte(a, b);
    };
    let sorted = [...lines].sort(compare);
    if (unique)
      sorted = sorted.filter((line, i) => i === 0 || keyCompare(sorted[i - 1], line) !== 0);
    const out = sorted.map((l) => `${l}\n`).join('');
    const outputFile = (options.get('o') ?? options.get('output')) as string | undefined;
    if (outputFile)
      ctx.session.workspace.write(ctx.session.workspace.resolve(ctx.session.cwd, outputFile), out);
    else ctx.stdout.write(out);
    return 0;
  },
};
