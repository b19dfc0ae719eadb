import type { PageAction, ShellHost } from '../../shell/host.ts';
import type { Playground } from '../playground-api.ts';

/**
 * The shell's host over a playground: kubectl runs in the page against its cluster, the API,
 * the cluster network and the page's localhost ports come from the playground, time is the
 * real clock, and page actions go to `page`.
 */
export function playgroundShellHost(
  playground: () => Playground | undefined,
  options: { columns(): number; page?(action: PageAction): void },
): ShellHost {
  const running = () => {
    const p = playground();
    if (!p) throw new Error('the cluster is not running');
    return p;
  };
  return {
    async kubectl(words, io) {
      let streamed = false;
      const result = await running().kubectl(words, {
        signal: io.signal,
        stdin: io.stdin,
        input: io.input,
        readFile: io.readFile,
        onOutput: (stream, text) => {
          streamed = true;
          if (stream === 'stderr') io.stderr(text);
          else io.stdout(text);
        },
      });
      // A runner that does not stream (a test's fake) answers at the end.
      if (!streamed) {
        io.stdout(result.stdout);
        io.stderr(result.stderr);
      }
      return result.exitCode;
    },
    api: (request) => running().request(request),
    connect: (ip, port) => running().connect(ip, port),
    localHttp: (port, request, signal) => running().localHttp(port, request, signal),
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    now: () => Date.now(),
    columns: options.columns,
    page: options.page,
    machines: {
      running: () =>
        running()
          .nodes()
          .map((n) => n.name),
      now: () => running().clusterTime(),
      kill: (name) => running().killNode(name),
      start: (name) => running().chaos.restartNode(name),
    },
  };
}
