import { StreamConnection } from '../workers/net/connection.ts';

/**
 * The page's own connections into the cluster (`playground.connect`), counted per destination
 * `ip:port`: how many were opened, and how many failed (refused, timed out, unreachable, or
 * reset before their end). Cumulative; a reader takes differences for rates.
 */
export interface PageTrafficCounts {
  opened: Record<string, number>;
  failed: Record<string, number>;
}

/** Counts the page's connections and their failures (see PageTrafficCounts). */
export class PageTraffic {
  private readonly opened = new Map<string, number>();
  private readonly failed = new Map<string, number>();

  /** A connection over these ports whose outcome is counted under `ip:port`. */
  connection(data: MessagePort, reset: MessagePort, ip: string, port: number): StreamConnection {
    const key = `${ip}:${port}`;
    bump(this.opened, key);
    let counted = false;
    const failed = () => {
      if (counted) return;
      counted = true;
      bump(this.failed, key);
    };
    const connection = new CountedConnection(data, reset, failed);
    connection.established.catch(failed);
    return connection;
  }

  counts(): PageTrafficCounts {
    return { opened: Object.fromEntries(this.opened), failed: Object.fromEntries(this.failed) };
  }
}

/** A StreamConnection that reports a read broken by a reset or refusal. */
class CountedConnection extends StreamConnection {
  constructor(
    data: MessagePort,
    reset: MessagePort,
    private readonly onFailure: () => void,
  ) {
    super(data, reset);
  }

  override async read(): Promise<Uint8Array | undefined> {
    try {
      return await super.read();
    } catch (err) {
      this.onFailure();
      throw err;
    }
  }
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
