import { isBytes, postBytes, receivedBytes } from '../../net/post-bytes.ts';
import { Errno, type DataMessage, type PeerAddress } from '../../net/protocol.ts';
import { SocketFd } from './socket-fd.ts';
import { WOULD_BLOCK, type WakeSignal } from './wake-signal.ts';

const SDFLAGS_RD = 1;
const SDFLAGS_WR = 2;

/** What a read may ask for besides a size: MSG_PEEK keeps the bytes, MSG_WAITALL fills the buffer. */
export interface ReadOptions {
  peek?: boolean;
  waitAll?: boolean;
}

/** Whether a socket is ready for a poll subscription (see poll-oneoff.ts's FdReadiness). */
export interface SocketReadiness {
  ready: boolean;
  error?: number;
  hangup?: boolean;
  nbytes?: number;
}

export interface ConnectionSocketInit {
  /** Names the connection in the node's `closed` request. */
  id: number;
  /** True for a connection that came as `incoming` (its id is the node's), false for a `connect`. */
  incoming: boolean;
  /** This side's end of the data channel. */
  data: MessagePort;
  local: PeerAddress;
  peer: PeerAddress;
  signal: WakeSignal;
  /** Called once, when the connection has ended on this side (closed, or its program ended). */
  onEnd: (socket: ConnectionSocket) => void;
}

/**
 * One end of an established connection: bytes the peer sent wait here until read, and each
 * write goes straight to the peer as one message (there is no flow control: a write never
 * blocks). The peer's `fin` ends reads after the buffered bytes; an `rst`, from
 * the peer or on a reset port, fails writes at once and reads once the buffered bytes are
 * read, with ECONNRESET.
 */
export class ConnectionSocket extends SocketFd {
  readonly id: number;
  readonly incoming: boolean;
  readonly local: PeerAddress;
  readonly peer: PeerAddress;
  private readonly data: MessagePort;
  private readonly signal: WakeSignal;
  private readonly onEnd: (socket: ConnectionSocket) => void;
  private readonly resetPorts: MessagePort[] = [];
  private readonly inbound: Uint8Array[] = [];
  private inboundBytes = 0;
  private peerFinished = false;
  private wasReset = false;
  private writeShut = false;
  private readShut = false;
  private ended = false;

  constructor(init: ConnectionSocketInit) {
    super();
    this.id = init.id;
    this.incoming = init.incoming;
    this.data = init.data;
    this.local = init.local;
    this.peer = init.peer;
    this.signal = init.signal;
    this.onEnd = init.onEnd;
    this.data.onmessage = (event: MessageEvent<DataMessage>) => this.receive(event.data);
  }

  /** Also listens on `port` (a node's reset port) for `rst`. */
  addResetPort(port: MessagePort): void {
    if (this.ended) {
      port.close();
      return;
    }
    this.resetPorts.push(port);
    port.onmessage = (event: MessageEvent<{ t?: string }>) => {
      if (event.data?.t === 'rst') this.reset();
    };
  }

  /**
   * Up to `max` buffered bytes (fewer when fewer are there; with waitAll, WOULD_BLOCK until
   * `max` are there or no more can come), an empty read at the end of the stream, ECONNRESET
   * after a reset, or WOULD_BLOCK when nothing has come yet.
   */
  read(
    max: number,
    options: ReadOptions = {},
  ): { errno: number; bytes: Uint8Array } | typeof WOULD_BLOCK {
    const more = !this.peerFinished && !this.wasReset && !this.readShut;
    if (this.inboundBytes > 0 && !(options.waitAll && more && this.inboundBytes < max)) {
      return { errno: Errno.SUCCESS, bytes: this.take(max, options.peek ?? false) };
    }
    if (this.wasReset) return { errno: Errno.CONNRESET, bytes: new Uint8Array(0) };
    if (!more || max === 0) return { errno: Errno.SUCCESS, bytes: new Uint8Array(0) };
    return WOULD_BLOCK;
  }

