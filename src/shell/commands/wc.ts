import { readAll } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { openInput, operandsOrStdin, usageError } from './inputs.ts';

interface Counts {
  lines: number;
  words: number;
  chars: number;
  bytes: number;
}

function count(text: string): Counts {
  return {
    lines: (text.match(/\n/g) ?? []).length,
    words: (text.match(/\S+/g) ?? []).length,
    chars: [...text].length,
    bytes: new TextEncoder().encode(text).length,
  };
}

/**
 * GNU `wc [-lwcm] [FILE...]`: lines, words and bytes (or the counts asked for), right-aligned
 * as coreutils aligns them: no padding for one count of one input, width 7 when reading stdin,
 * else the width of the largest total.
 */
export const wc: ShellCommand = {
  name: 'wc',
  summary: 'Count lines, words and bytes (-l, -w, -c, -m)',
  async run(ctx) {
    const { options, operands } = parseOptions(ctx.argv.slice(1), new Set());
    for (const key of options.keys()) {
      if (!['l', 'lines', 'w', 'words', 'c', 'bytes', 'm', 'chars'].includes(key))
        return usageError(
          ctx,
          key.length === 1 ? `invalid option -- '${key}'` : `unrecognized option '--${key}'`,
        );
    }
    let wanted = (['lines', 'words', 'chars', 'bytes'] as const).filter(
      (k) => options.has(k) || options.has({ lines: 'l', words: 'w', chars: 'm', bytes: 'c' }[k]),
    );
    if (wanted.length === 0) wanted = ['lines', 'words', 'bytes'];
    const names = operandsOrStdin(operands);
    const rows: { counts: Counts; name: string }[] = [];
    let status = 0;
    let readsStdin = false;
    for (const name of names) {
      const input = openInput(ctx, name);
      if (!input) {
        status = 1;
        continue;
      }
      if (input.stdin) readsStdin = true;
      rows.push({
        counts: count(await readAll(input.stream)),
        name: operands.length === 0 ? '' : name,
      });
    }
    const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0 };
    for (const r of rows)
      for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += r.counts[k];
    if (rows.length > 1) rows.push({ counts: total, name: 'total' });
    const width =
      wanted.length === 1 && names.length === 1
        ? 1
        : readsStdin
          ? 7
          : Math.max(1, String(total.bytes).length);
    for (const r of rows) {
      const cells = wanted.map((k) => String(r.counts[k]).padStart(width));
      ctx.stdout.write(`${cells.join(' ')}${r.name ? ` ${r.name}` : ''}\n`);
    }
    return status;
  },
};
