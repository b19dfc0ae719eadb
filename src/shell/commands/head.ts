import { readAll, readLines } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { openInput, operandsOrStdin, usageError } from './inputs.ts';

/** `-5` (the old form) as `-n5`, unless it is the value of a `-n` or `-c` before it. */
export function oldCountForm(args: string[]): string[] {
  return args.map((a, i) =>
    /^-\d+$/.test(a) && !/^-[nc]$|^--(lines|bytes)$/.test(args[i - 1] ?? '')
      ? `-n${a.slice(1)}`
      : a,
  );
}

/** `head [-n N|-N|-c N] [FILE...]`: the first lines (or bytes); -n -N: all but the last N. */
export const head: ShellCommand = {
  name: 'head',
  summary: 'Print the first 10 lines of input (-n N, -c N)',
  async run(ctx) {
    const parsed = parseOptions(
      oldCountForm(ctx.argv.slice(1)),
      new Set(['n', 'lines', 'c', 'bytes']),
    );
    if (parsed.bad)
      return usageError(ctx, `option requires an argument -- '${parsed.bad.replace(/^-+/, '')}'`);
    const { options, operands } = parsed;
    const linesArg = (options.get('n') ?? options.get('lines')) as string | undefined;
    const bytesArg = (options.get('c') ?? options.get('bytes')) as string | undefined;
    const arg = bytesArg ?? linesArg ?? '10';
    if (!/^-?\d+$/.test(arg)) {
      ctx.stderr.write(`head: invalid number of ${bytesArg ? 'bytes' : 'lines'}: ‘${arg}’\n`);
      return 1;
    }
    const count = Number(arg);
    const names = operandsOrStdin(operands);
    const headers = (names.length > 1 && !options.has('q')) || options.has('v');
    let status = 0;
    for (const [i, name] of names.entries()) {
      const input = openInput(ctx, name);
      if (!input) {
        status = 1;
        continue;
      }
      if (headers)
        ctx.stdout.write(`${i > 0 ? '\n' : ''}==> ${input.stdin ? 'standard input' : name} <==\n`);
      if (bytesArg !== undefined) {
        const text = await readAll(input.stream);
        ctx.stdout.write(
          count >= 0 ? text.slice(0, count) : text.slice(0, Math.max(0, text.length + count)),
        );
        continue;
      }
      if (count < 0) {
        const lines: string[] = [];
        for await (const line of readLines(input.stream)) lines.push(line);
        ctx.stdout.write(lines.slice(0, Math.max(0, lines.length + count)).join(''));
        continue;
      }
      let n = 0;
      if (count === 0) {
        input.stream.close?.();
        continue;
      }
      for await (const line of readLines(input.stream)) {
        if (ctx.signal.aborted) return 130;
        ctx.stdout.write(line);
        if (++n >= count) {
          // Stops reading: a writer into the pipe ends, as SIGPIPE would end it.
          input.stream.close?.();
          break;
        }
      }
    }
    return status;
  },
};
