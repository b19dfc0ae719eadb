/**
 * The cluster's one source of time. Kernel logic never reads the wall clock or sets timers
 * itself; it asks the Clock it was given, so tests can run hours of cluster time in
 * milliseconds (FakeClock) and the page can pause or speed up time (ScaledClock).
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, in cluster time. */
  now(): number;
  /** Calls `fn` once after `ms` of cluster time. The handle cancels it. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export interface TimerHandle {
  cancel(): void;
}

/** Resolves after `ms` of cluster time, or rejects with the signal's reason when aborted. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** RFC 3339 timestamp with second precision, as Kubernetes writes metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC 3339 with microseconds, as Kubernetes writes metav1.MicroTime (Lease renewTime, Event eventTime). */
export function rfc3339Micro(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return `${iso.slice(0, 23)}000Z`;
}
