import { parseOptions, type ShellCommand } from './command.ts';
import { defaultDate } from './date-format.ts';
import { usageError } from './inputs.ts';

/** `ls [-l] [-a] [-1] [PATH...]`: the workspace's files, one per line (or in a row on a terminal). */
export const ls: ShellCommand = {
  name: 'ls',
  summary: 'List the files of the workspace (-l long, -a all, -1 one per line)',
  async run(ctx) {
    const { options, operands } = parseOptions(ctx.argv.slice(1), new Set());
    for (const key of options.keys()) {
      if (!['l', 'a', 'A', '1', 'h', 'all'].includes(key))
        return usageError(
          ctx,
          key.length === 1 ? `invalid option -- '${key}'` : `unrecognized option '--${key}'`,
          2,
        );
    }
    const { workspace, cwd, host } = ctx.session;
    const long = options.has('l');
    const all = options.has('a') || options.has('A') || options.has('all');
    const targets = operands.length > 0 ? operands : ['.'];
    let status = 0;
    const stamp = defaultDate(host.now()).slice(4, 16);
    const entry = (path: string, name: string) => {
      if (!long) return name;
      const dir = workspace.isDirectory(path);
      const size = dir ? 4096 : new TextEncoder().encode(workspace.read(path) ?? '').length;
      return `${dir ? 'drwxr-xr-x 2' : '-rw-r--r-- 1'} user user ${String(size).padStart(5)} ${stamp} ${name}`;
    };
    const write = (names: string[]) => {
      if (names.length === 0) return;
      if (long || options.has('1') || !ctx.stdout.isTerminal)
        ctx.stdout.write(names.map((n) => `${n}\n`).join(''));
      else ctx.stdout.write(`${names.join('  ')}\n`);
    };
    for (const [i, target] of targets.entries()) {
      const path = workspace.resolve(cwd, target);
      if (workspace.isFile(path)) {
        write([entry(path, target)]);
        continue;
      }
      if (!workspace.isDirectory(path)) {
        ctx.stderr.write(`ls: cannot access '${target}': No such file or directory\n`);
        status = 2;
        continue;
      }
      if (targets.length > 1) ctx.stdout.write(`${i > 0 ? '\n' : ''}${target}:\n`);
      const names = workspace.list(path).filter((n) => all || !n.startsWith('.'));
      if (long) ctx.stdout.write(`total ${names.length * 4}\n`);
      write(names.map((n) => entry(`${path === '/' ? '' : path}/${n}`, n)));
    }
    return status;
  },
};
