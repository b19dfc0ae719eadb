import type { ShellCommand } from './command.ts';

/** `declare -x NAME="value"`, as `export -p` prints a variable. */
function declaration(name: string, value: string): string {
  return `declare -x ${name}="${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** bash's `export [-n] [-p] [NAME[=VALUE]...]`. */
export const exportCommand: ShellCommand = {
  name: 'export',
  summary: 'Give variables to the commands started from now on: export NAME=value',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let unexport = false;
    while (args[0]?.startsWith('-') && args[0] !== '-') {
      const flag = args.shift()!;
      if (flag === '--') break;
      if (flag === '-n') unexport = true;
      else if (flag !== '-p' && flag !== '-f') {
        ctx.stderr.write(
          `bash: export: ${flag}: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n`,
        );
        return 2;
      }
    }
    const session = ctx.session;
    if (args.length === 0) {
      const names = [...session.vars.keys()].filter((n) => session.vars.get(n)!.exported).sort();
      ctx.stdout.write(names.map((n) => `${declaration(n, session.get(n) ?? '')}\n`).join(''));
      return 0;
    }
    let status = 0;
    for (const arg of args) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!/^[A-Za-z_]\w*$/.test(name)) {
        ctx.stderr.write(`bash: export: \`${arg}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      if (unexport) {
        const v = session.vars.get(name);
        if (v) v.exported = false;
        continue;
      }
      session.export(name, eq < 0 ? undefined : arg.slice(eq + 1));
    }
    return status;
  },
};
