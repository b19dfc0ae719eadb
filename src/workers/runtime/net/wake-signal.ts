/**
 * Wakes whatever waits on the container's network (a blocked accept or read, a poll) when
 * something changes: bytes, an end, a new connection. Waiters then check again what they
 * wait for. A container runs one module on one thread, so at most one WASI call waits at a
 * time, and waking it on any change costs little.
 */
export class WakeSignal {
  private waiting?: { promise: Promise<void>; wake: () => void };

  /** Resolves at the next `notify()`. */
  next(): Promise<void> {
    if (!this.waiting) {
      let wake!: () => void;
      const promise = new Promise<void>((resolve) => (wake = resolve));
      this.waiting = { promise, wake };
    }
    return this.waiting.promise;
  }

  /** Something changed: wakes everyone waiting in `next()`. */
  notify(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.wake();
  }
}

/** Returned by an attempt that must wait for the network to change. */
export const WOULD_BLOCK = Symbol('would block');

/**
 * Runs `attempt` now and, while it would block, again after each change of the network: an
 * errno at once when it can answer (or AGAIN when it would block and `nonblocking`), else a
 * promise of it, for a suspending import.
 */
export function blockingCall(
  signal: WakeSignal,
  nonblocking: boolean,
  againErrno: number,
  attempt: () => number | typeof WOULD_BLOCK,
): number | Promise<number> {
  const first = attempt();
  if (first !== WOULD_BLOCK) return first;
  if (nonblocking) return againErrno;
  return (async () => {
    for (;;) {
      await signal.next();
      const result = attempt();
      if (result !== WOULD_BLOCK) return result;
    }
  })();
}

/** `then` for a value that may or may not be a promise: stays synchronous when it is not. */
export function andThen<T, R>(value: T | Promise<T>, next: (value: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
