import type { ShellCommand } from './command.ts';

/** `pwd`: the shell's directory. */
export const pwd: ShellCommand = {
  name: 'pwd',
  summary: 'Print the current directory',
  async run(ctx) {
    ctx.stdout.write(`${ctx.session.cwd}\n`);
    return 0;
  },
};
