/**
 * client-go's flowcontrol.Backoff as the DaemonSet controller uses it for failed daemon pods:
 * per key, a delay that starts at 1 s and doubles up to 15 min with each failure, forgotten
 * when no failure came for twice the maximum.
 */
export class FailedPodsBackoff {
  private entries = new Map<string, { backoff: number; lastUpdate: number }>();

  constructor(
    private readonly initialMs = 1_000,
    private readonly maxMs = 15 * 60_000,
  ) {}

  /** IsInBackOffSinceUpdate: the key's delay has not passed since its last failure. */
  inBackoff(key: string, now: number): boolean {
    const e = this.entries.get(key);
    return e !== undefined && now - e.lastUpdate < e.backoff;
  }

  /** The key's current delay (0 if it has none). */
  delay(key: string): number {
    return this.entries.get(key)?.backoff ?? 0;
  }

  /** Next: one more failure now; the delay starts or doubles. */
  next(key: string, now: number): void {
    const e = this.entries.get(key);
    if (!e || now - e.lastUpdate > 2 * this.maxMs) {
      this.entries.set(key, { backoff: this.initialMs, lastUpdate: now });
      return;
    }
    e.backoff = Math.min(e.backoff * 2, this.maxMs);
    e.lastUpdate = now;
  }

  /** GC: forgets keys idle for twice the maximum delay. */
  gc(now: number): void {
    for (const [key, e] of this.entries)
      if (now - e.lastUpdate > 2 * this.maxMs) this.entries.delete(key);
  }
}
