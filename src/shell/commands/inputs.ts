/**
 * The inputs of a command that reads files or stdin (`cat`, `grep`, `head`...): each operand
 * as a stream (`-` is stdin; none at all means stdin), with the tools' wording for a missing
 * file or a directory.
 */
import { textInput, type InputStream } from '../io/streams.ts';
import type { CommandContext } from './command.ts';

export interface NamedInput {
  /** The operand as given (`-` or `(standard input)` shown for stdin by the caller). */
  name: string;
  stream: InputStream;
  stdin: boolean;
}

/** Opens one operand; undefined (after printing `cmd: name: No such file or directory`) if it cannot be read. */
export function openInput(ctx: CommandContext, name: string): NamedInput | undefined {
  if (name === '-') return { name, stream: ctx.stdin, stdin: true };
  const { workspace, cwd } = ctx.session;
  const path = workspace.resolve(cwd, name);
  if (path === '/dev/stdin') return { name, stream: ctx.stdin, stdin: true };
  if (path === '/dev/null') return { name, stream: textInput(''), stdin: false };
  const text = workspace.read(path);
  if (text === undefined) {
    const why = workspace.isDirectory(path) ? 'Is a directory' : 'No such file or directory';
    ctx.stderr.write(`${ctx.argv[0]}: ${name}: ${why}\n`);
    return undefined;
  }
  return { name, stream: textInput(text), stdin: false };
}

/** The operands to read: those given, or stdin alone. */
export function operandsOrStdin(operands: readonly string[]): string[] {
  return operands.length > 0 ? [...operands] : ['-'];
}

/** `cmd: invalid option -- 'x'` and the `Try 'cmd --help'` line, status 2 (1 for some tools). */
export function usageError(ctx: CommandContext, message: string, status = 1): number {
  const name = ctx.argv[0];
  ctx.stderr.write(`${name}: ${message}\nTry '${name} --help' for more information.\n`);
  return status;
}
