import {
  EXIT_CODE_KILLED,
  EXIT_CODE_START_ERROR,
  containerExit,
  memoryCapBytes,
} from './container-exit.ts';
import type { DataMessage, NodeNetMessage } from '../net/protocol.ts';
import type { VolumeChange } from './fs/fs-protocol.ts';
import type {
  ContainerToNodeMessage,
  NodeToContainerMessage,
  StartContainerMessage,
} from './container-protocol.ts';
import { containerProcess } from './container-process.ts';
import { preciseNow } from './cpu-meter.ts';
import { capModuleMemory, readModuleMemories, WASM_PAGE_BYTES } from './module-memory.ts';
import type { ModuleMemory } from './module-memory.ts';
import { withImageWagiFlag } from './wagi/wagi-mode.ts';
import type {
  ContainerExit,
  ContainerRuntime,
  ContainerStartSpec,
  LogStream,
  ResolvedImage,
  RunningContainer,
} from './types.ts';

/** Exit code reported when the container worker itself failed after the module started. */
const EXIT_CODE_RUNTIME_FAILURE = 255;

export interface WorkerContainerRuntimeOptions {
  /**
   * The container worker script. By default `container-worker.js` beside the bundle that
   * holds this code (dist/ in the app), or `container-worker.ts` beside this file when it is
   * served unbundled (as web-test-runner does).
   */
  workerUrl?: URL | string;
}

/** The module a container runs, ready to post, or the reason it can never start. */
type Variant =
  | { module: WebAssembly.Module; importedMemory?: StartContainerMessage['importedMemory'] }
  | { exit: Omit<ContainerExit, 'finishedAt'> };

/** The default container worker URL for code at `moduleUrl` (see the option's comment). */
export function defaultContainerWorkerUrl(moduleUrl: string = import.meta.url): URL {
  const file = new URL(moduleUrl).pathname.endsWith('.ts')
    ? './container-worker.ts'
    : './container-worker.js';
  return new URL(file, moduleUrl);
}

/**
 * Runs each container in its own dedicated Worker, so a busy or hung module stalls neither
 * its node nor another container, and killing it is `worker.terminate()`. A container with
 * a memory limit runs a variant of its module whose memory maximum is capped at the limit
 * (compiled once per image and cap, then reused).
 */
export class WorkerContainerRuntime implements ContainerRuntime {
  private readonly workerUrl: URL | string;
  private readonly variants = new Map<string, Promise<Variant>>();

  constructor(options: WorkerContainerRuntimeOptions = {}) {
    this.workerUrl = options.workerUrl ?? defaultContainerWorkerUrl();
  }

  async start(
    spec: ContainerStartSpec,
    onLog: (stream: LogStream, text: string) => void,
  ): Promise<RunningContainer> {
    const proc = await containerProcess(spec);
    if ('exit' in proc) {
      return new EndedContainer(spec.containerID, { ...proc.exit, finishedAt: Date.now() });
    }
    const variant = await this.variant(proc.image, spec.memoryLimitBytes);
    if ('exit' in variant) {
      return new EndedContainer(spec.containerID, { ...variant.exit, finishedAt: Date.now() });
    }
    // What the image's entrypoint scripts printed comes first in the container's log.
    if (proc.stdout) onLog('stdout', proc.stdout);
    const start: StartContainerMessage = {
      type: 'start',
      module: variant.module,
      argv: proc.argv,
      env: withImageWagiFlag(spec.image, proc.env).map(([name, value]) => `${name}=${value}`),
      importedMemory: variant.importedMemory,
      ...(spec.cpuLimitMillicores !== undefined
        ? { cpuLimitMillicores: spec.cpuLimitMillicores }
        : {}),
      network: spec.network !== undefined,
      listenPorts: spec.network?.listenPorts ?? [],
      ...(spec.filesystem
        ? { filesystem: { volumes: spec.filesystem.volumes, mounts: spec.filesystem.mounts } }
        : {}),
      ...(spec.stdin ? { stdin: spec.stdin } : {}),
      ...(spec.stdin && spec.tty ? { tty: true } : {}),
    };
    const worker = new Worker(this.workerUrl, { type: 'module', name: spec.containerID });
    return WorkerContainer.launch(spec, worker, start, onLog, proc.stopsOnSigterm);
  }

