import type { ShellCommand } from './command.ts';

/** `touch FILE...`: creates the files that do not exist. */
export const touch: ShellCommand = {
  name: 'touch',
  summary: 'Create empty files',
  async run(ctx) {
    const { workspace, cwd } = ctx.session;
    const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (names.length === 0) {
      ctx.stderr.write("touch: missing file operand\nTry 'touch --help' for more information.\n");
      return 1;
    }
    let status = 0;
    for (const name of names) {
      const path = workspace.resolve(cwd, name);
      if (workspace.isFile(path) || workspace.isDirectory(path)) continue;
      if (!workspace.canCreate(path)) {
        ctx.stderr.write(`touch: cannot touch '${name}': No such file or directory\n`);
        status = 1;
      } else workspace.write(path, '');
    }
    return status;
  },
};
