/**
 * The contract of a shell command: a name, a line for `help`, and `run`, which reads stdin,
 * writes stdout and stderr, and resolves to an exit status (0 success; 1 failure; 2 misuse,
 * as the real tools use them). Commands stop when `signal` aborts (Ctrl-C, `kill`, a closed pipe).
 */
import type { InputStream, OutputStream } from '../io/streams.ts';
import type { ShellSession } from '../session.ts';

export interface CommandContext {
  /** The words, the command's name first. */
  argv: string[];
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  /** The exported environment, with this command's `NAME=value` prefixes. */
  env: Record<string, string>;
  signal: AbortSignal;
  /** The shell running it (its directory, variables, jobs, workspace and host). */
  session: ShellSession;
}

export interface ShellCommand {
  name: string;
  /** One line for `help`. */
  summary: string;
  run(ctx: CommandContext): Promise<number>;
}

/** Resolves when the signal aborts (a command that runs until Ctrl-C). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Splits `-abc` option clusters, `-n 5`/`-n5` and `--name=value`/`--name value` (for names in
 * `withValue`); options may follow operands, as GNU tools allow, until `--`. `bad` names an
 * option that lacks its value.
 */
export function parseOptions(
  args: readonly string[],
  withValue: ReadonlySet<string>,
): {
  options: Map<string, string | true>;
  /** Every value of each option given several times (`-e a -e b`). */
  lists: Map<string, string[]>;
  operands: string[];
  bad?: string;
} {
  const options = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const operands: string[] = [];
  const setValue = (name: string, value: string) => {
    options.set(name, value);
    lists.set(name, [...(lists.get(name) ?? []), value]);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (eq >= 0) setValue(name, arg.slice(eq + 1));
      else if (withValue.has(name)) {
        if (i + 1 >= args.length) return { options, lists, operands, bad: `--${name}` };
        setValue(name, args[++i]);
      } else options.set(name, true);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j];
        if (withValue.has(letter)) {
          const rest = arg.slice(j + 1);
          if (rest) setValue(letter, rest);
          else if (i + 1 < args.length) setValue(letter, args[++i]);
          else return { options, lists, operands, bad: `-${letter}` };
          break;
        }
        options.set(letter, true);
      }
      continue;
    }
    operands.push(arg);
  }
  return { options, lists, operands };
}
