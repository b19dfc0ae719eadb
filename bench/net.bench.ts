import type { ContainerNetRequest, DataMessage } from '../src/workers/net/protocol.ts';
import { BuiltinImageRegistry } from '../src/workers/runtime/image-registry.ts';
import { WorkerContainerRuntime } from '../src/workers/runtime/runtime.ts';
import { isPullFailure, type RunningContainer } from '../src/workers/runtime/types.ts';

/**
 * Request/response latency over one connection between two container workers: the built-in
 * netcat image as an echo server (`-l`) and as a client (`--ping N`) that sends a 5-byte line,
 * waits for it to come back, and repeats, timing each round trip with its monotonic clock.
 * Bytes go worker to worker over the connection's MessageChannel; the page only plays the
 * node, routing the connect (as the node workers would) and holding the reset ports. Uses the
 * bundled app that scripts/bench.mjs serves under /app/.
 */
export const name = 'net';

const ROUND_TRIPS = 5000;
const SERVER_IP = '10.244.0.10';

export async function run(): Promise<Record<string, number>> {
  const app = new URL('/app/', location.href);
  const runtime = new WorkerContainerRuntime({ workerUrl: new URL('container-worker.js', app) });
  const image = await new BuiltinImageRegistry(new URL('images/', app)).pull('netcat:1.0');
  if (isPullFailure(image)) throw new Error(image.message);

  const listening = new Map<string, RunningContainer>();
  const resetPorts: MessagePort[] = [];
  let nextId = 1;
  const start = async (ip: string, args: string[], onLine: (line: string) => void) => {
    // Requests come only once start() has returned the container.
    const started: { container?: RunningContainer } = {};
    const request = (message: ContainerNetRequest) => {
      const container = started.container;
      if (!container) throw new Error('a request before the container started');
      if (message.type === 'listen') {
        listening.set(`${ip}:${message.port}`, container);
        container.network({ type: 'listen-result', id: message.id, errno: 0 });
      } else if (message.type === 'connect') {
        const server = listening.get(`${message.host}:${message.port}`);
        if (!server) {
          message.data.postMessage({ t: 'refused' } satisfies DataMessage);
          return;
        }
        const clientReset = new MessageChannel();
        const serverReset = new MessageChannel();
        resetPorts.push(clientReset.port1, serverReset.port1);
        message.data.postMessage({ t: 'ctl', port: serverReset.port2 } satisfies DataMessage, [
          serverReset.port2,
        ]);
        server.network({
          type: 'incoming',
          id: nextId++,
          local: { ip: message.host, port: message.port },
          peer: { ip, port: 40000 + nextId },
          data: message.data,
          ctl: clientReset.port2,
        });
      }
    };
    let partial = '';
    started.container = await runtime.start(
      {
        containerID: `wasi://bench-net-${nextId++}`,
        image,
        args,
        env: [],
        network: { listenPorts: [], request },
      },
      (stream, text) => {
        if (stream !== 'stdout') return;
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        lines.forEach(onLine);
      },
    );
    return started.container;
  };

  let listeningLine!: () => void;
  const ready = new Promise<void>((resolve) => (listeningLine = resolve));
  const server = await start(SERVER_IP, ['-l', '7000'], (line) => {
    if (line.startsWith('listening on')) listeningLine();
  });
  await ready;
  let summary = '';
  const begun = performance.now();
  const client = await start(
    '10.244.0.11',
    ['--ping', String(ROUND_TRIPS), SERVER_IP, '7000'],
    (line) => {
      summary = line;
    },
  );
  const exit = await client.exited;
  const wallMs = performance.now() - begun;
  server.kill();
  for (const port of resetPorts) port.close();
  // `N round trips in X ms: p50 Y us, p99 Z us`
  const match = /^(\d+) round trips in ([\d.]+) ms: p50 (\d+) us, p99 (\d+) us$/.exec(summary);
  if (exit.exitCode !== 0 || !match) {
    throw new Error(`netcat --ping failed (exit ${exit.exitCode}): ${summary}`);
  }
  const [, count, ms, p50, p99] = match.map(Number);
  return {
    net_round_trips_per_sec: Math.round((count / ms) * 1000),
    net_rtt_p50_us: p50,
    net_rtt_p99_us: p99,
    net_ping_client_wall_ms: Math.round(wallMs),
  };
}
