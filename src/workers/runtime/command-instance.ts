import { WASI, WASIProcExit, type Fd } from '@bjorn3/browser_wasi_shim';
import type { StartContainerMessage } from './container-protocol.ts';
import type { ContainerFs } from './fs/container-fs.ts';
import type { Throttle } from './cpu-quota.ts';
import { promising, suspending } from './jspi.ts';
import type { ContainerNet } from './net/container-net.ts';
import { playgroundNetCalls } from './net/playground-net-calls.ts';
import { socketCalls } from './net/socket-calls.ts';
import { iovecsCapacity, scatterIovecs } from './net/iovecs.ts';
import { blockingCall, WOULD_BLOCK, type WakeSignal } from './net/wake-signal.ts';
import { pollOneoff } from './poll-oneoff.ts';
import { StdinFd } from './stdin-fd.ts';
import { clockTimeGet } from './wasi-clocks.ts';

const ERRNO_SUCCESS = 0;
const ERRNO_AGAIN = 6;

/** Thrown by our `proc_raise`: the module asked to be killed by a signal. */
export class ProcRaise extends Error {
  constructor(readonly signal: number) {
    super(`raised signal ${signal}`);
  }
}

/** What one instance of a WASI command sees: its arguments, environment and descriptors. */
export interface CommandIo {
  /** argv, argv[0] first. */
  argv: string[];
  /** `NAME=value` strings. */
  env: string[];
  /**
   * The descriptor table, shared by reference with `net` (sockets take free slots in it) and
   * `fs` (its preopened directories are in it).
   */
  fds: Fd[];
  /** The descriptor on fd 0: a poll on it is ready at once. */
  stdin: Fd;
  /** Called after each fd_write (log descriptors send what one write wrote as one chunk). */
  afterWrite(): void;
  net: ContainerNet;
  fs?: ContainerFs;
  /** The memory to create when the module imports its memory rather than defining it. */
  importedMemory?: StartContainerMessage['importedMemory'];
  /**
   * Called at each WASI call with the size of the module's memory in bytes: the module grows
   * its memory without telling the host, so this is where growth is noticed.
   */
  noteMemory(bytes: number): void;
  /**
   * The container's CPU quota (cpu-quota.ts), when it has a CPU limit: every import but the
   * process's own end asks it first, and suspends the module while it says to wait.
   */
  throttle?: Throttle;
}

/** An instantiated command, ready to run once. */
export interface CommandInstance {
  /**
   * Runs `_start`; the module suspends through JSPI at its blocking calls (poll_oneoff's
   * waits, accept, reads from sockets, the network imports). Rejects with WASIProcExit,
   * ProcRaise or the trap's error; see `commandEnd`.
   */
  run(): Promise<unknown>;
  /** The size of the module's linear memory in bytes. */
  memoryBytes(): number;
}

/**
 * Instantiates `module` as a WASI preview1 command with the imports of this runtime: the
 * shim's calls over `io.fds` (file calls wrapped by `io.fs`), a real poll_oneoff and clock,
 * the socket calls and the `playground_net` imports over `io.net`. Rejects when the module
 * cannot be instantiated, has no memory or no `_start`.
 */
export async function instantiateCommand(
  module: WebAssembly.Module,
  io: CommandIo,
): Promise<CommandInstance> {
  const { fds, net, fs } = io;
  let memory: WebAssembly.Memory | undefined;
  const memoryBytes = () => memory?.buffer.byteLength ?? 0;
  const currentMemory = () => {
    if (!memory) throw new Error('the module has no memory');
    return memory;
  };
  const noteMemory = () => io.noteMemory(memoryBytes());

  const wasi = new WASI(io.argv, io.env, fds, { debug: false });
  const poll = pollOneoff({
    memory: currentMemory,
    isOpen: (fd) => wasi.fds[fd] !== undefined,
    atEof: (fd) => wasi.fds[fd] === io.stdin,
    readiness: (fd, type) => {
      const target = wasi.fds[fd];
      if (target instanceof StdinFd) return type === 'read' ? target.readiness() : undefined;
      return net.readiness(fd, type);
    },
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
      if (name === 'fd_write') io.afterWrite();
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
    poll_oneoff: noted(poll),
    sched_yield: () => ERRNO_SUCCESS,
    proc_raise: (signal: number) => {
      throw new ProcRaise(signal);
    },
    sock_accept: noted(sockets.sock_accept),
    sock_recv: noted(sockets.sock_recv),
    sock_send: noted(sockets.sock_send),
    sock_shutdown: sockets.sock_shutdown,
    fd_read: noted((fd: number, iovs: number, iovsLen: number, nreadOut: number) =>
      net.socket(fd)
        ? sockets.fdRead(fd, iovs, iovsLen, nreadOut)
        : fds[fd] instanceof StdinFd
          ? readStdin(fds[fd], net.signal, currentMemory(), iovs, iovsLen, nreadOut)
          : shimRead(fd, iovs, iovsLen, nreadOut),
    ),
    fd_write: (fd: number, iovs: number, iovsLen: number, nwrittenOut: number) =>
      net.socket(fd)
        ? noted(sockets.fdWrite)(fd, iovs, iovsLen, nwrittenOut)
        : shimWrite(fd, iovs, iovsLen, nwrittenOut),
  });
  const netCalls: Record<string, HostCall> = {
    listen: noted(playgroundNet.listen),
    connect: noted(playgroundNet.connect),
    resolve: noted(playgroundNet.resolve),
  };
  const imports: WebAssembly.Imports = {
    wasi_snapshot_preview1: hostImports(preview1 as Record<string, HostCall>, io.throttle),
    playground_net: hostImports(netCalls, io.throttle),
  };
  if (io.importedMemory) {
    const spec = io.importedMemory;
    memory = new WebAssembly.Memory({
      initial: spec.initialPages,
      maximum: spec.maximumPages,
      shared: spec.shared,
    });
    imports[spec.module] = { ...imports[spec.module], [spec.name]: memory };
  }

  const instance = await WebAssembly.instantiate(module, imports);
  const exported = instance.exports.memory;
  if (exported instanceof WebAssembly.Memory) memory = exported;
  if (!memory) throw new Error('the module neither exports nor imports a memory');
  const entry = instance.exports._start;
  if (typeof entry !== 'function') {
    throw new Error('the module has no _start export: it is not a WASI command');
  }
  wasi.inst = { exports: { memory } };
  return { run: promising(entry as () => unknown), memoryBytes };
}

