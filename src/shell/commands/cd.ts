import type { ShellCommand } from './command.ts';

/** bash's `cd [DIR]` (`cd` alone: home; `cd -`: the previous directory, printed). */
export const cd: ShellCommand = {
  name: 'cd',
  summary: 'Change the directory (cd alone: home; cd -: back)',
  async run(ctx) {
    const session = ctx.session;
    const args = ctx.argv.slice(1).filter((a) => a !== '-L' && a !== '-P');
    if (args.length > 1) {
      ctx.stderr.write('bash: cd: too many arguments\n');
      return 1;
    }
    let target = args[0] ?? session.get('HOME') ?? '/';
    if (target === '-') {
      const previous = session.get('OLDPWD');
      if (!previous) {
        ctx.stderr.write('bash: cd: OLDPWD not set\n');
        return 1;
      }
      target = previous;
      ctx.stdout.write(`${previous}\n`);
    }
    const path = session.workspace.resolve(session.cwd, target);
    if (!session.workspace.isDirectory(path)) {
      const why = session.workspace.isFile(path) ? 'Not a directory' : 'No such file or directory';
      ctx.stderr.write(`bash: cd: ${target}: ${why}\n`);
      return 1;
    }
    session.set('OLDPWD', session.cwd);
    session.set('PWD', path);
    return 0;
  },
};
