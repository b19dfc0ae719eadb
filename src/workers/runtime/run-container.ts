import { ConsoleStdout, File, OpenFile, WASI, WASIProcExit } from '@bjorn3/browser_wasi_shim';
import type { ContainerToNodeMessage, StartContainerMessage } from './container-protocol.ts';
import { promising, suspending } from './jspi.ts';
import { pollOneoff } from './poll-oneoff.ts';
import { clockTimeGet } from './wasi-clocks.ts';

const ERRNO_SUCCESS = 0;
const ERRNO_NOTSUP = 58;

/** Thrown by our `proc_raise`: the module asked to be killed by a signal. */
class ProcRaise extends Error {
  constructor(readonly signal: number) {
    super(`raised signal ${signal}`);
  }
}

/**
 * Runs one WASI command module to its end inside the current (container) worker, reporting
 * through `post`: `started` (or `start-error`), `log` chunks as they are written, `memory`
 * when the module's memory has grown, and finally `exit` or `trap`. Blocking WASI calls
 * (poll_oneoff's clock waits) suspend the module through JSPI instead of spinning.
 */
export async function runContainer(
  start: StartContainerMessage,
  post: (message: ContainerToNodeMessage) => void,
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

  const stdin = new OpenFile(new File(new Uint8Array(0)));
  const logs = [new LogFd('stdout', post), new LogFd('stderr', post)];
  const fds = [stdin, ...logs];
  const wasi = new WASI(start.argv, start.env, fds, { debug: false });
  const poll = pollOneoff({
    memory: currentMemory,
    isOpen: (fd) => wasi.fds[fd] !== undefined,
    atEof: (fd) => wasi.fds[fd] === stdin,
  });

  const own: Record<string, unknown> = {
    clock_time_get: clockTimeGet(currentMemory),
    poll_oneoff: suspending((inPtr: number, outPtr: number, count: number, nevents: number) => {
      noteMemory();
      return poll(inPtr, outPtr, count, nevents);
    }),
    sched_yield: () => ERRNO_SUCCESS,
    proc_raise: (signal: number) => {
      throw new ProcRaise(signal);
    },
    // Networking arrives with the virtual network; until then these are plainly unsupported
    // (the shim would throw a string, which the module cannot handle).
    sock_accept: () => ERRNO_NOTSUP,
    sock_recv: () => ERRNO_NOTSUP,
    sock_send: () => ERRNO_NOTSUP,
    sock_shutdown: () => ERRNO_NOTSUP,
  };
  const preview1: Record<string, unknown> = { ...own };
  for (const [name, fn] of Object.entries(wasi.wasiImport)) {
    if (name in own) continue;
    preview1[name] = (...args: unknown[]) => {
      const result = fn(...args);
      noteMemory();
      // The shim hands a write's buffers (printf's text, then its newline) to the descriptor
      // one by one: send what one fd_write wrote as one chunk.
      if (name === 'fd_write') for (const log of logs) log.flush();
      return result;
    };
  }
  const imports: WebAssembly.Imports = {
    wasi_snapshot_preview1: preview1 as WebAssembly.ModuleImports,
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
    post({ type: 'exit', exitCode: 0, memoryBytes: memoryBytes(), finishedAt: Date.now() });
  } catch (err) {
    const finishedAt = Date.now();
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
