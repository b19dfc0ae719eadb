import type { ShellCommand } from './command.ts';

/** bash's `set`: with no arguments the variables; `set -- ARGS` sets `$1`...; options are accepted. */
export const set: ShellCommand = {
  name: 'set',
  summary: 'List variables, or set the positional parameters: set -- a b c',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const session = ctx.session;
    if (args.length === 0) {
      for (const name of [...session.vars.keys()].sort())
        ctx.stdout.write(`${name}=${quoteValue(session.get(name) ?? '')}\n`);
      return 0;
    }
    const dash = args.indexOf('--');
    if (dash >= 0) {
      session.positional = args.slice(dash + 1);
      return 0;
    }
    const operands = args.filter(
      (a, i) => !/^[-+]/.test(a) && args[i - 1] !== '-o' && args[i - 1] !== '+o',
    );
    if (operands.length > 0) session.positional = operands;
    return 0;
  },
};

function quoteValue(value: string): string {
  return /^[\w./:@%+-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** bash's `shift [N]`. */
export const shift: ShellCommand = {
  name: 'shift',
  summary: 'Drop the first positional parameters',
  async run(ctx) {
    const n = ctx.argv[1] === undefined ? 1 : Number(ctx.argv[1]);
    if (!Number.isInteger(n) || n < 0) {
      ctx.stderr.write(`bash: shift: ${ctx.argv[1]}: numeric argument required\n`);
      return 1;
    }
    if (n > ctx.session.positional.length) return 1;
    ctx.session.positional = ctx.session.positional.slice(n);
    return 0;
  },
};
