/** Opens a connection to what a local port forwards to (the ends of a data channel). */
export interface LocalTarget {
  connect(): { data: MessagePort; reset: MessagePort };
}

/** The first port handed out for a forward asked for with port 0, as an OS picks ephemerals. */
const firstEphemeral = 32768;
const lastEphemeral = 60999;

/**
 * The page's "localhost": the ports `kubectl port-forward` (and later `kubectl proxy`) listen
 * on, each forwarding to something in the cluster. The terminal's curl and the service
 * worker's `/localhost:PORT/` route connect through it.
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

  /** Connects to `port`, or undefined when nothing listens there (connection refused). */
  connect(port: number): { data: MessagePort; reset: MessagePort } | undefined {
    return this.bound.get(port)?.connect();
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
