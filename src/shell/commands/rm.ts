import { parseOptions, type ShellCommand } from './command.ts';

/** `rm [-f] [-r] FILE...`. */
export const rm: ShellCommand = {
  name: 'rm',
  summary: 'Remove files (-r: directories too, -f: no complaints)',
  async run(ctx) {
    const { options, operands } = parseOptions(ctx.argv.slice(1), new Set());
    const force = options.has('f') || options.has('force');
    const recursive = options.has('r') || options.has('R') || options.has('recursive');
    const { workspace, cwd } = ctx.session;
    if (operands.length === 0 && !force) {
      ctx.stderr.write("rm: missing operand\nTry 'rm --help' for more information.\n");
      return 1;
    }
    let status = 0;
    for (const name of operands) {
      const path = workspace.resolve(cwd, name);
      if (workspace.isDirectory(path)) {
        if (!recursive) {
          ctx.stderr.write(`rm: cannot remove '${name}': Is a directory\n`);
          status = 1;
        } else workspace.removeTree(path);
      } else if (!workspace.remove(path) && !force) {
        ctx.stderr.write(`rm: cannot remove '${name}': No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  },
};
