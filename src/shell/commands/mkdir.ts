import { parseOptions, type ShellCommand } from './command.ts';

/** `mkdir [-p] DIR...`. */
export const mkdir: ShellCommand = {
  name: 'mkdir',
  summary: 'Make directories (-p: with their parents)',
  async run(ctx) {
    const { options, operands } = parseOptions(ctx.argv.slice(1), new Set());
    const parents = options.has('p') || options.has('parents');
    const { workspace, cwd } = ctx.session;
    if (operands.length === 0) {
      ctx.stderr.write("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
      return 1;
    }
    let status = 0;
    for (const name of operands) {
      const path = workspace.resolve(cwd, name);
      if (workspace.isFile(path) || (workspace.isDirectory(path) && !parents)) {
        ctx.stderr.write(`mkdir: cannot create directory ‘${name}’: File exists\n`);
        status = 1;
      } else if (!workspace.mkdir(path, parents)) {
        ctx.stderr.write(`mkdir: cannot create directory ‘${name}’: No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  },
};
