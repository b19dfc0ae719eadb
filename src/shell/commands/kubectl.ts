import { readAll } from '../io/streams.ts';
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

/**
 * `kubectl ...`: the playground's kubectl (every command it has), with the shell's stdin for
 * `-f -` and the workspace's files for `-f FILE`.
 */
export const kubectl: ShellCommand = {
  name: 'kubectl',
  summary: 'Control the cluster: kubectl get pods, kubectl apply -f my.yaml (k works too)',
  async run(ctx) {
    const words = ctx.argv.slice(1);
    const stdinText = readsStdin(words) ? await readAll(ctx.stdin) : undefined;
    const { workspace, cwd } = ctx.session;
    return ctx.session.host.kubectl(words, {
      stdin: stdinText,
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
