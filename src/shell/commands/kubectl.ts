import { readAll, type InputStream } from '../io/streams.ts';
import type { ShellCommand } from './command.ts';

/** Whether kubectl will read its stdin: `-f -`, `--filename=-`, or a path that is stdin. */
function readsStdin(words: readonly string[]): boolean {
  return words.some(
    (w, i) =>
      ((w === '-f' || w === '--filename' || w === '-k') && words[i + 1] === '-') ||
      w === '-f-' ||
      w === '--filename=-' ||
      w === '/dev/stdin' ||
      w.endsWith('=/dev/stdin'),
  );
}

/** Whether an `exec`, `run` or `attach` line asks for stdin (`-i`, `-it`, `--stdin`). */
function interactive(words: readonly string[]): boolean {
  if (!['exec', 'run', 'attach'].includes(words[0])) return false;
  const dash = words.indexOf('--');
  return words
    .slice(1, dash < 0 ? undefined : dash)
    .some((w) => /^-[a-zA-Z]*i[a-zA-Z]*$/.test(w) || w === '--stdin' || w === '--stdin=true');
}

async function* chunks(input: InputStream): AsyncGenerator<string> {
  for (let chunk = await input.read(); chunk !== undefined; chunk = await input.read()) yield chunk;
}

/**
 * `kubectl ...`: the playground's kubectl (every command it has), with the shell's stdin for
 * `-f -` and the workspace's files for `-f FILE`.
 */
export const kubectl: ShellCommand = {
  name: 'kubectl',
  summary: 'Control the cluster: kubectl get pods, kubectl apply -f my.yaml (k works too)',
  async run(ctx) {
    const words = ctx.argv.slice(1);
    const typed = interactive(words) && ctx.stdin.isTerminal;
    // `-i` from a pipe or a file gives the process what was piped; from the terminal, what is typed.
    const stdinText =
      readsStdin(words) || (interactive(words) && !typed) ? await readAll(ctx.stdin) : undefined;
    const { workspace, cwd } = ctx.session;
    return ctx.session.host.kubectl(words, {
      stdin: stdinText,
      ...(typed ? { input: chunks(ctx.stdin) } : {}),
      readFile: async (path) => {
        if (path === '/dev/stdin') return stdinText;
        return workspace.read(workspace.resolve(cwd, path));
      },
      stdout: (text) => ctx.stdout.write(text),
      stderr: (text) => ctx.stderr.write(text),
      signal: ctx.signal,
      terminal: ctx.stdout.isTerminal,
    });
  },
};
