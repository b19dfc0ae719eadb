import type { ShellCommand } from './command.ts';

/** bash's `unset [-v|-f] NAME...`. */
export const unset: ShellCommand = {
  name: 'unset',
  summary: 'Remove variables (or functions, -f)',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let functions = false;
    while (args[0] === '-f' || args[0] === '-v') functions = args.shift() === '-f';
    let status = 0;
    for (const name of args) {
      if (!/^[A-Za-z_]\w*$/.test(name)) {
        ctx.stderr.write(`bash: unset: \`${name}': not a valid identifier\n`);
        status = 1;
      } else if (functions) ctx.session.functions.delete(name);
      else ctx.session.unset(name);
    }
    return status;
  },
};
