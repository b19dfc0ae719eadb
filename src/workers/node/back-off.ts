import type { Clock } from '../../kernel/clock/clock.ts';

interface Entry {
  backoff: number;
  lastUpdate: number;
}

/**
 * Per-key exponential back-off, as client-go's flowcontrol.Backoff that the kubelet uses for
 * container restarts and image pulls: the first `next` sets the delay to `initial`, each
 * further one doubles it up to `max`, and an entry not moved for more than twice `max` starts
 * over (so a container that ran ten minutes between crashes, under Kubernetes' 5-minute
 * ceiling, restarts without delay again).
 */
export class BackOff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly initial: number,
    private readonly max: number,
  ) {}

  /** The current delay for `key`, 0 when it has none. */
  get(key: string): number {
    return this.entries.get(key)?.backoff ?? 0;
  }

  /** Moves `key` to its next delay; `eventTime` is when the failure happened. */
  next(key: string, eventTime: number): void {
    const entry = this.entries.get(key);
    if (!entry || this.expired(eventTime, entry)) {
      this.entries.set(key, { backoff: this.initial, lastUpdate: this.clock.now() });
      return;
    }
    entry.backoff = Math.min(entry.backoff * 2, this.max);
    entry.lastUpdate = this.clock.now();
  }

  /** True while less than the current delay has passed since `eventTime` (a container's exit). */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(eventTime, entry)) return false;
    return this.clock.now() - eventTime < entry.backoff;
  }

  /** True while less than the current delay has passed since the last `next` (an image pull). */
  isInBackOffSinceUpdate(key: string): boolean {
    const entry = this.entries.get(key);
    const now = this.clock.now();
    if (!entry || this.expired(now, entry)) return false;
    return now - entry.lastUpdate < entry.backoff;
  }

  /** Forgets `key`, or every entry that has expired. */
  forget(key?: string): void {
    if (key !== undefined) {
      this.entries.delete(key);
      return;
    }
    const now = this.clock.now();
    for (const [k, entry] of this.entries) if (this.expired(now, entry)) this.entries.delete(k);
  }

  private expired(eventTime: number, entry: Entry): boolean {
    return eventTime - entry.lastUpdate > 2 * this.max;
  }
}