  /**
   * Sends `bytes` as one message (see postBytes: copied, unless `owned` hands over their whole
   * buffer): an errno.
   */
  write(bytes: Uint8Array, owned = false): number {
    if (this.wasReset) return Errno.CONNRESET;
    if (this.writeShut) return Errno.PIPE;
    if (bytes.byteLength === 0) return Errno.SUCCESS;
    postBytes(this.data, bytes, owned);
    return Errno.SUCCESS;
  }

  /** sock_shutdown: SHUT_WR sends `fin`; SHUT_RD drops what comes from now on. */
  shutdown(how: number): number {
    if ((how & (SDFLAGS_RD | SDFLAGS_WR)) === 0 || (how & ~(SDFLAGS_RD | SDFLAGS_WR)) !== 0) {
      return Errno.INVAL;
    }
    if (this.wasReset) return Errno.NOTCONN;
    if (how & SDFLAGS_WR && !this.writeShut) {
      this.writeShut = true;
      this.data.postMessage({ t: 'fin' } satisfies DataMessage);
    }
    if (how & SDFLAGS_RD) {
      this.readShut = true;
      this.inbound.length = 0;
      this.inboundBytes = 0;
    }
    this.signal.notify();
    return Errno.SUCCESS;
  }

  readReadiness(): SocketReadiness {
    const hangup = this.peerFinished || this.wasReset;
    const ready = this.inboundBytes > 0 || hangup || this.readShut;
    return { ready, hangup, nbytes: this.inboundBytes };
  }

  writeReadiness(): SocketReadiness {
    if (this.wasReset) return { ready: true, error: Errno.CONNRESET };
    if (this.writeShut) return { ready: true, error: Errno.PIPE };
    return { ready: true };
  }

  override fd_close(): number {
    this.end('fin');
    return Errno.SUCCESS;
  }

  /**
   * Ends the connection on this side, once: tells the peer (`fin`, unless writing was already
   * shut down; or `rst` to abort it), stops listening, and reports the end through `onEnd`.
   */
  end(how: 'fin' | 'rst'): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.wasReset) {
      if (how === 'rst') this.data.postMessage({ t: 'rst' } satisfies DataMessage);
      else if (!this.writeShut) this.data.postMessage({ t: 'fin' } satisfies DataMessage);
    }
    this.writeShut = true;
    this.data.close();
    for (const port of this.resetPorts) port.close();
    this.inbound.length = 0;
    this.inboundBytes = 0;
    this.onEnd(this);
  }

  private receive(message: DataMessage): void {
    if (this.ended) return;
    if (isBytes(message)) {
      if (this.wasReset || this.readShut) return;
      const bytes = receivedBytes(message);
      if (bytes.byteLength === 0) return;
      this.inbound.push(bytes);
      this.inboundBytes += bytes.byteLength;
    } else if (message.t === 'fin') {
      this.peerFinished = true;
    } else if (message.t === 'rst') {
      this.wasReset = true;
    } else if (message.t === 'ctl') {
      this.addResetPort(message.port);
      return;
    } else {
      return;
    }
    this.signal.notify();
  }

  private reset(): void {
    if (this.ended || this.wasReset) return;
    this.wasReset = true;
    this.signal.notify();
  }

  /** Takes (or, peeking, copies) up to `max` bytes from the front of the buffer. */
  private take(max: number, peek: boolean): Uint8Array {
    const size = Math.min(max, this.inboundBytes);
    const out = new Uint8Array(size);
    let filled = 0;
    let consumed = 0;
    for (const chunk of this.inbound) {
      if (filled === size) break;
      const part = Math.min(chunk.byteLength, size - filled);
      out.set(part === chunk.byteLength ? chunk : chunk.subarray(0, part), filled);
      filled += part;
      if (!peek) {
        if (part === chunk.byteLength) consumed++;
        else this.inbound[consumed] = chunk.subarray(part);
      }
    }
    if (!peek) {
      this.inbound.splice(0, consumed);
      this.inboundBytes -= size;
    }
    return out;
  }
}
