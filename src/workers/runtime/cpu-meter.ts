/**
 * A container's CPU time, measured in its own worker: the wall time its module spends running,
 * that is between resuming and suspending through JSPI (time spent waiting in poll_oneoff,
 * accept, recv and the network imports is not counted). The module runs on the worker's one
 * thread, so while it computes no timer of the worker can fire; the node therefore gets
 * samples that say whether the module was running when taken, and extrapolates a running one.
 */

import type { SuspensionObserver } from './jspi.ts';

/** One report: cumulative CPU nanoseconds up to `at`, and whether the module ran at that moment. */
export interface CpuSample {
  cpuNanos: number;
  running: boolean;
  /** Wall-clock ms since the epoch, with sub-millisecond precision (comparable across workers). */
  at: number;
}

// Read once: the getter is a call into the browser, and the meter reads the time at every
// suspension and resumption.
const timeOrigin = performance.timeOrigin;

/** Milliseconds since the epoch with the precision of performance.now(). */
export function preciseNow(): number {
  return timeOrigin + performance.now();
}

/**
 * Counts running time and reports it through `report`, at most about once per `intervalMs`
 * while the module keeps suspending and resuming, and at once when a module that was last
 * reported suspended starts running (a module that then computes for long is never seen
 * again until it suspends: the node extrapolates from that report). A report that claimed
 * "running" is corrected by a timer once the module suspends, so a node's view of a module
 * that mostly waits is never more than one interval wrong. Overhead: one clock read per
 * suspension and per resumption.
 */
export class CpuMeter implements SuspensionObserver {
  private spentMs = 0;
  private runningSince: number | undefined;
  private lastPostAt = -Infinity;
  private postedRunning = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly report: (sample: CpuSample) => void,
    private readonly intervalMs = 250,
    private readonly now: () => number = preciseNow,
  ) {}

  /** The module starts or resumes running. */
  resume(): void {
    if (this.stopped || this.runningSince !== undefined) return;
    const now = this.now();
    this.runningSince = now;
    // A node that believes the module idle must learn at once that it runs: it may not
    // suspend again for a long time.
    if (!this.postedRunning) this.post(now);
  }

  /** The module is suspended, waiting for a promise. */
  suspend(): void {
    if (this.stopped || this.runningSince === undefined) return;
    const now = this.now();
    this.spentMs += now - this.runningSince;
    this.runningSince = undefined;
    if (!this.postedRunning) return;
    const since = now - this.lastPostAt;
    if (since >= this.intervalMs) this.post(now);
    else this.correctLater(this.intervalMs - since);
  }

  /** The module has ended: the last report, and no more. */
  stop(): void {
    if (this.stopped) return;
    this.suspend();
    this.post(this.now());
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Cumulative CPU nanoseconds so far. */
  cpuNanos(now = this.now()): number {
    const running = this.runningSince === undefined ? 0 : now - this.runningSince;
    return Math.round((this.spentMs + running) * 1e6);
  }

  private post(now: number): void {
    const running = this.runningSince !== undefined;
    this.lastPostAt = now;
    this.postedRunning = running;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.report({ cpuNanos: this.cpuNanos(now), running, at: now });
  }

  private correctLater(delayMs: number): void {
    if (this.timer !== undefined) return;
    // The timer can only fire while the module waits (or after it ended), when the report it
    // sends is exact.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.post(this.now());
    }, delayMs);
  }
}
