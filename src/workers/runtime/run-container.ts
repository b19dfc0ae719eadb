import {
  ConsoleStdout,
  File,
  OpenFile,
  WASI,
  WASIProcExit,
  type Fd,
} from '@bjorn3/browser_wasi_shim';
import type { NodeNetMessage } from '../net/protocol.ts';
import type { ContainerToNodeMessage, StartContainerMessage } from './container-protocol.ts';
import { ContainerFs } from './fs/container-fs.ts';
import { changeTransfer } from './fs/change-transfer.ts';
import type { VolumeChange } from './fs/fs-protocol.ts';
import { promising, suspending } from './jspi.ts';
import { ContainerNet } from './net/container-net.ts';
import { playgroundNetCalls } from './net/playground-net-calls.ts';
import { socketCalls } from './net/socket-calls.ts';
import { pollOneoff } from './poll-oneoff.ts';
import { clockTimeGet } from './wasi-clocks.ts';

const ERRNO_SUCCESS = 0;

/** Thrown by our `proc_raise`: the module asked to be killed by a signal. */
class ProcRaise extends Error {
  constructor(readonly signal: number) {
    super(`raised signal ${signal}`);
  }
}

/** Posts a message to the node, transferring `transfer` (a network request's ports). */
export type PostToNode = (message: ContainerToNodeMessage, transfer?: Transferable[]) => void;

/** A container being run in this worker. */
export interface ContainerRun {
  /** Hands the container a network message from its node. */
  deliver(message: NodeNetMessage): void;
  /** Brings another writer's change into one of the container's volumes. */
  volumeChanged(volume: string, change: VolumeChange): void;
  /** Resolves once the module has ended and its end has been reported. */
  done: Promise<void>;
}

/** The environment variables that describe the preopened listeners (playground_net.h). */
const LISTEN_ENV = /^(LISTEN_FDS|LISTEN_FDS_START|LISTEN_PORTS)=/;

/**
 * Runs one WASI command module to its end inside the current (container) worker, reporting
 * through `post`: `started` (or `start-error`), `log` chunks as they are written, `memory`
 * when the module's memory has grown, network requests, and finally `exit` or `trap` (after
 * ending its connections: `fin` on each, and its `closed` request). Blocking WASI calls
 * (poll_oneoff's waits, accept, reads from sockets, the network imports) suspend the module
 * through JSPI instead of spinning.
 */
export function runContainer(start: StartContainerMessage, post: PostToNode): ContainerRun {
  const stdin = new OpenFile(new File(new Uint8Array(0)));
  const logs = [new LogFd('stdout', post), new LogFd('stderr', post)];
  const fds: Fd[] = [stdin, ...logs];
  // The preopened directories come right after stdio, the listeners after them.
  const fs = start.filesystem
    ? new ContainerFs(start.filesystem, fds, (volume, change) =>
        post({ type: 'volume', volume, change }, changeTransfer(change)),
      )
    : undefined;
  const net = new ContainerNet({
    fds,
    request: start.network
      ? (request, transfer) => post({ type: 'net', request }, transfer)
      : undefined,
  });
  const listenEnv = net.preopen(start.listenPorts);
  const env =
    listenEnv.length > 0
      ? [...start.env.filter((e) => !LISTEN_ENV.test(e)), ...listenEnv]
      : start.env;
  return {
    deliver: (message) => net.deliver(message),
    volumeChanged: (volume, change) => fs?.apply(volume, change),
    done: runModule(start, env, { fds, stdin, logs }, net, fs, post),
  };
}

