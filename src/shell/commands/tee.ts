import { parseOptions, type ShellCommand } from './command.ts';

/** `tee [-a] FILE...`: stdin to stdout and to each file. */
export const tee: ShellCommand = {
  name: 'tee',
  summary: 'Copy stdin to stdout and to files (-a: append)',
  async run(ctx) {
    const { options, operands } = parseOptions(ctx.argv.slice(1), new Set());
    const { workspace, cwd } = ctx.session;
    const append = options.has('a') || options.has('append');
    const paths: string[] = [];
    let status = 0;
    for (const name of operands) {
      const path = workspace.resolve(cwd, name);
      if (path === '/dev/null') continue;
      if (workspace.isDirectory(path) || (!workspace.canCreate(path) && !workspace.isFile(path))) {
        ctx.stderr.write(
          `tee: ${name}: ${workspace.isDirectory(path) ? 'Is a directory' : 'No such file or directory'}\n`,
        );
        status = 1;
        continue;
      }
      if (!append || !workspace.isFile(path)) workspace.write(path, '');
      paths.push(path);
    }
    for (let chunk = await ctx.stdin.read(); chunk !== undefined; chunk = await ctx.stdin.read()) {
      if (ctx.signal.aborted) return 130;
      ctx.stdout.write(chunk);
      for (const p of paths) workspace.append(p, chunk);
    }
    return status;
  },
};
