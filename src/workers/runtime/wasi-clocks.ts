/**
 * The WASI clocks, one definition shared by `clock_time_get` and `poll_oneoff` so that an
 * absolute deadline computed from one is understood by the other.
 */

const CLOCKID_REALTIME = 0;
const CLOCKID_MONOTONIC = 1;
const CLOCKID_PROCESS_CPUTIME = 2;
const CLOCKID_THREAD_CPUTIME = 3;
const ERRNO_SUCCESS = 0;
const ERRNO_INVAL = 28;

/** The clock's current time in nanoseconds, or null for a clock id WASI does not define. */
export function clockNow(clock: number): bigint | null {
  switch (clock) {
    case CLOCKID_REALTIME:
      return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    // A container here is never descheduled the way a process is, so its CPU-time clocks
    // advance with the monotonic clock: close enough for timing and for sleeping on them.
    case CLOCKID_MONOTONIC:
    case CLOCKID_PROCESS_CPUTIME:
    case CLOCKID_THREAD_CPUTIME:
      return BigInt(Math.round(performance.now() * 1e6));
    default:
      return null;
  }
}

/** The `clock_time_get(id, precision, time_out)` import over the module's memory. */
export function clockTimeGet(
  memory: () => WebAssembly.Memory,
): (clock: number, precision: bigint, timePtr: number) => number {
  return (clock, _precision, timePtr) => {
    const now = clockNow(clock);
    if (now === null) return ERRNO_INVAL;
    new DataView(memory().buffer).setBigUint64(timePtr, now, true);
    return ERRNO_SUCCESS;
  };
}
