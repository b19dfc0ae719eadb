import type { InputStream } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { parseDuration } from './duration.ts';

/** What `read` took from a stream beyond the line it returned, for the next `read`. */
const leftovers = new WeakMap<InputStream, string>();

async function readLine(
  input: InputStream,
): Promise<{ line: string; complete: boolean } | undefined> {
  let buffer = leftovers.get(input) ?? '';
  for (;;) {
    const newline = buffer.indexOf('\n');
    if (newline >= 0) {
      leftovers.set(input, buffer.slice(newline + 1));
      return { line: buffer.slice(0, newline), complete: true };
    }
    const chunk = await input.read();
    if (chunk === undefined) {
      leftovers.set(input, '');
      return buffer === '' ? undefined : { line: buffer, complete: false };
    }
    buffer += chunk;
  }
}

/** bash's `read [-r] [-p PROMPT] [-s] [-t SECONDS] [NAME...]`: one line of input into variables. */
export const read: ShellCommand = {
  name: 'read',
  summary: 'Read a line of input into variables: read -p "Name? " name',
  async run(ctx) {
    const parsed = parseOptions(ctx.argv.slice(1), new Set(['p', 't', 'd', 'n', 'u']));
    const { options, operands } = parsed;
    const prompt = options.get('p');
    if (typeof prompt === 'string' && ctx.stdin.isTerminal) ctx.stderr.write(prompt);
    const timeout =
      typeof options.get('t') === 'string' ? parseDuration(options.get('t') as string) : undefined;
    let result: { line: string; complete: boolean } | undefined;
    if (timeout !== undefined) {
      const timer = ctx.session.host.sleep(timeout, ctx.signal).then(
        () => 'timeout' as const,
        () => 'timeout' as const,
      );
      const got = await Promise.race([readLine(ctx.stdin), timer]);
      if (got === 'timeout') return 142;
      result = got;
    } else result = await readLine(ctx.stdin);
    if (ctx.signal.aborted) return 130;
    let line = result?.line ?? '';
    if (!options.has('r')) line = line.replace(/\\(.)/g, '$1');
    const names = operands.length > 0 ? operands : ['REPLY'];
    if (operands.length === 0) ctx.session.set('REPLY', line);
    else {
      let rest = line.replace(/^[ \t]+/, '');
      names.forEach((name, i) => {
        if (i === names.length - 1) {
          ctx.session.set(name, rest.replace(/[ \t]+$/, ''));
          return;
        }
        const m = /^(\S*)[ \t]*/.exec(rest)!;
        ctx.session.set(name, m[1]);
        rest = rest.slice(m[0].length);
      });
    }
    return result?.complete ? 0 : 1;
  },
};
