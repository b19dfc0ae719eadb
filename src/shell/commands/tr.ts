import { readLines } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { usageError } from './inputs.ts';

const classes: Record<string, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

/** A tr SET (`a-z`, `[:upper:]`, `\n`) as its characters in order. */
export function expandSet(set: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < set.length; i++) {
    const cls = /^\[:(\w+):\]/.exec(set.slice(i));
    if (cls && classes[cls[1]]) {
      out.push(...classes[cls[1]]);
      i += cls[0].length - 1;
      continue;
    }
    let c = set[i];
    if (c === '\\' && i + 1 < set.length) {
      const e = set[++i];
      c = ({ n: '\n', t: '\t', r: '\r', '\\': '\\' } as Record<string, string>)[e] ?? e;
    }
    if (set[i + 1] === '-' && i + 2 < set.length) {
      const end = set[i + 2];
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++)
        out.push(String.fromCharCode(code));
      i += 2;
      continue;
    }
    out.push(c);
  }
  return out;
}

/** `tr [-d] [-s] SET1 [SET2]`: translate, delete or squeeze characters from stdin. */
export const tr: ShellCommand = {
  name: 'tr',
  summary: 'Translate (SET1 SET2), delete (-d) or squeeze (-s) characters',
  async run(ctx) {
    const { options, operands } = parseOptions(ctx.argv.slice(1), new Set());
    const del = options.has('d') || options.has('delete');
    const squeeze = options.has('s') || options.has('squeeze-repeats');
    if (operands.length === 0) return usageError(ctx, 'missing operand');
    if (!del && !squeeze && operands.length < 2)
      return usageError(
        ctx,
        `missing operand after ‘${operands[0]}’\nTwo strings must be given when translating.`,
      );
    const set1 = expandSet(operands[0]);
    const set2 = operands[1] !== undefined ? expandSet(operands[1]) : [];
    const map = new Map<string, string>();
    if (!del) set1.forEach((c, i) => map.set(c, set2[Math.min(i, set2.length - 1)] ?? c));
    const squeezeSet = new Set(del ? set2 : set2.length > 0 ? set2 : set1);
    let last = '';
    for await (const chunk of readLines(ctx.stdin)) {
      if (ctx.signal.aborted) return 130;
      let out = '';
      for (const ch of chunk) {
        if (del && set1.includes(ch)) continue;
        const c = map.get(ch) ?? ch;
        if (squeeze && c === last && squeezeSet.has(c)) continue;
        out += c;
        last = c;
      }
      ctx.stdout.write(out);
    }
    return 0;
  },
};