  private variant(image: ResolvedImage, limitBytes: number | undefined): Promise<Variant> {
    const capPages =
      limitBytes === undefined ? undefined : memoryCapBytes(limitBytes) / WASM_PAGE_BYTES;
    const key = `${image.imageID}|${capPages ?? 'unlimited'}`;
    let variant = this.variants.get(key);
    if (!variant) {
      variant = buildVariant(image, capPages);
      this.variants.set(key, variant);
    }
    return variant;
  }
}

async function buildVariant(image: ResolvedImage, capPages: number | undefined): Promise<Variant> {
  try {
    if (capPages === undefined) {
      return {
        module: image.module,
        importedMemory: importedMemory(readModuleMemories(image.bytes)),
      };
    }
    const capped = capModuleMemory(image.bytes, capPages);
    if (!capped.ok) {
      const initial = capped.initialPages * WASM_PAGE_BYTES;
      return {
        exit: {
          exitCode: EXIT_CODE_KILLED,
          reason: 'OOMKilled',
          message:
            `the module's initial memory (${initial} bytes) exceeds the container's memory ` +
            `limit (${capPages * WASM_PAGE_BYTES} bytes in whole 64 KiB pages)`,
        },
      };
    }
    const module = await WebAssembly.compile(capped.bytes);
    return { module, importedMemory: importedMemory(capped.memories, capPages) };
  } catch (err) {
    return {
      exit: {
        exitCode: EXIT_CODE_START_ERROR,
        reason: 'StartError',
        message: `cannot prepare module: ${err instanceof Error ? err.message : String(err)}`,
      },
    };
  }
}

/** The memory the worker must create when the module imports it (limits as capped). */
function importedMemory(
  memories: ModuleMemory[],
  capPages?: number,
): StartContainerMessage['importedMemory'] {
  const memory = memories.find((m) => m.imported !== null);
  if (!memory?.imported) return undefined;
  const max =
    capPages === undefined ? memory.maxPages : Math.min(memory.maxPages ?? capPages, capPages);
  return {
    module: memory.imported.module,
    name: memory.imported.name,
    initialPages: memory.minPages,
    maximumPages: max ?? undefined,
    shared: memory.shared,
  };
}

/** A container that ended before it could run (its module can never fit or load). */
class EndedContainer implements RunningContainer {
  readonly startedAt = 0;
  readonly exited: Promise<ContainerExit>;

  constructor(
    readonly containerID: string,
    exit: ContainerExit,
  ) {
    this.exited = Promise.resolve(exit);
  }

  kill(): void {}

  stop(): void {}

  network(message: NodeNetMessage): void {
    refuseIncoming(message);
  }

  volumeChanged(): void {}

  memoryBytes(): number {
    return 0;
  }

  cpuNanos(): number {
    return 0;
  }
}

/** Answers an `incoming` for a container that cannot take it: `refused`, its ports closed. */
function refuseIncoming(message: NodeNetMessage): void {
  if (message.type !== 'incoming') return;
  message.data.postMessage({ t: 'refused' } satisfies DataMessage);
  message.data.close();
  message.ctl.close();
}

/** A container running in a worker; ends exactly once, on its own or killed. */
class WorkerContainer implements RunningContainer {
  startedAt = 0;
  readonly exited: Promise<ContainerExit>;
  private resolveExit!: (exit: ContainerExit) => void;
  private ended = false;
  private bytes = 0;
  /** The worker's last CPU report (see cpu-meter.ts). */
  private cpu = { cpuNanos: 0, running: false, at: 0 };
  /**
   * The most of a core the module can be running (its CPU limit, below one core): a throttled
   * module runs only that share of each period, so a "running" report is extrapolated at it.
   */
  private readonly cpuShare: number;
  private onReady?: () => void;
  /** Its program exits 0 on SIGTERM (ContainerProcess.stopsOnSigterm). */
  private stopsOnSigterm = false;

  private constructor(
    readonly containerID: string,
    private readonly worker: Worker,
    private readonly memoryLimitBytes: number | undefined,
    private readonly onLog: (stream: LogStream, text: string) => void,
    private readonly net: ContainerStartSpec['network'],
    private readonly fs: ContainerStartSpec['filesystem'],
    cpuLimitMillicores: number | undefined,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    const limited = cpuLimitMillicores !== undefined && cpuLimitMillicores > 0;
    this.cpuShare = limited ? Math.min(1, cpuLimitMillicores / 1000) : 1;
  }

