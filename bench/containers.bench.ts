import type { NodeToContainerMessage } from '../src/workers/runtime/container-protocol.ts';
import { runContainer } from '../src/workers/runtime/run-container.ts';
import { WorkerContainerRuntime } from '../src/workers/runtime/runtime.ts';
import type { ResolvedImage, RunningContainer } from '../src/workers/runtime/types.ts';
import { wasiTickerModule } from '../test/workers/runtime/wasm-builder.ts';

/**
 * Container start latency (start() until the module runs, in a fresh worker) and how many
 * sleeping containers one page holds at once (of CONCURRENT tried; V8's per-process budget
 * for WebAssembly memories stops new instances at about 125) while each still logs on time. The containers
 * run a hand-made WASI ticker (one page of memory, prints then sleeps 1 s through
 * poll_oneoff), since the benchmark page cannot fetch dist/images.
 *
 * The benchmark page serves only its own bundle. When it does not also serve
 * container-worker.js, this very bundle doubles as the container worker: loaded in a worker,
 * this module serves the container and never finishes loading, so bench/index.ts never runs
 * its benchmarks there. That worker script is the whole benchmark bundle, so start latency
 * here is somewhat higher than with the app's small dist/container-worker.js.
 */
export const name = 'containers';

const SEQUENTIAL_STARTS = 30;
const CONCURRENT = 200;
const HOLD_MS = 6000;
const TICK_MS = 1000;
/** A ticker is on time when no gap between its lines exceeds this. */
const ON_TIME_GAP_MS = 1500;

const inWorker = typeof window === 'undefined';
if (inWorker) {
  const scope = self as unknown as {
    onmessage: ((event: MessageEvent<NodeToContainerMessage>) => void) | null;
    postMessage(message: unknown): void;
  };
  scope.onmessage = (event) => {
    scope.onmessage = null;
    void runContainer(event.data, (message) => scope.postMessage(message));
  };
  await new Promise<never>(() => {});
}

export async function run(): Promise<Record<string, number>> {
  const runtime = new WorkerContainerRuntime({ workerUrl: await containerWorkerUrl() });
  const bytes = wasiTickerModule('tick\n', TICK_MS);
  const image: ResolvedImage = {
    image: 'mini-ticker:bench',
    imageID: 'builtin://mini-ticker@sha256:bench',
    module: await WebAssembly.compile(bytes),
    bytes,
  };
  let nextId = 0;
  const start = (onLog: () => void) =>
    runtime.start({ containerID: `wasi://bench-${nextId++}`, image, args: [], env: [] }, onLog);

  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL_STARTS; i++) {
    const begun = performance.now();
    const container = await start(() => {});
    latencies.push(performance.now() - begun);
    container.kill();
    await container.exited;
  }
  const first = latencies[0];
  latencies.sort((a, b) => a - b);

  const lines: number[][] = [];
  const begun = performance.now();
  const containers: RunningContainer[] = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) => {
      lines.push([]);
      return start(() => lines[i].push(performance.now()));
    }),
  );
  const allStartedMs = performance.now() - begun;
  // A container that could not start (the tab's WebAssembly memory budget) has already ended.
  let failed = 0;
  for (const container of containers) void container.exited.then(() => failed++);
  await Promise.resolve();
  const holdFrom = performance.now();
  await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
  const onTime = lines.filter((at) => {
    const held = [holdFrom, ...at.filter((t) => t >= holdFrom), performance.now()];
    return held.every((t, i) => i === 0 || t - held[i - 1] <= ON_TIME_GAP_MS);
  }).length;
  const running = CONCURRENT - failed;
  for (const container of containers) container.kill();
  await Promise.all(containers.map((c) => c.exited));

  return {
    containers_first_start_ms: round(first),
    containers_start_ms_median: round(latencies[Math.floor(latencies.length / 2)]),
    containers_start_ms_p90: round(latencies[Math.floor(latencies.length * 0.9)]),
    containers_concurrent_tried: CONCURRENT,
    containers_concurrent_running: running,
    containers_concurrent_all_started_ms: Math.round(allStartedMs),
    containers_concurrent_on_time: onTime,
  };
}

/** dist-style container-worker.js when the page serves it, else this bundle (see above). */
async function containerWorkerUrl(): Promise<URL> {
  const separate = new URL('./container-worker.js', import.meta.url);
  const response = await fetch(separate, { method: 'HEAD' });
  return response.status === 200 ? separate : new URL(import.meta.url);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