/** A host function as the module calls it: numbers in, an errno (or a promise of one) out. */
type HostCall = (...args: never[]) => unknown;

/** The imports that may block: they return a promise, on which the module suspends. */
const BLOCKING = new Set([
  'poll_oneoff',
  'sock_accept',
  'sock_recv',
  'fd_read',
  'listen',
  'connect',
  'resolve',
]);

/** The imports a quota never delays: the process is ending. */
const UNTHROTTLED = new Set(['proc_exit', 'proc_raise']);

/**
 * The host functions as imports: the blocking ones may suspend the module (JSPI); with a
 * throttle, every other one may too, so that the quota can pause the module at any call.
 */
function hostImports(
  calls: Record<string, HostCall>,
  throttle: Throttle | undefined,
): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = {};
  for (const [name, call] of Object.entries(calls)) {
    if (throttle && !UNTHROTTLED.has(name)) {
      const gated = (...args: never[]) => {
        const wait = throttle.pause();
        return wait ? wait.then(() => call(...args)) : call(...args);
      };
      imports[name] = suspending(gated);
    } else {
      imports[name] = BLOCKING.has(name) ? suspending(call) : call;
    }
  }
  return imports as WebAssembly.ModuleImports;
}

/** fd_read on interactive stdin: waits for input (or its end) as a socket read does. */
function readStdin(
  stdin: StdinFd,
  signal: WakeSignal,
  memory: WebAssembly.Memory,
  iovs: number,
  iovsLen: number,
  nreadOut: number,
): number | Promise<number> {
  const capacity = iovecsCapacity(memory, iovs, iovsLen);
  return blockingCall(signal, false, ERRNO_AGAIN, () => {
    const bytes = stdin.read(capacity);
    if (bytes === WOULD_BLOCK) return WOULD_BLOCK;
    // The module may have grown its memory while it waited: look it up again.
    scatterIovecs(memory, iovs, iovsLen, bytes);
    new DataView(memory.buffer).setUint32(nreadOut, bytes.byteLength, true);
    return ERRNO_SUCCESS;
  });
}

/** How a command's run ended, from what its `run()` threw. */
export type CommandEnd = { kind: 'exit'; exitCode: number } | { kind: 'trap'; message: string };

/**
 * Classifies what `run()` rejected with: proc_exit is an exit with the low 8 bits of its code
 * (all a process's exit status keeps), proc_raise an exit with 128 + the signal, anything
 * else a trap (unreachable, out-of-bounds access, stack overflow…).
 */
export function commandEnd(err: unknown): CommandEnd {
  if (err instanceof WASIProcExit) return { kind: 'exit', exitCode: (err.code >>> 0) & 0xff };
  if (err instanceof ProcRaise) return { kind: 'exit', exitCode: (128 + err.signal) & 0xff };
  return { kind: 'trap', message: describeError(err) };
}

/** An error's message, or the thrown value as text. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Why instantiation failed. V8 reserves about 8 GiB of address space (guard regions) per
 * 32-bit memory within a budget of about 1 TiB per renderer process, and every worker of a tab
 * shares that process: past roughly 125 live instances, new ones fail. Say so.
 */
export function startErrorMessage(err: unknown): string {
  const message = describeError(err);
  if (!/Cannot allocate Wasm memory/i.test(message)) return message;
  return (
    `${message} (the browser tab holds too many WebAssembly memories at once: about 125 ` +
    `running containers fit in one tab)`
  );
}
