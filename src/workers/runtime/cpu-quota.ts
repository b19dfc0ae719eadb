/**
 * A container's CPU limit, enforced in its own worker the way the kernel's CFS bandwidth
 * control enforces a cgroup's `cpu.max` (what the kubelet writes for `limits.cpu`): in each
 * period (100 ms of real time) the module may run for limit × period, then it is paused until
 * the period ends. A worker cannot preempt its module: the pause happens at the module's next
 * import call (clock, fd, socket, poll and network calls all pass through our imports), which
 * then suspends through JSPI until the module may run again. A module that computes without
 * calling any import cannot be paused while it does; the time it overruns its quota is a debt
 * that the following periods pay off (as CFS charges an overrun to the next refill), so over
 * time even such a module averages its limit, provided it calls an import now and then.
 */

import type { SuspensionObserver } from './jspi.ts';

/** The CFS period the kubelet uses (cpu.cfs_period_us = 100000). */
export const CFS_PERIOD_MS = 100;

/** What the imports of a throttled module ask before each call. */
export interface Throttle {
  /**
   * Undefined when the module may go on at once; otherwise a promise that resolves when it may
   * run again (the import then suspends the module until then).
   */
  pause(): Promise<void> | undefined;
}

export interface CpuQuotaOptions {
  /** The limit in millicores; one core (1000) or more never throttles a single-threaded module. */
  limitMillicores: number;
  periodMs?: number;
  /** Milliseconds of real time (performance.now() by default). */
  now?: () => number;
  /** Resolves after `ms` of real time (setTimeout by default). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Tracks the module's running time per period (told of its suspensions and resumptions as a
 * SuspensionObserver, like the CPU meter) and pauses it at an import once its quota for the
 * period is spent. Unused quota is not banked: each period starts with at most one quota, less
 * any overrun still owed.
 */
export class CpuQuota implements SuspensionObserver, Throttle {
  private readonly periodMs: number;
  private readonly quotaMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly origin: number;
  /** The current period's index, from `origin`. */
  private period = 0;
  /** Quota left in the current period, in ms of running time; negative while in debt. */
  private remaining: number;
  /** Running time has been charged up to this moment. */
  private accountedTo: number;
  private running = false;

  constructor(options: CpuQuotaOptions) {
    this.periodMs = options.periodMs ?? CFS_PERIOD_MS;
    this.quotaMs = (options.limitMillicores / 1000) * this.periodMs;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.origin = this.now();
    this.accountedTo = this.origin;
    this.remaining = this.quotaMs;
  }

  /** The module starts or resumes running. */
  resume(): void {
    this.advance(this.now());
    this.running = true;
  }

  /** The module is suspended: waiting costs no quota. */
  suspend(): void {
    this.advance(this.now());
    this.running = false;
  }

  pause(): Promise<void> | undefined {
    const now = this.now();
    this.advance(now);
    if (this.remaining > 0) return undefined;
    // The first period boundary after which the debt is paid and some quota is left.
    const refills = Math.floor(-this.remaining / this.quotaMs) + 1;
    const until = this.origin + (this.period + refills) * this.periodMs;
    return this.sleep(until - now);
  }

  /** Charges running time up to `now`, refilling the quota at each period boundary passed. */
  private advance(now: number): void {
    for (;;) {
      const end = this.origin + (this.period + 1) * this.periodMs;
      if (now < end) break;
      if (this.running) this.remaining -= end - this.accountedTo;
      this.accountedTo = end;
      this.period++;
      this.remaining = Math.min(this.remaining + this.quotaMs, this.quotaMs);
      if (!this.running && this.remaining === this.quotaMs) {
        // Idle periods with nothing owed change nothing: skip to the current one.
        this.period = Math.floor((now - this.origin) / this.periodMs);
        this.accountedTo = Math.max(this.accountedTo, this.origin + this.period * this.periodMs);
      }
    }
    if (this.running) this.remaining -= now - this.accountedTo;
    this.accountedTo = now;
  }
}
