import { isBytes, receivedBytes } from './post-bytes.ts';
import { Errno, type DataMessage, type PeerAddress } from './protocol.ts';

/** Why a connection could not be opened or broke, as a program would see it. */
export class ConnectionError extends Error {
  constructor(
    readonly errno: number,
    message: string,
  ) {
    super(message);
  }
}

/** How long connect waits for an answer before giving up with ETIMEDOUT (real time). */
export const connectTimeoutMs = 20_000;

/**
 * One end of a virtual-network connection held outside a container (the page's terminal, a
 * port-forward): `established` settles once the far side accepts or refuses; `read` yields
 * byte chunks until the peer's end of stream (undefined) and throws ECONNRESET when the peer
 * resets or its container is killed.
 */
export class StreamConnection {
  readonly established: Promise<{ peer: PeerAddress; local: PeerAddress }>;
  private readonly chunks: Uint8Array[] = [];
  private ended = false;
  private failure?: ConnectionError;
  private wake?: () => void;

  constructor(
    private readonly data: MessagePort,
    reset: MessagePort,
    timeoutMs = connectTimeoutMs,
  ) {
    let settle!: (value: { peer: PeerAddress; local: PeerAddress }) => void;
    let rejectEstablished!: (error: ConnectionError) => void;
    this.established = new Promise((resolve, fail) => {
      settle = resolve;
      rejectEstablished = fail;
    });
    const reject = (error: ConnectionError) => {
      rejectEstablished(error);
      this.fail(error);
    };
    // Nobody waits on `established` when a connection breaks later; keep that quiet.
    this.established.catch(() => {});
    const timer = setTimeout(
      () => reject(new ConnectionError(Errno.TIMEDOUT, 'Connection timed out')),
      timeoutMs,
    );
    const onReset = () =>
      this.fail(new ConnectionError(Errno.CONNRESET, 'Connection reset by peer'));
    reset.onmessage = onReset;
    data.onmessage = (event: MessageEvent<DataMessage>) => {
      const message = event.data;
      if (isBytes(message)) {
        this.chunks.push(receivedBytes(message));
        this.notify();
        return;
      }
      switch (message.t) {
        case 'ok':
          clearTimeout(timer);
          settle({ peer: message.peer, local: message.local });
          return;
        case 'ctl':
          message.port.onmessage = onReset;
          return;
        case 'refused':
          clearTimeout(timer);
          reject(new ConnectionError(Errno.CONNREFUSED, 'Connection refused'));
          return;
        case 'error':
          clearTimeout(timer);
          reject(new ConnectionError(message.errno, message.message));
          return;
        case 'fin':
          this.ended = true;
          this.notify();
          return;
        case 'rst':
          onReset();
          return;
      }
    };
  }

  /** Sends bytes (copied). */
  write(bytes: Uint8Array | string): void {
    if (this.failure) throw this.failure;
    const view = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    const copy = view.slice().buffer;
    this.data.postMessage(copy, [copy]);
  }

  /** Shuts down this side's writing: the peer reads end of stream after what was sent. */
  end(): void {
    const fin: DataMessage = { t: 'fin' };
    this.data.postMessage(fin);
  }

  /** Aborts the connection: the peer sees a reset. */
  abort(): void {
    const rst: DataMessage = { t: 'rst' };
    this.data.postMessage(rst);
    this.data.close();
  }

  /** The next chunk, or undefined at the peer's end of stream. */
  async read(): Promise<Uint8Array | undefined> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) return chunk;
      if (this.failure) throw this.failure;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Everything until the peer's end of stream, as text. */
  async readAll(): Promise<string> {
    const decoder = new TextDecoder();
    let text = '';
    for (let chunk = await this.read(); chunk; chunk = await this.read()) {
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  }

  private fail(error: ConnectionError): void {
    this.failure ??= error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
