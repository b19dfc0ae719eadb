import { Errno } from '../../net/protocol.ts';
import type { ConnectionSocket, SocketReadiness } from './connection-socket.ts';
import { SocketFd } from './socket-fd.ts';

/**
 * A port this container listens on, shared by every descriptor open on it (a preopened
 * listener and a program's own listen() on the same port are one listener). Connections the
 * node delivers wait in the backlog, already answered `ok`, until accepted. Once its last
 * descriptor is closed it stops listening: the connections still in its backlog are reset,
 * and `onClose` lets the container refuse later ones.
 */
export class Listener {
  readonly backlog: ConnectionSocket[] = [];
  private descriptors = 0;

  constructor(
    readonly port: number,
    private readonly onClose: (listener: Listener) => void,
  ) {}

  /** A new descriptor on this listener. */
  open(): ListenerSocket {
    this.descriptors++;
    return new ListenerSocket(this);
  }

  /** A descriptor on it was closed. */
  release(): void {
    if (--this.descriptors > 0) return;
    for (const connection of this.backlog.splice(0)) connection.end('rst');
    this.onClose(this);
  }
}

/** A listening socket's descriptor: sock_accept takes connections from its listener's backlog. */
export class ListenerSocket extends SocketFd {
  private closed = false;

  constructor(readonly listener: Listener) {
    super();
  }

  /** The oldest connection waiting to be accepted, taken from the backlog. */
  accept(): ConnectionSocket | undefined {
    return this.listener.backlog.shift();
  }

  readReadiness(): SocketReadiness {
    const waiting = this.listener.backlog.length;
    return { ready: waiting > 0, nbytes: waiting };
  }

  override fd_close(): number {
    if (!this.closed) {
      this.closed = true;
      this.listener.release();
    }
    return Errno.SUCCESS;
  }
}
