import { readAll } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { oldCountForm } from './head.ts';
import { openInput, operandsOrStdin, usageError } from './inputs.ts';

/** The last `count` lines of text (or from line N on with `+N`). */
function lastLines(text: string, spec: string): string {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  if (spec.startsWith('+')) return lines.slice(Math.max(0, Number(spec.slice(1)) - 1)).join('');
  const count = Math.abs(Number(spec));
  return count === 0 ? '' : lines.slice(-count).join('');
}

/** `tail [-n N|-n +N|-N|-c N] [-f] [FILE...]`: the last lines; -f keeps printing what a file gains. */
export const tail: ShellCommand = {
  name: 'tail',
  summary: 'Print the last 10 lines of input (-n N, -n +N, -c N, -f)',
  async run(ctx) {
    const parsed = parseOptions(
      oldCountForm(ctx.argv.slice(1)),
      new Set(['n', 'lines', 'c', 'bytes', 's', 'sleep-interval']),
    );
    const old = ctx.argv
      .slice(1)
      .find((a, i, all) => /^-\d+$/.test(a) && !/^-[nc]$/.test(all[i - 1] ?? ''));
    // GNU tail takes the old `-N` form only with a single file.
    if (old && parsed.operands.length > 1) {
      ctx.stderr.write(`tail: option used in invalid context -- ${old.slice(1)}\n`);
      return 1;
    }
    if (parsed.bad)
      return usageError(ctx, `option requires an argument -- '${parsed.bad.replace(/^-+/, '')}'`);
    const { options, operands } = parsed;
    const linesArg = (options.get('n') ?? options.get('lines')) as string | undefined;
    const bytesArg = (options.get('c') ?? options.get('bytes')) as string | undefined;
    const arg = bytesArg ?? linesArg ?? '10';
    if (!/^[+-]?\d+$/.test(arg)) {
      ctx.stderr.write(`tail: invalid number of ${bytesArg ? 'bytes' : 'lines'}: ‘${arg}’\n`);
      return 1;
    }
    const follow = options.has('f') || options.has('follow') || options.has('F');
    const names = operandsOrStdin(operands);
    const headers = names.length > 1 && !options.has('q');
    let status = 0;
    for (const [i, name] of names.entries()) {
      const input = openInput(ctx, name);
      if (!input) {
        status = 1;
        continue;
      }
      if (headers)
        ctx.stdout.write(`${i > 0 ? '\n' : ''}==> ${input.stdin ? 'standard input' : name} <==\n`);
      const text = await readAll(input.stream);
      if (bytesArg !== undefined) {
        const n = Number(arg);
        ctx.stdout.write(
          arg.startsWith('+')
            ? text.slice(n - 1)
            : text.slice(Math.max(0, text.length - Math.abs(n))),
        );
      } else ctx.stdout.write(lastLines(text, arg));
    }
    const file = operands.length === 1 && operands[0] !== '-' ? operands[0] : undefined;
    if (follow && file && status === 0) {
      const { workspace, cwd, host } = ctx.session;
      const path = workspace.resolve(cwd, file);
      let seen = workspace.read(path)?.length ?? 0;
      for (;;) {
        try {
          await host.sleep(1000, ctx.signal);
        } catch {
          return 130;
        }
        const now = workspace.read(path) ?? '';
        if (now.length < seen) {
          ctx.stderr.write(`tail: ${file}: file truncated\n`);
          seen = 0;
        }
        if (now.length > seen) ctx.stdout.write(now.slice(seen));
        seen = now.length;
      }
    }
    return status;
  },
};
