import type { ShellCommand } from './command.ts';

/** `env [-u NAME] [NAME=VALUE...] [COMMAND [ARG...]]`: prints the environment, or runs a command with it changed. */
export const env: ShellCommand = {
  name: 'env',
  summary: 'Print the environment, or run a command in a changed one: env NAME=value command',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const environment: Record<string, string> = { ...ctx.env };
    let clear = false;
    while (args.length > 0) {
      const a = args[0];
      if (a === '-i' || a === '--ignore-environment' || a === '-') {
        clear = true;
        args.shift();
      } else if (a === '-u' || a === '--unset') {
        args.shift();
        delete environment[args.shift() ?? ''];
      } else if (a.startsWith('--unset=')) {
        delete environment[args.shift()!.slice(8)];
      } else break;
    }
    const assigned: Record<string, string> = {};
    while (args.length > 0 && /^[^=]+=/.test(args[0])) {
      const a = args.shift()!;
      const eq = a.indexOf('=');
      assigned[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const final = { ...(clear ? {} : environment), ...assigned };
    if (args.length === 0) {
      ctx.stdout.write(
        Object.entries(final)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      );
      return 0;
    }
    return ctx.session.runArgv(args, ctx, ctx.signal, assigned);
  },
};
