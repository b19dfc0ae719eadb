import { Fd, wasi } from '@bjorn3/browser_wasi_shim';
import { Errno } from '../../net/protocol.ts';

const FILETYPE_SOCKET_STREAM = 6;
const FDFLAGS_NONBLOCK = 1 << 2;
const ERRNO_SPIPE = 70;
/** fd_read, fd_fdstat_set_flags, fd_write, fd_filestat_get, poll_fd_readwrite, sock_shutdown, sock_accept. */
const SOCKET_RIGHTS =
  BigInt((1 << 1) | (1 << 3) | (1 << 6) | (1 << 21) | (1 << 27) | (1 << 28)) | (1n << 29n);

/**
 * What every socket descriptor answers the shim's descriptor calls with: a stream socket
 * (fd_fdstat_get, fd_filestat_get) whose only flag is NONBLOCK, no preopen (fd_prestat_get is
 * BADF, which is how wasi-libc's scan of the preopened directories knows it has reached the
 * end), and not seekable. Reads and writes go through the socket imports instead.
 */
export abstract class SocketFd extends Fd {
  private fdflags = 0;

  /** True once the program set O_NONBLOCK (or accepted with SOCK_NONBLOCK). */
  get nonblocking(): boolean {
    return (this.fdflags & FDFLAGS_NONBLOCK) !== 0;
  }

  /** Keeps NONBLOCK from `flags`; the others (APPEND, SYNC...) mean nothing on a socket. */
  override fd_fdstat_set_flags(flags: number): number {
    this.fdflags = flags & FDFLAGS_NONBLOCK;
    return Errno.SUCCESS;
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(FILETYPE_SOCKET_STREAM, this.fdflags);
    fdstat.fs_rights_base = SOCKET_RIGHTS;
    return { ret: Errno.SUCCESS, fdstat };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    return { ret: Errno.SUCCESS, filestat: new wasi.Filestat(0n, FILETYPE_SOCKET_STREAM, 0n) };
  }

  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } {
    return { ret: Errno.BADF, prestat: null };
  }

  override fd_seek(): { ret: number; offset: bigint } {
    return { ret: ERRNO_SPIPE, offset: 0n };
  }

  override fd_tell(): { ret: number; offset: bigint } {
    return { ret: ERRNO_SPIPE, offset: 0n };
  }
}
