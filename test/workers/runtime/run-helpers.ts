import { BuiltinImageRegistry } from '../../../src/workers/runtime/image-registry.ts';
import { WorkerContainerRuntime } from '../../../src/workers/runtime/runtime.ts';
import {
  isPullFailure,
  type ContainerFilesystem,
  type ContainerRuntime,
  type LogStream,
  type ResolvedImage,
  type RunningContainer,
} from '../../../src/workers/runtime/types.ts';

/** The images `npm run build:images` writes (web-test-runner serves the repository root). */
export const imagesUrl = new URL('../../../dist/images/', import.meta.url);

export const registry = new BuiltinImageRegistry(imagesUrl);
export const runtime = new WorkerContainerRuntime();

let nextId = 1;

/** A started container and its output so far, with a way to wait for output to come. */
export interface Run {
  container: RunningContainer;
  /** Milliseconds from start() until the container reported it was running. */
  startMs: number;
  output: Record<LogStream, string>;
  /** Each onLog call, in order. */
  chunks: { stream: LogStream; text: string }[];
  /** Each stdout line with performance.now() when it arrived. */
  lines: { text: string; at: number }[];
  /**
   * Resolves once `predicate` holds for the output (checked on each chunk); rejects if the
   * container ends first.
   */
  until(predicate: (run: Run) => boolean): Promise<void>;
}

export async function pull(image: string): Promise<ResolvedImage> {
  const result = await registry.pull(image);
  if (isPullFailure(result)) throw new Error(result.message);
  return result;
}

/** Starts `image` (a name to pull, or an already resolved image) and collects its output. */
export async function run(
  image: string | ResolvedImage,
  args: string[] = [],
  options: {
    env?: [string, string][];
    memoryLimitBytes?: number;
    cpuLimitMillicores?: number;
    runtime?: ContainerRuntime;
    filesystem?: ContainerFilesystem;
    stdin?: MessagePort;
  } = {},
): Promise<Run> {
  const resolved = typeof image === 'string' ? await pull(image) : image;
  const waiters: {
    predicate: (run: Run) => boolean;
    resolve: () => void;
    reject: (err: Error) => void;
  }[] = [];
  let partial = '';
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.predicate(result)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const result: Run = {
    container: undefined as unknown as RunningContainer,
    startMs: 0,
    output: { stdout: '', stderr: '' },
    chunks: [],
    lines: [],
    until(predicate) {
      if (predicate(result)) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ predicate, resolve, reject }));
    },
  };
  const begun = performance.now();
  result.container = await (options.runtime ?? runtime).start(
    {
      containerID: `wasi://test-${nextId++}`,
      image: resolved,
      args,
      env: options.env ?? [],
      memoryLimitBytes: options.memoryLimitBytes,
      cpuLimitMillicores: options.cpuLimitMillicores,
      filesystem: options.filesystem,
      stdin: options.stdin,
    },
    (stream, text) => {
      result.output[stream] += text;
      result.chunks.push({ stream, text });
      if (stream === 'stdout') {
        const parts = (partial + text).split('\n');
        partial = parts.pop() ?? '';
        const at = performance.now();
        for (const line of parts) result.lines.push({ text: line, at });
      }
      check();
    },
  );
  result.startMs = performance.now() - begun;
  void result.container.exited.then((exit) => {
    for (const waiter of waiters.splice(0)) {
      if (waiter.predicate(result)) waiter.resolve();
      else {
        const output = JSON.stringify(result.output);
        waiter.reject(new Error(`container ended (${JSON.stringify(exit)}) first: ${output}`));
      }
    }
  });
  return result;
}

/** A resolved image made from crafted bytes, as if it had been pulled. */
export async function craftedImage(
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<ResolvedImage> {
  return {
    image: `${name}:test`,
    imageID: `builtin://${name}@sha256:test-${nextId++}`,
    module: await WebAssembly.compile(bytes),
    bytes,
  };
}
