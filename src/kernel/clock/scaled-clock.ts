import type { Clock, TimerHandle } from './clock.ts';

/**
 * Where a ScaledClock stands: cluster time `virtual` at real time `real`, running at `speed`.
 * Clocks in several workers given one anchor read the same cluster time (Date.now() is shared).
 */
export interface ClockAnchor {
  virtual: number;
  real: number;
  speed: number;
}

interface ScaledTimer {
  due: number;
  fn: () => void;
  realHandle: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Cluster time that runs at `speed` times real time and can be paused (speed 0). Timers are
 * rescheduled when the speed changes, so a 10-second heartbeat at 10× fires after one real
 * second.
 */
export class ScaledClock implements Clock {
  private baseVirtual: number;
  private baseReal: number;
  private speedFactor: number;
  private timers = new Set<ScaledTimer>();
  private running?: ScaledClock;

  constructor(
    speed = 1,
    private readonly realNow: () => number = () => Date.now(),
  ) {
    this.baseReal = realNow();
    this.baseVirtual = this.baseReal;
    this.speedFactor = speed;
  }

  now(): number {
    return this.baseVirtual + (this.realNow() - this.baseReal) * this.speedFactor;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /**
   * Real time that stops while this clock is paused: it runs at 1× whenever cluster time runs
   * at all, whatever the speed. It measures how long the page's workers have really had to do
   * something (renew a heartbeat, say), which cluster time at 60× does not. Its readings only
   * mean something as differences within one worker; its timers follow pauses too.
   */
  get realTime(): Clock {
    this.running ??= new ScaledClock(this.speedFactor > 0 ? 1 : 0, this.realNow);
    return this.running;
  }

  /** Changes how fast cluster time runs; 0 pauses it. */
  setSpeed(speed: number): void {
    if (speed < 0 || !Number.isFinite(speed)) throw new RangeError(`invalid clock speed ${speed}`);
    this.follow({ virtual: this.now(), real: this.realNow(), speed });
  }

  anchor(): ClockAnchor {
    return { virtual: this.baseVirtual, real: this.baseReal, speed: this.speedFactor };
  }

  /** Runs from now on as the anchor says (another worker's clock), rescheduling timers. */
  follow(anchor: ClockAnchor): void {
    this.baseVirtual = anchor.virtual;
    this.baseReal = anchor.real;
    this.speedFactor = anchor.speed;
    for (const t of this.timers) this.arm(t);
    if (this.running && this.running.speed !== (anchor.speed > 0 ? 1 : 0))
      this.running.setSpeed(anchor.speed > 0 ? 1 : 0);
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: ScaledTimer = { due: this.now() + Math.max(0, ms), fn, realHandle: undefined };
    this.timers.add(timer);
    this.arm(timer);
    return {
      cancel: () => {
        clearTimeout(timer.realHandle);
        this.timers.delete(timer);
      },
    };
  }

  private arm(timer: ScaledTimer): void {
    clearTimeout(timer.realHandle);
    timer.realHandle = undefined;
    if (this.speedFactor === 0) return;
    const realDelay = Math.max(0, (timer.due - this.now()) / this.speedFactor);
    timer.realHandle = setTimeout(() => {
      this.timers.delete(timer);
      timer.fn();
    }, realDelay);
  }
}