async function runModule(
  start: StartContainerMessage,
  env: string[],
  // `fds` is the descriptor table the network shares: stdin and the logs, the preopened
  // directories, then listeners.
  { fds, stdin, logs }: { fds: Fd[]; stdin: OpenFile; logs: LogFd[] },
  net: ContainerNet,
  fs: ContainerFs | undefined,
  post: PostToNode,
): Promise<void> {
  let memory: WebAssembly.Memory | undefined;
  let reportedBytes = 0;
  const memoryBytes = () => memory?.buffer.byteLength ?? 0;
  const currentMemory = () => {
    if (!memory) throw new Error('the module has no memory');
    return memory;
  };
  // The module grows its memory without telling the host; it is noticed at its next WASI call.
  const noteMemory = () => {
    const bytes = memoryBytes();
    if (bytes !== reportedBytes) {
      reportedBytes = bytes;
      post({ type: 'memory', bytes });
    }
  };

  const wasi = new WASI(start.argv, env, fds, { debug: false });
  const poll = pollOneoff({
    memory: currentMemory,
    isOpen: (fd) => wasi.fds[fd] !== undefined,
    atEof: (fd) => wasi.fds[fd] === stdin,
    readiness: (fd, type) => net.readiness(fd, type),
    changed: () => net.signal.next(),
  });
  const sockets = socketCalls(net, currentMemory);
  const playgroundNet = playgroundNetCalls(net, currentMemory);

  const preview1: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(wasi.wasiImport)) {
    preview1[name] = (...args: unknown[]) => {
      const result = fn(...args);
      noteMemory();
      // The shim hands a write's buffers (printf's text, then its newline) to the descriptor
      // one by one: send what one fd_write wrote as one chunk.
      if (name === 'fd_write') for (const log of logs) log.flush();
      return result;
    };
  }
  fs?.wrap(preview1, currentMemory);
  const shim = (name: string) => preview1[name] as (...args: number[]) => number;
  const shimRead = shim('fd_read');
  const shimWrite = shim('fd_write');
  // Notes the memory, then makes the call; one that blocks returns a promise, which
  // suspending() turns into a JSPI suspension of the module.
  const noted =
    <A extends unknown[]>(fn: (...args: A) => number | Promise<number>) =>
    (...args: A) => {
      noteMemory();
      return fn(...args);
    };
  Object.assign(preview1, {
    clock_time_get: clockTimeGet(currentMemory),
    poll_oneoff: suspending(noted(poll)),
    sched_yield: () => ERRNO_SUCCESS,
    proc_raise: (signal: number) => {
      throw new ProcRaise(signal);
    },
    sock_accept: suspending(noted(sockets.sock_accept)),
    sock_recv: suspending(noted(sockets.sock_recv)),
    sock_send: noted(sockets.sock_send),
    sock_shutdown: sockets.sock_shutdown,
    fd_read: suspending(
      noted((fd: number, iovs: number, iovsLen: number, nreadOut: number) =>
        net.socket(fd)
          ? sockets.fdRead(fd, iovs, iovsLen, nreadOut)
          : shimRead(fd, iovs, iovsLen, nreadOut),
      ),
    ),
    fd_write: (fd: number, iovs: number, iovsLen: number, nwrittenOut: number) =>
      net.socket(fd)
        ? noted(sockets.fdWrite)(fd, iovs, iovsLen, nwrittenOut)
        : shimWrite(fd, iovs, iovsLen, nwrittenOut),
  });
  const imports: WebAssembly.Imports = {
    wasi_snapshot_preview1: preview1 as WebAssembly.ModuleImports,
    playground_net: {
      listen: suspending(noted(playgroundNet.listen)),
      connect: suspending(noted(playgroundNet.connect)),
      resolve: suspending(noted(playgroundNet.resolve)),
    } as WebAssembly.ModuleImports,
  };
  if (start.importedMemory) {
    const spec = start.importedMemory;
    memory = new WebAssembly.Memory({
      initial: spec.initialPages,
      maximum: spec.maximumPages,
      shared: spec.shared,
    });
    imports[spec.module] = { ...imports[spec.module], [spec.name]: memory };
  }

  let run: () => Promise<unknown>;
  try {
    const instance = await WebAssembly.instantiate(start.module, imports);
    const exported = instance.exports.memory;
    if (exported instanceof WebAssembly.Memory) memory = exported;
    if (!memory) throw new Error('the module neither exports nor imports a memory');
    const entry = instance.exports._start;
    if (typeof entry !== 'function') {
      throw new Error('the module has no _start export: it is not a WASI command');
    }
    wasi.inst = { exports: { memory } };
    run = promising(entry as () => unknown);
  } catch (err) {
    post({ type: 'start-error', message: startErrorMessage(err), finishedAt: Date.now() });
    return;
  }

  reportedBytes = memoryBytes();
  post({ type: 'started', startedAt: Date.now(), memoryBytes: reportedBytes });
  try {
    await run();
    net.end();
    post({ type: 'exit', exitCode: 0, memoryBytes: memoryBytes(), finishedAt: Date.now() });
  } catch (err) {
    const finishedAt = Date.now();
    // As a kernel closes a dead process's sockets: the peers see the end, the node forgets them.
    net.end();
    if (err instanceof WASIProcExit) {
      // A process's exit status keeps only the low 8 bits of the code it passed to exit().
      const exitCode = (err.code >>> 0) & 0xff;
      post({ type: 'exit', exitCode, memoryBytes: memoryBytes(), finishedAt });
    } else if (err instanceof ProcRaise) {
      const exitCode = (128 + err.signal) & 0xff;
      post({ type: 'exit', exitCode, memoryBytes: memoryBytes(), finishedAt });
    } else {
      post({ type: 'trap', message: describe(err), memoryBytes: memoryBytes(), finishedAt });
    }
  }
}

/**
 * A write-only descriptor whose bytes go to the node as `log` chunks: what it was given is
 * held until `flush`, which the fd_write import calls once per write.
 */
class LogFd extends ConsoleStdout {
  private pending = '';

  constructor(
    private readonly stream: 'stdout' | 'stderr',
    private readonly post: (message: ContainerToNodeMessage) => void,
  ) {
    // Streaming decode keeps a UTF-8 sequence split across two writes intact.
    const decoder = new TextDecoder('utf-8', { fatal: false });
    super((bytes) => (this.pending += decoder.decode(bytes, { stream: true })));
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.post({ type: 'log', stream: this.stream, text: this.pending });
    this.pending = '';
  }
}

/**
 * Why instantiation failed. V8 reserves about 8 GiB of address space (guard regions) per
 * 32-bit memory within a budget of about 1 TiB per renderer process, and every worker of a tab
 * shares that process: past roughly 125 live instances, new ones fail. Say so.
 */
function startErrorMessage(err: unknown): string {
  const message = describe(err);
  if (!/Cannot allocate Wasm memory/i.test(message)) return message;
  return (
    `${message} (the browser tab holds too many WebAssembly memories at once: about 125 ` +
    `running containers fit in one tab)`
  );
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
