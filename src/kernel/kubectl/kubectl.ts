import { splitWords } from './argv.ts';
import { findCommand, parseCommandArgs, registeredCommands, type Command } from './command.ts';
import { Collector, type KubectlContext } from './context.ts';
import { formatError } from './errors.ts';
import { GoTemplatePrintError } from './printers/go-template.ts';
import { clientWithWarnings } from './warning-writer.ts';
import './commands/index.ts';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function helpText(command: Command): string {
  const lines = [command.short, ''];
  if (command.examples) lines.push('Examples:', command.examples, '');
  lines.push('Options:');
  for (const f of command.flags) {
    const short = f.short ? `-${f.short}, ` : '    ';
    lines.push(
      `    ${short}--${f.name}${f.type === 'bool' ? '' : '=' + (f.default ?? "''")}:`,
      `\t${f.usage}`,
      '',
    );
  }
  lines.push(`Usage:`, `  kubectl ${command.path.join(' ')} [options]`, '');
  return lines.join('\n') + '\n';
}

function overview(): string {
  const width = Math.max(...registeredCommands().map((c) => c.path.join(' ').length)) + 3;
  const lines = ['kubectl controls the Kubernetes cluster manager.', '', 'Commands:'];
  const seen = new Set<string>();
  for (const c of registeredCommands()) {
    if (seen.has(c.path[0])) continue;
    seen.add(c.path[0]);
    lines.push(`  ${c.path[0].padEnd(width)}${c.short}`);
  }
  lines.push('', 'Usage:', '  kubectl [flags] [options]', '');
  return lines.join('\n') + '\n';
}

/**
 * Runs one kubectl command given as words (`['get', 'pods', '-o', 'wide']`, without the
 * leading `kubectl`), writing to the context's stdout and stderr, and returns the exit code:
 * 0 on success, 1 on an error, printed as kubectl prints it.
 */
export async function runKubectlArgs(
  words: readonly string[],
  ctx: KubectlContext,
): Promise<number> {
  if (words.length === 0 || words[0] === 'help' || words[0] === '--help' || words[0] === '-h') {
    ctx.stdout.write(overview());
    return 0;
  }
  const command = findCommand(words);
  if (!command) {
    const close = suggest(words[0]);
    ctx.stderr.write(`error: unknown command "${words[0]}" for "kubectl"\n`);
    if (close) ctx.stderr.write(`\nDid you mean this?\n${close}`);
    ctx.stderr.write(`Run 'kubectl --help' for usage.\n`);
    return 1;
  }
  try {
    const args = parseCommandArgs(command, words.slice(command.path.length));
    if (args.flags.get('help') === true) {
      ctx.stdout.write(helpText(command));
      return 0;
    }
    return await command.run({ ...ctx, client: clientWithWarnings(ctx.client, ctx.stderr) }, args);
  } catch (err) {
    // A failed go-template has printed its partial output and debugging help on stdout.
    if (err instanceof GoTemplatePrintError) ctx.stdout.write(err.output);
    ctx.stderr.write(`${formatError(err, command.path.join(' '))}\n`);
    return 1;
  }
}

function suggest(word: string): string {
  const names = [...new Set(registeredCommands().map((c) => c.path[0]))];
  const close = names.filter((n) => distance(n, word) <= 2);
  return close.map((n) => `\t${n}\n`).join('');
}

/** Levenshtein distance, for cobra's "Did you mean this?" suggestions. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return d[a.length][b.length];
}

/**
 * `kubectl(line)` for the script API and tests: the line may start with `kubectl` (or be the
 * words a shell has already split); output is collected, and also passed to `onOutput` as it
 * is written (a terminal shows `-w` rows as they come). A line that does not parse is an
 * error, as the shell would give.
 */
export async function kubectl(
  line: string | readonly string[],
  ctx: Omit<KubectlContext, 'stdout' | 'stderr'>,
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void,
): Promise<KubectlResult> {
  const stdout = new Collector(onOutput && ((text) => onOutput('stdout', text)));
  const stderr = new Collector(onOutput && ((text) => onOutput('stderr', text)));
  let words: string[];
  try {
    words = typeof line === 'string' ? splitWords(line) : [...line];
  } catch (err) {
    return { stdout: '', stderr: `${(err as Error).message}\n`, exitCode: 2 };
  }
  if (words[0] === 'kubectl') words = words.slice(1);
  const exitCode = await runKubectlArgs(words, { ...ctx, stdout, stderr });
  return { stdout: stdout.text, stderr: stderr.text, exitCode };
}
