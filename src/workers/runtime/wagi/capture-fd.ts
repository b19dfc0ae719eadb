import { ConsoleStdout } from '@bjorn3/browser_wasi_shim';
import { concatBytes } from './http-request-parser.ts';

const ERRNO_FBIG = 22;

/**
 * A write-only descriptor that keeps what is written to it (a handler's stdout: its
 * response), up to `maxBytes`: a write that would pass that fails with EFBIG, and
 * `overflowed` says so.
 */
export class CaptureFd extends ConsoleStdout {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  overflowed = false;

  constructor(private readonly maxBytes: number) {
    // The shim hands each write a copy of the module's bytes: they can be kept as they are.
    super((bytes) => {
      this.chunks.push(bytes);
      this.size += bytes.length;
    });
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    if (this.size + data.length > this.maxBytes) {
      this.overflowed = true;
      return { ret: ERRNO_FBIG, nwritten: 0 };
    }
    return super.fd_write(data);
  }

  /** Everything written so far, as one array. */
  bytes(): Uint8Array {
    return concatBytes(this.chunks);
  }
}
