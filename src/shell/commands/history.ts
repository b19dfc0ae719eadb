import type { ShellCommand } from './command.ts';

/** bash's `history [N]` (`    1  kubectl get pods`), and `history -c` to forget. */
export const history: ShellCommand = {
  name: 'history',
  summary: 'List the commands typed in this terminal (history N: the last N; -c: clear)',
  async run(ctx) {
    const lines = ctx.session.history;
    const arg = ctx.argv[1];
    if (arg === '-c') {
      lines.length = 0;
      return 0;
    }
    if (arg !== undefined && !/^\d+$/.test(arg)) {
      ctx.stderr.write(`bash: history: ${arg}: numeric argument required\n`);
      return 1;
    }
    const from = arg === undefined ? 0 : Math.max(0, lines.length - Number(arg));
    for (let i = from; i < lines.length; i++)
      ctx.stdout.write(`${String(i + 1).padStart(5)}  ${lines[i]}\n`);
    return 0;
  },
};
