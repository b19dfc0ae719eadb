import { ConsoleStdout, File, OpenFile, WASI, wasi } from '@bjorn3/browser_wasi_shim';

/** Thrown by the harness to end a program that would otherwise run forever. */
export class Stop extends Error {}

export interface RunOptions {
  args?: string[];
  /** argv[0], the name the program is called by (`main` by default). */
  argv0?: string;
  env?: Record<string, string>;
  /** How many sleeps the program may take; the next one stops it (a Stop ends the run). */
  sleeps?: number;
  /** Stops the program once it has printed this many stdout lines. */
  lines?: number;
}

export interface RunResult {
  /** The exit code, or null when the program trapped or was stopped. */
  exitCode: number | null;
  stopped: boolean;
  /** What ended the run when it was neither an exit nor a Stop (a trap, for instance). */
  error: unknown;
  stdout: string[];
  stderr: string[];
  /** The duration of every sleep the program asked for, in milliseconds. */
  sleeps: number[];
  memory: WebAssembly.Memory;
}

/**
 * Runs a WASI command module to completion synchronously with @bjorn3/browser_wasi_shim. Sleeps
 * are recorded and return at once instead of waiting, so programs that loop forever can be run up
 * to a chosen number of sleeps or output lines.
 */
export function runWasi(module: WebAssembly.Module, options: RunOptions = {}): RunResult {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const sleeps: number[] = [];
  const env = Object.entries(options.env ?? {}).map(([name, value]) => `${name}=${value}`);
  const shim = new WASI(
    [options.argv0 ?? 'main', ...(options.args ?? [])],
    env,
    [
      new OpenFile(new File([])),
      ConsoleStdout.lineBuffered((line) => {
        stdout.push(line);
        if (options.lines !== undefined && stdout.length >= options.lines) throw new Stop();
      }),
      ConsoleStdout.lineBuffered((line) => stderr.push(line)),
    ],
    { debug: false },
  );

  // The shim busy-waits in poll_oneoff; this one only records the clock subscription's timeout
  // (wasi-libc's nanosleep makes exactly one, relative) and reports it as elapsed.
  const pollOneoff = (inPtr: number, outPtr: number, count: number, countPtr: number): number => {
    const view = new DataView(shim.inst.exports.memory.buffer);
    expectOne(count);
    const subscription = wasi.Subscription.read_bytes(view, inPtr);
    sleeps.push(Number(subscription.timeout / 1_000_000n));
    if (sleeps.length > (options.sleeps ?? 0)) throw new Stop();
    new wasi.Event(subscription.userdata, wasi.ERRNO_SUCCESS, subscription.eventtype).write_bytes(
      view,
      outPtr,
    );
    view.setUint32(countPtr, 1, true);
    return wasi.ERRNO_SUCCESS;
  };

  const instance = new WebAssembly.Instance(module, {
    wasi_snapshot_preview1: { ...shim.wasiImport, poll_oneoff: pollOneoff },
  });
  const exports = instance.exports as { memory: WebAssembly.Memory; _start: () => unknown };

  const result: RunResult = {
    exitCode: null,
    stopped: false,
    error: undefined,
    stdout,
    stderr,
    sleeps,
    memory: exports.memory,
  };
  try {
    // The shim returns 0 when _start returns and the code when proc_exit throws WASIProcExit.
    result.exitCode = shim.start({ exports });
  } catch (error) {
    if (error instanceof Stop) result.stopped = true;
    else result.error = error;
  }
  return result;
}

function expectOne(count: number): void {
  if (count !== 1) throw new Error(`poll_oneoff with ${count} subscriptions`);
}
