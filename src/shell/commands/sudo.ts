import type { ShellCommand } from './command.ts';

/** `sudo COMMAND...`: the learner's machine asks no password; the command just runs. */
export const sudo: ShellCommand = {
  name: 'sudo',
  summary: 'Run a command as root (here: just run it)',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    while (args[0]?.startsWith('-')) {
      const flag = args.shift()!;
      if (flag === '-u' || flag === '-g') args.shift();
      if (flag === '-i' || flag === '-s') {
        ctx.stderr.write(
          'sudo: this terminal has no root shell; put sudo before the command instead\n',
        );
        return 1;
      }
    }
    if (args.length === 0) {
      ctx.stderr.write('usage: sudo [-u user] command [arg ...]\n');
      return 1;
    }
    return ctx.session.runArgv(args, ctx, ctx.signal);
  },
};
