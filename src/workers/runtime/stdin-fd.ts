import { Fd, wasi } from '@bjorn3/browser_wasi_shim';
import { Errno } from '../net/protocol.ts';
import { WOULD_BLOCK, type WakeSignal } from './net/wake-signal.ts';

// WASI's filetypes: a pipe is `unknown` (as wasmtime shows one), a terminal a character device.
const FILETYPE_UNKNOWN = 0;
const FILETYPE_CHARACTER_DEVICE = 2;
const ERRNO_SPIPE = 70;

/** What the node sends on a container's stdin port: text as typed, then the end of input. */
export type StdinMessage = { data: string } | { eof: true };

/**
 * A container's standard input fed from a port (`kubectl exec -i`, `run -i`): bytes wait here
 * until read; a read with nothing buffered blocks (the module suspends through JSPI) until
 * input or the end of it comes, which also wakes a poll on fd 0. It is a terminal (isatty) only
 * when `tty` says so (`exec -t`); otherwise it looks like a pipe.
 */
export class StdinFd extends Fd {
  private readonly buffered: Uint8Array[] = [];
  private ended = false;
  private readonly encoder = new TextEncoder();

  constructor(
    port: MessagePort,
    private readonly signal: WakeSignal,
    private readonly tty = false,
  ) {
    super();
    port.onmessage = (event: MessageEvent<StdinMessage>) => {
      const message = event.data;
      if ('eof' in message) {
        this.ended = true;
        port.close();
      } else if (message.data.length > 0) {
        this.buffered.push(this.encoder.encode(message.data));
      }
      this.signal.notify();
    };
  }

  /** Up to `max` bytes; an empty read at the end of input; WOULD_BLOCK while nothing came. */
  read(max: number): Uint8Array | typeof WOULD_BLOCK {
    if (this.buffered.length === 0) return this.ended ? new Uint8Array(0) : WOULD_BLOCK;
    const first = this.buffered[0];
    if (first.length <= max) {
      this.buffered.shift();
      return first;
    }
    this.buffered[0] = first.subarray(max);
    return first.subarray(0, max);
  }

  /** A poll's view: readable when bytes are buffered or input has ended (hang-up). */
  readiness(): { ready: boolean; hangup?: boolean; nbytes?: number } {
    const nbytes = this.buffered.reduce((n, b) => n + b.length, 0);
    if (nbytes > 0) return { ready: true, nbytes };
    return this.ended ? { ready: true, hangup: true, nbytes: 0 } : { ready: false };
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    return { ret: Errno.SUCCESS, fdstat: new wasi.Fdstat(this.filetype(), 0) };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    return { ret: Errno.SUCCESS, filestat: new wasi.Filestat(0n, this.filetype(), 0n) };
  }

  private filetype(): number {
    return this.tty ? FILETYPE_CHARACTER_DEVICE : FILETYPE_UNKNOWN;
  }

  override fd_seek(): { ret: number; offset: bigint } {
    return { ret: ERRNO_SPIPE, offset: 0n };
  }
}