  /** Starts the module; resolves once it runs, or once it has failed to. */
  static launch(
    spec: ContainerStartSpec,
    worker: Worker,
    start: StartContainerMessage,
    onLog: (stream: LogStream, text: string) => void,
    stopsOnSigterm = false,
  ): Promise<RunningContainer> {
    const container = new WorkerContainer(
      spec.containerID,
      worker,
      spec.memoryLimitBytes,
      onLog,
      spec.network,
      spec.filesystem,
      spec.cpuLimitMillicores,
    );
    container.stopsOnSigterm = stopsOnSigterm;
    return new Promise((resolve) => {
      container.onReady = () => resolve(container);
      worker.onmessage = (event: MessageEvent<ContainerToNodeMessage>) =>
        container.receive(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        container.failed(event.message || 'the container worker failed to load');
      };
      worker.onmessageerror = () => container.failed('a message from the container was unreadable');
      worker.postMessage(start satisfies NodeToContainerMessage, start.stdin ? [start.stdin] : []);
    });
  }

  kill(reason?: string): void {
    this.finish({
      exitCode: EXIT_CODE_KILLED,
      reason: 'Error',
      signal: 9,
      ...(reason !== undefined ? { message: reason } : {}),
      finishedAt: Date.now(),
    });
  }

  stop(reason?: string): void {
    if (!this.stopsOnSigterm) {
      this.kill(reason);
      return;
    }
    this.finish({ exitCode: 0, reason: 'Completed', finishedAt: Date.now() });
  }

  memoryBytes(): number {
    return this.bytes;
  }

  cpuNanos(): number {
    const { cpuNanos, running, at } = this.cpu;
    if (!running) return cpuNanos;
    return cpuNanos + Math.max(0, Math.round((preciseNow() - at) * this.cpuShare * 1e6));
  }

  network(message: NodeNetMessage): void {
    if (this.ended) {
      refuseIncoming(message);
      return;
    }
    const transfer = message.type === 'incoming' ? [message.data, message.ctl] : [];
    this.worker.postMessage({ type: 'net', message } satisfies NodeToContainerMessage, transfer);
  }

  volumeChanged(volume: string, change: VolumeChange): void {
    if (this.ended) return;
    // The caller keeps its bytes: they are copied, not transferred.
    this.worker.postMessage({ type: 'volume', volume, change } satisfies NodeToContainerMessage);
  }

  private receive(message: ContainerToNodeMessage): void {
    if (this.ended) return;
    switch (message.type) {
      case 'started':
        this.startedAt = message.startedAt;
        this.bytes = message.memoryBytes;
        this.ready();
        break;
      case 'log':
        this.onLog(message.stream, message.text);
        break;
      case 'memory':
        this.bytes = message.bytes;
        break;
      case 'cpu':
        this.cpu = { cpuNanos: message.cpuNanos, running: message.running, at: message.at };
        break;
      case 'start-error':
        this.finish({
          exitCode: EXIT_CODE_START_ERROR,
          reason: 'StartError',
          message: message.message,
          finishedAt: message.finishedAt,
        });
        break;
      case 'exit':
        this.bytes = message.memoryBytes;
        this.finish(containerExit({ kind: 'exit', ...message }, this.memoryLimitBytes));
        break;
      case 'trap':
        this.bytes = message.memoryBytes;
        this.finish(containerExit({ kind: 'trap', ...message }, this.memoryLimitBytes));
        break;
      case 'net':
        this.net?.request(message.request);
        break;
      case 'volume':
        this.fs?.changed(message.volume, message.change);
        break;
    }
  }

  private failed(message: string): void {
    const started = this.startedAt !== 0;
    this.finish({
      exitCode: started ? EXIT_CODE_RUNTIME_FAILURE : EXIT_CODE_START_ERROR,
      reason: started ? 'Error' : 'StartError',
      message: `container worker: ${message}`,
      finishedAt: Date.now(),
    });
  }

  private finish(exit: ContainerExit): void {
    if (this.ended) return;
    // A killed module may have been computing: its time counts up to now, then stops.
    this.cpu = { cpuNanos: this.cpuNanos(), running: false, at: preciseNow() };
    this.ended = true;
    this.worker.terminate();
    this.resolveExit(exit);
    this.ready();
  }

  private ready(): void {
    const onReady = this.onReady;
    this.onReady = undefined;
    onReady?.();
  }
}
