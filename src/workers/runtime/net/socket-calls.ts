import { Errno } from '../../net/protocol.ts';
import { ConnectionSocket } from './connection-socket.ts';
import type { ContainerNet } from './container-net.ts';
import { gatherIovecs, iovecsCapacity, scatterIovecs } from './iovecs.ts';
import { ListenerSocket } from './listener-socket.ts';
import { blockingCall, WOULD_BLOCK } from './wake-signal.ts';

const FDFLAGS_NONBLOCK = 1 << 2;
const RIFLAGS_RECV_PEEK = 1;
const RIFLAGS_RECV_WAITALL = 2;

type Result = number | Promise<number>;

/** The WASI socket calls, each returning an errno now or (when it blocks) a promise of one. */
export interface SocketCalls {
  sock_accept(fd: number, flags: number, fdOut: number): Result;
  sock_recv(
    fd: number,
    iovs: number,
    iovsLen: number,
    riFlags: number,
    datalenOut: number,
    roflagsOut: number,
  ): Result;
  /** Never blocks: there is no flow control. */
  sock_send(fd: number, iovs: number, iovsLen: number, siFlags: number, datalenOut: number): number;
  sock_shutdown(fd: number, how: number): number;
  /** fd_read on a socket descriptor (the caller sends other descriptors to the shim). */
  fdRead(fd: number, iovs: number, iovsLen: number, nreadOut: number): Result;
  /** fd_write on a socket descriptor; never blocks. */
  fdWrite(fd: number, iovs: number, iovsLen: number, nwrittenOut: number): number;
}

/**
 * The WASI preview1 socket calls over the container's network: sock_accept blocks until a
 * connection waits in the backlog, sock_recv and fd_read until bytes (or the end) come, both
 * answering AGAIN instead on a NONBLOCK descriptor; sock_send and fd_write never block.
 * `memory` is looked up again after every wait (the module may have grown it before).
 */
export function socketCalls(net: ContainerNet, memory: () => WebAssembly.Memory): SocketCalls {
  const notSocket = (fd: number) => (net.isOpen(fd) ? Errno.NOTSOCK : Errno.BADF);

  const receive = (
    socket: ConnectionSocket,
    iovs: number,
    iovsLen: number,
    options: { peek?: boolean; waitAll?: boolean },
    written: (count: number) => void,
  ): Result => {
    const capacity = iovecsCapacity(memory(), iovs, iovsLen);
    return blockingCall(net.signal, socket.nonblocking, Errno.AGAIN, () => {
      const result = socket.read(capacity, options);
      if (result === WOULD_BLOCK) return WOULD_BLOCK;
      if (result.errno !== Errno.SUCCESS) return result.errno;
      scatterIovecs(memory(), iovs, iovsLen, result.bytes);
      written(result.bytes.byteLength);
      return Errno.SUCCESS;
    });
  };

  const send = (
    socket: ConnectionSocket,
    iovs: number,
    iovsLen: number,
    written: (count: number) => void,
  ): number => {
    const bytes = gatherIovecs(memory(), iovs, iovsLen);
    // Counted before the write: a long one hands the buffer over, detaching it.
    const count = bytes.byteLength;
    const errno = socket.write(bytes, true);
    if (errno === Errno.SUCCESS) written(count);
    return errno;
  };

  const setU32 = (at: number, value: number) =>
    new DataView(memory().buffer).setUint32(at, value, true);

  return {
    sock_accept(fd, flags, fdOut) {
      const socket = net.socket(fd);
      if (!socket) return notSocket(fd);
      if (!(socket instanceof ListenerSocket)) return Errno.INVAL;
      if ((flags & ~FDFLAGS_NONBLOCK) !== 0) return Errno.INVAL;
      return blockingCall(net.signal, socket.nonblocking, Errno.AGAIN, () => {
        const connection = socket.accept();
        if (!connection) return WOULD_BLOCK;
        connection.fd_fdstat_set_flags(flags);
        setU32(fdOut, net.place(connection));
        return Errno.SUCCESS;
      });
    },

    sock_recv(fd, iovs, iovsLen, riFlags, datalenOut, roflagsOut) {
      const socket = net.socket(fd);
      if (!socket) return notSocket(fd);
      if (!(socket instanceof ConnectionSocket)) return Errno.NOTCONN;
      if ((riFlags & ~(RIFLAGS_RECV_PEEK | RIFLAGS_RECV_WAITALL)) !== 0) return Errno.NOTSUP;
      const options = {
        peek: (riFlags & RIFLAGS_RECV_PEEK) !== 0,
        waitAll: (riFlags & RIFLAGS_RECV_WAITALL) !== 0,
      };
      return receive(socket, iovs, iovsLen, options, (count) => {
        setU32(datalenOut, count);
        new DataView(memory().buffer).setUint16(roflagsOut, 0, true);
      });
    },

    sock_send(fd, iovs, iovsLen, siFlags, datalenOut) {
      const socket = net.socket(fd);
      if (!socket) return notSocket(fd);
      if (!(socket instanceof ConnectionSocket)) return Errno.NOTCONN;
      if (siFlags !== 0) return Errno.NOTSUP;
      return send(socket, iovs, iovsLen, (count) => setU32(datalenOut, count));
    },

    sock_shutdown(fd, how) {
      const socket = net.socket(fd);
      if (!socket) return notSocket(fd);
      if (!(socket instanceof ConnectionSocket)) return Errno.NOTCONN;
      return socket.shutdown(how);
    },

    fdRead(fd, iovs, iovsLen, nreadOut) {
      const socket = net.socket(fd);
      if (!(socket instanceof ConnectionSocket)) return Errno.NOTCONN;
      return receive(socket, iovs, iovsLen, {}, (count) => setU32(nreadOut, count));
    },

    fdWrite(fd, iovs, iovsLen, nwrittenOut) {
      const socket = net.socket(fd);
      if (!(socket instanceof ConnectionSocket)) return Errno.NOTCONN;
      return send(socket, iovs, iovsLen, (count) => setU32(nwrittenOut, count));
    },
  };
}
