import { parseOptions, type ShellCommand } from './command.ts';

/** GNU `seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST`. */
export const seq: ShellCommand = {
  name: 'seq',
  summary: 'Print a sequence of numbers: seq 5, seq 2 10, seq 0 5 100',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    // Negative numbers are operands, not options.
    const optionArgs: string[] = [];
    const numbers: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (/^-[sf]$/.test(args[i])) optionArgs.push(args[i], args[++i] ?? '');
      else if (/^-[a-zA-Z]/.test(args[i]) || args[i].startsWith('--')) optionArgs.push(args[i]);
      else numbers.push(args[i]);
    }
    const { options } = parseOptions(optionArgs, new Set(['s', 'separator', 'f', 'format']));
    if (numbers.length === 0 || numbers.length > 3) {
      ctx.stderr.write(
        numbers.length === 0
          ? "seq: missing operand\nTry 'seq --help' for more information.\n"
          : `seq: extra operand ‘${numbers[3]}’\nTry 'seq --help' for more information.\n`,
      );
      return 1;
    }
    for (const n of numbers) {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(n)) {
        ctx.stderr.write(
          `seq: invalid floating point argument: ‘${n}’\nTry 'seq --help' for more information.\n`,
        );
        return 1;
      }
    }
    const [first, step, last] =
      numbers.length === 1
        ? ['1', '1', numbers[0]]
        : numbers.length === 2
          ? [numbers[0], '1', numbers[1]]
          : numbers;
    if (Number(step) === 0) {
      ctx.stderr.write(
        `seq: invalid Zero increment value: ‘${step}’\nTry 'seq --help' for more information.\n`,
      );
      return 1;
    }
    const decimals = Math.max(
      ...[first, step].map((n) => (n.includes('.') ? n.split('.')[1].length : 0)),
    );
    const separator = (options.get('s') ?? options.get('separator') ?? '\n') as string;
    const values: string[] = [];
    const a = Number(first);
    const d = Number(step);
    const b = Number(last);
    for (let k = 0; d > 0 ? a + k * d <= b + 1e-9 : a + k * d >= b - 1e-9; k++) {
      values.push((a + k * d).toFixed(decimals));
      if (values.length > 1_000_000) break;
    }
    if (options.has('w') || options.has('equal-width')) {
      const width = Math.max(...values.map((v) => v.length));
      for (let i = 0; i < values.length; i++) {
        const neg = values[i].startsWith('-');
        values[i] =
          (neg ? '-' : '') + values[i].replace('-', '').padStart(width - (neg ? 1 : 0), '0');
      }
    }
    if (values.length > 0) ctx.stdout.write(`${values.join(separator)}\n`);
    return 0;
  },
};
