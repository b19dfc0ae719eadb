import { register, registeredCommands } from './command.ts';
import { UsageError } from './flags.ts';

export interface ParentCommand {
  /** The group's word: `rollout`, `set`. */
  name: string;
  short: string;
  /** The long description kubectl prints first, already laid out. */
  long: string;
  examples?: string;
  /** Where kubectl's DefaultSubCommandRun writes the help (rollout: stdout, set: stderr). */
  helpTo: 'stdout' | 'stderr';
}

/**
 * Registers a command group such as `kubectl rollout` as kubectl's DefaultSubCommandRun
 * behaves: alone it prints its help, listing the registered subcommands, and exits 1;
 * with an unknown subcommand it fails with `unknown command "x"` and the help hint.
 * Register it before its subcommands, so the command overview shows its summary.
 */
export function registerParent(parent: ParentCommand): void {
  register({
    path: [parent.name],
    short: parent.short,
    examples: parent.examples,
    flags: [],
    async run(ctx, args) {
      if (args.positionals.length > 0)
        throw new UsageError(`unknown command "${args.positionals.join(' ')}"`);
      const subcommands = registeredCommands()
        .filter((c) => c.path.length === 2 && c.path[0] === parent.name)
        .sort((a, b) => (a.path[1] < b.path[1] ? -1 : 1));
      const width = Math.max(11, ...subcommands.map((c) => c.path[1].length));
      let text = `${parent.long}\n\n`;
      if (parent.examples) text += `Examples:\n${parent.examples}\n\n`;
      text += 'Available Commands:\n';
      for (const c of subcommands) text += `  ${c.path[1].padEnd(width)} ${c.short}\n`;
      text +=
        `\nUsage:\n  kubectl ${parent.name} SUBCOMMAND [options]\n\n` +
        `Use "kubectl ${parent.name} <command> --help" for more information about a given command.\n` +
        'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
      ctx[parent.helpTo].write(text);
      return 1;
    },
  });
}
