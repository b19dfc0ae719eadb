import type { HttpRequest, HttpResponse } from '../workers/net/http-client.ts';

/** What a local port forwards to: it opens a connection there (the ends of a data channel). */
export interface ForwardedPort {
  connect(): { data: MessagePort; reset: MessagePort };
}

/** A local port answered by the page itself, one HTTP request at a time (`kubectl proxy`). */
export interface ServedPort {
  serve(request: HttpRequest): Promise<HttpResponse>;
}

export type LocalTarget = ForwardedPort | ServedPort;

/** The first port handed out for a forward asked for with port 0, as an OS picks ephemerals. */
const firstEphemeral = 32768;
const lastEphemeral = 60999;

/**
 * The page's "localhost": the ports `kubectl port-forward` listens on (each forwarding to a
 * pod) and those `kubectl proxy` serves. The terminal's curl and the service worker's
 * `/localhost:PORT/` route reach them through here.
 */
export class LocalPorts {
  private readonly bound = new Map<number, LocalTarget>();
  private next = firstEphemeral;

  /** Listens on `port` (0: a free ephemeral one); undefined when it is taken. */
  bind(port: number, target: LocalTarget): number | undefined {
    if (port === 0) {
      port = this.freeEphemeral();
    } else if (this.bound.has(port)) {
      return undefined;
    }
    this.bound.set(port, target);
    return port;
  }

  release(port: number): void {
    this.bound.delete(port);
  }

  /** What listens on `port`, or undefined (connection refused). */
  target(port: number): LocalTarget | undefined {
    return this.bound.get(port);
  }

  /**
   * Connects to a forwarded `port`, or undefined when nothing forwards there (nothing
   * listens, or the page itself serves it: see `target`).
   */
  connect(port: number): { data: MessagePort; reset: MessagePort } | undefined {
    const target = this.bound.get(port);
    return target && 'connect' in target ? target.connect() : undefined;
  }

  ports(): number[] {
    return [...this.bound.keys()].sort((a, b) => a - b);
  }

  private freeEphemeral(): number {
    for (;;) {
      const port = this.next;
      this.next = port >= lastEphemeral ? firstEphemeral : port + 1;
      if (!this.bound.has(port)) return port;
    }
  }
}
