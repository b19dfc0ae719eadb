import { readAll } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { openInput, usageError } from './inputs.ts';

/** `uniq [-c] [-d] [-u] [-i] [INPUT]`: adjacent repeated lines folded into one. */
export const uniq: ShellCommand = {
  name: 'uniq',
  summary: 'Fold adjacent repeated lines (-c count, -d repeated only, -u unique only, -i)',
  async run(ctx) {
    const { options, operands } = parseOptions(ctx.argv.slice(1), new Set());
    for (const key of options.keys()) {
      if (!['c', 'count', 'd', 'repeated', 'u', 'unique', 'i', 'ignore-case'].includes(key))
        return usageError(
          ctx,
          key.length === 1 ? `invalid option -- '${key}'` : `unrecognized option '--${key}'`,
        );
    }
    const input = openInput(ctx, operands[0] ?? '-');
    if (!input) return 1;
    const text = await readAll(input.stream);
    const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
    const fold = options.has('i') || options.has('ignore-case');
    const same = (a: string, b: string) => (fold ? a.toLowerCase() === b.toLowerCase() : a === b);
    const groups: { line: string; count: number }[] = [];
    for (const line of lines) {
      const last = groups[groups.length - 1];
      if (last && same(last.line, line)) last.count++;
      else groups.push({ line, count: 1 });
    }
    const counted = options.has('c') || options.has('count');
    for (const g of groups) {
      if ((options.has('d') || options.has('repeated')) && g.count < 2) continue;
      if ((options.has('u') || options.has('unique')) && g.count > 1) continue;
      ctx.stdout.write(counted ? `${String(g.count).padStart(7)} ${g.line}\n` : `${g.line}\n`);
    }
    return 0;
  },
};
