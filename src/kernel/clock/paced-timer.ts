import type { Clock, TimerHandle } from './clock.ts';

/**
 * Calls `fn` once both `ms` of cluster time (on `clock`) and `realMs` of real time (on
 * `realTime`, a clock that runs at 1× while cluster time runs: ScaledClock.realTime) have
 * passed. Up to real time that is `ms` of cluster time; faster, it is never less than `realMs`
 * of real time, so periodic work does not multiply with the clock speed. Without `realTime`
 * (tests on a FakeClock) cluster time alone decides. The handle cancels it.
 */
export function pacedTimer(
  clock: Clock,
  ms: number,
  realTime: Clock | undefined,
  realMs: number,
  fn: () => void,
): TimerHandle {
  let waiting = realTime ? 2 : 1;
  const done = () => {
    if (--waiting === 0) fn();
  };
  const timers = [clock.setTimer(ms, done)];
  if (realTime) timers.push(realTime.setTimer(realMs, done));
  return {
    cancel: () => {
      for (const timer of timers) timer.cancel();
    },
  };
}
