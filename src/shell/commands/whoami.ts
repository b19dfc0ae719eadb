import type { ShellCommand } from './command.ts';

/** `whoami`. */
export const whoami: ShellCommand = {
  name: 'whoami',
  summary: 'Print the user name',
  async run(ctx) {
    ctx.stdout.write(`${ctx.env.USER ?? 'user'}\n`);
    return 0;
  },
};
