import { BuiltinImageRegistry } from '../src/workers/runtime/image-registry.ts';
import { WorkerContainerRuntime } from '../src/workers/runtime/runtime.ts';
import { isPullFailure, type RunningContainer } from '../src/workers/runtime/types.ts';

/**
 * Container start latency (start() until the module runs, in a fresh worker) and how many
 * sleeping containers one page holds at once (of CONCURRENT tried; V8's per-process budget
 * for WebAssembly memories stops new instances at about 125) while each still logs on time.
 * Uses the bundled app that scripts/bench.mjs serves under /app/: its container worker and
 * the built-in ticker image, printing a line every second. The memory per idle container is
 * the page's measured memory (workers included) with the containers running, less before,
 * divided by how many ran.
 */
export const name = 'containers';

const SEQUENTIAL_STARTS = 30;
const CONCURRENT = 200;
const HOLD_MS = 6000;
/** A ticker is on time when no gap between its lines, within the hold, exceeds this. */
const ON_TIME_GAP_MS = 1500;

export async function run(): Promise<Record<string, number>> {
  const app = new URL('/app/', location.href);
  const runtime = new WorkerContainerRuntime({ workerUrl: new URL('container-worker.js', app) });
  const image = await new BuiltinImageRegistry(new URL('images/', app)).pull('ticker:1.0');
  if (isPullFailure(image)) throw new Error(image.message);
  let nextId = 0;
  const start = (onLog: () => void) =>
    runtime.start(
      { containerID: `wasi://bench-${nextId++}`, image, args: ['--every', '1s'], env: [] },
      onLog,
    );

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

  const memoryBefore = await measureMemory();
  const lines: number[][] = Array.from({ length: CONCURRENT }, () => []);
  const begun = performance.now();
  const containers: RunningContainer[] = await Promise.all(
    lines.map((at) => start(() => at.push(performance.now()))),
  );
  const allStartedMs = performance.now() - begun;
  // A container that could not start (the tab's WebAssembly memory budget) has already ended.
  let failed = 0;
  for (const container of containers) void container.exited.then(() => failed++);
  const holdFrom = performance.now();
  await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
  const holdTo = performance.now();
  const onTime = lines.filter((at) => {
    const held = [holdFrom, ...at.filter((t) => t >= holdFrom), holdTo];
    return held.every((t, i) => i === 0 || t - held[i - 1] <= ON_TIME_GAP_MS);
  }).length;
  const running = CONCURRENT - failed;
  const memoryAfter = await measureMemory();
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
    ...(memoryBefore !== undefined && memoryAfter !== undefined && running > 0
      ? { containers_idle_memory_mb_each: round((memoryAfter - memoryBefore) / running / 2 ** 20) }
      : {}),
  };
}

interface MemoryMeasurement {
  bytes: number;
}

/**
 * The page's memory with all its workers, as Chromium measures it for a cross-origin isolated
 * page (scripts/bench.mjs serves the bench that way); undefined where it cannot measure.
 */
async function measureMemory(): Promise<number | undefined> {
  const perf = performance as Performance & {
    measureUserAgentSpecificMemory?: () => Promise<MemoryMeasurement>;
  };
  if (!crossOriginIsolated || !perf.measureUserAgentSpecificMemory) {
    console.warn('containers bench: memory not measurable (page not cross-origin isolated)');
    return undefined;
  }
  const result = await perf.measureUserAgentSpecificMemory();
  return result.bytes;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
