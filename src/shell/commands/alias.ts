import type { ShellCommand } from './command.ts';

const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/** bash's `alias [NAME[=VALUE]...]`. */
export const alias: ShellCommand = {
  name: 'alias',
  summary: 'Define or list aliases: alias k=kubectl',
  async run(ctx) {
    const aliases = ctx.session.aliases;
    const args = ctx.argv.slice(1).filter((a) => a !== '-p');
    if (args.length === 0) {
      for (const name of [...aliases.keys()].sort())
        ctx.stdout.write(`alias ${name}=${quote(aliases.get(name)!)}\n`);
      return 0;
    }
    let status = 0;
    for (const arg of args) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        aliases.set(arg.slice(0, eq), arg.slice(eq + 1));
      } else if (aliases.has(arg)) {
        ctx.stdout.write(`alias ${arg}=${quote(aliases.get(arg)!)}\n`);
      } else {
        ctx.stderr.write(`bash: alias: ${arg}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
};

/** bash's `unalias [-a] NAME...`. */
export const unalias: ShellCommand = {
  name: 'unalias',
  summary: 'Remove aliases (-a: all)',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '-a') {
      ctx.session.aliases.clear();
      return 0;
    }
    let status = 0;
    for (const name of args) {
      if (!ctx.session.aliases.delete(name)) {
        ctx.stderr.write(`bash: unalias: ${name}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
};
