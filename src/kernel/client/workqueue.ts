import type { Clock, TimerHandle } from '../clock/clock.ts';

export interface WorkQueueOptions {
  clock: Clock;
  /** First retry delay after a failure; doubles per consecutive failure of the same key. */
  baseDelay: number;
  maxDelay: number;
}

/**
 * client-go's rate-limited work queue: a key is queued at most once at a time, is never
 * processed by two workers at once (a key added while being processed is processed again
 * afterwards), and a failing key is retried with exponential back-off until it succeeds.
 */
export class WorkQueue {
  private queue: string[] = [];
  private head = 0;
  private queued = new Set<string>();
  private processing = new Set<string>();
  private dirtyWhileProcessing = new Set<string>();
  private failures = new Map<string, number>();
  /** Keys waiting for their delay, with the cluster time they become ready. */
  private delayed = new Map<string, { timer: TimerHandle; readyAt: number }>();
  private waiters: ((key: string | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(private readonly options: WorkQueueOptions) {}

  get length(): number {
    return this.queue.length - this.head;
  }

  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    const waiter = this.waiters.shift();
    if (waiter) {
      this.queued.delete(key);
      this.processing.add(key);
      waiter(key);
    } else {
      this.queue.push(key);
    }
  }

  /**
   * Adds the key after `ms` of cluster time. A key already waiting keeps the earlier of its
   * two ready times, as client-go's delaying queue does: a later call may bring it forward,
   * never postpone it.
   */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.options.clock.now() + ms;
    const waiting = this.delayed.get(key);
    if (waiting) {
      if (waiting.readyAt <= readyAt) return;
      waiting.timer.cancel();
    }
    const timer = this.options.clock.setTimer(ms, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { timer, readyAt });
  }

  /** Re-adds a key that failed, after its back-off delay. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const delay = Math.min(this.options.baseDelay * 2 ** n, this.options.maxDelay);
    this.addAfter(key, delay);
  }

  /** Clears a key's failure count after it was processed successfully. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Waits for the next key; resolves undefined once the queue shuts down. Call `done` after processing. */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.take();
    if (key !== undefined) {
      this.queued.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Removes the oldest key, compacting the array now and then so removal stays O(1). */
  private take(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return key;
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirtyWhileProcessing.delete(key)) this.add(key);
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.delayed.values()) timer.cancel();
    this.delayed.clear();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }
}
