import { readLines } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { openInput, operandsOrStdin, usageError } from './inputs.ts';

/** A LIST of `cut`: `1,3`, `2-`, `-4`, `2-5`, as a test on 1-based positions. */
function parseList(list: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of list.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '')) return undefined;
    const from = m[1] ? Number(m[1]) : 1;
    const to = m[2] ? (m[3] ? Number(m[3]) : Infinity) : from;
    if (from < 1) return undefined;
    ranges.push([from, to]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

/** `cut -d SEP -f LIST` / `cut -c LIST`: selected fields or characters of each line. */
export const cut: ShellCommand = {
  name: 'cut',
  summary: 'Print selected fields (-d SEP -f LIST) or characters (-c LIST) of each line',
  async run(ctx) {
    const parsed = parseOptions(
      ctx.argv.slice(1),
      new Set(['d', 'delimiter', 'f', 'fields', 'c', 'characters', 'b', 'bytes']),
    );
    if (parsed.bad)
      return usageError(ctx, `option requires an argument -- '${parsed.bad.replace(/^-+/, '')}'`);
    const { options, operands } = parsed;
    const fields = (options.get('f') ?? options.get('fields')) as string | undefined;
    const chars = (options.get('c') ??
      options.get('characters') ??
      options.get('b') ??
      options.get('bytes')) as string | undefined;
    if (!fields && !chars)
      return usageError(ctx, 'you must specify a list of bytes, characters, or fields');
    const selected = parseList((fields ?? chars)!);
    if (!selected) {
      ctx.stderr.write(
        `cut: invalid field value ‘${fields ?? chars}’\nTry 'cut --help' for more information.\n`,
      );
      return 1;
    }
    const delimiter =
      ((options.get('d') ?? options.get('delimiter')) as string | undefined) ?? '\t';
    if (delimiter.length !== 1) {
      ctx.stderr.write(
        "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n",
      );
      return 1;
    }
    const onlyDelimited = options.has('s') || options.has('only-delimited');
    let status = 0;
    for (const name of operandsOrStdin(operands)) {
      const input = openInput(ctx, name);
      if (!input) {
        status = 1;
        continue;
      }
      for await (const raw of readLines(input.stream)) {
        if (ctx.signal.aborted) return 130;
        const line = raw.replace(/\n$/, '');
        if (chars) {
          ctx.stdout.write(`${[...line].filter((_, i) => selected(i + 1)).join('')}\n`);
          continue;
        }
        if (!line.includes(delimiter)) {
          if (!onlyDelimited) ctx.stdout.write(`${line}\n`);
          continue;
        }
        ctx.stdout.write(
          `${line
            .split(delimiter)
            .filter((_, i) => selected(i + 1))
            .join(delimiter)}\n`,
        );
      }
    }
    return status;
  },
};
