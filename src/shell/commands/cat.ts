import { readLines } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { openInput, operandsOrStdin, usageError } from './inputs.ts';

/** `cat [-n] [FILE...]`: the files (or stdin) in order, lines numbered with -n. */
export const cat: ShellCommand = {
  name: 'cat',
  summary: 'Concatenate files (or stdin) to the standard output (-n: number lines)',
  async run(ctx) {
    const { options, operands } = parseOptions(ctx.argv.slice(1), new Set());
    for (const key of options.keys()) {
      if (!['n', 'number', 'u', 'E', 'show-ends'].includes(key))
        return usageError(
          ctx,
          key.length === 1 ? `invalid option -- '${key}'` : `unrecognized option '--${key}'`,
        );
    }
    const number = options.has('n') || options.has('number');
    const ends = options.has('E') || options.has('show-ends');
    let status = 0;
    let line = 0;
    for (const name of operandsOrStdin(operands)) {
      const input = openInput(ctx, name);
      if (!input) {
        status = 1;
        continue;
      }
      if (!number && !ends) {
        for (
          let chunk = await input.stream.read();
          chunk !== undefined;
          chunk = await input.stream.read()
        ) {
          if (ctx.signal.aborted) return 130;
          ctx.stdout.write(chunk);
        }
        continue;
      }
      for await (const text of readLines(input.stream)) {
        if (ctx.signal.aborted) return 130;
        const body = ends ? text.replace(/\n$/, '$\n') : text;
        ctx.stdout.write(number ? `${String(++line).padStart(6)}\t${body}` : body);
      }
    }
    return status;
  },
};
