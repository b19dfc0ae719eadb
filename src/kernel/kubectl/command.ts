import type { KubectlContext } from './context.ts';
import { parseFlags, type FlagSpec, type ParsedArgs } from './flags.ts';

/**
 * One kubectl command (`get`, `rollout status`...). `run` writes to the context's stdout and
 * stderr and returns the exit code; it may throw (a StatusError, KubectlError or UsageError),
 * which the runner prints as kubectl does and turns into exit code 1.
 */
export interface Command {
  /** The words that name it: `['get']`, `['rollout', 'status']`, `['config', 'set-context']`. */
  path: string[];
  /** One line, as `kubectl --help` lists commands. */
  short: string;
  /** Usage examples shown by `-h`. */
  examples?: string;
  flags: FlagSpec[];
  run(ctx: KubectlContext, args: ParsedArgs): Promise<number>;
}

/** Flags every command takes (kubectl's global flags that mean something here). */
export const globalFlags: FlagSpec[] = [
  {
    name: 'namespace',
    short: 'n',
    type: 'string',
    usage: 'If present, the namespace scope for this CLI request',
  },
  { name: 'help', short: 'h', type: 'bool', usage: 'help for this command' },
];

const registry: Command[] = [];

/** Adds commands to the registry (each command module calls this once). */
export function register(...commands: Command[]): void {
  for (const c of commands) {
    if (!registry.some((r) => r.path.join(' ') === c.path.join(' '))) registry.push(c);
  }
}

export function registeredCommands(): readonly Command[] {
  return registry;
}

/** The longest registered command path that starts `words`. */
export function findCommand(words: readonly string[]): Command | undefined {
  let best: Command | undefined;
  for (const c of registry) {
    if (c.path.length > words.length) continue;
    if (c.path.every((w, i) => words[i] === w) && (!best || c.path.length > best.path.length))
      best = c;
  }
  return best;
}

/** Parses a command's arguments with its flags and the global ones. */
export function parseCommandArgs(command: Command, args: readonly string[]): ParsedArgs {
  return parseFlags(args, [...command.flags, ...globalFlags]);
}

/** The namespace a command works in: `-n`, else the kubeconfig's current namespace. */
export function namespaceOf(ctx: KubectlContext, args: ParsedArgs): string {
  const n = args.flags.get('namespace');
  return typeof n === 'string' && n !== '' ? n : ctx.config.namespace;
}
