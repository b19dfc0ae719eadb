import type { TimingPresetName } from '../../kernel/clock/presets.ts';

/**
 * The fastest the cluster clock may run under a timing preset. Kubernetes' own timings take
 * 60× (a 10 s heartbeat every 170 ms of real time). The tutorial preset renews node Leases
 * every 100 ms of cluster time against a 400 ms grace period; at 60× that grace would be 7 ms
 * of real time, less than one busy moment of the kernel worker, and healthy nodes would flap
 * NotReady. At 10× the grace is 40 ms, which nodes keep.
 */
export function maxSpeed(timing: TimingPresetName): number {
  return timing === 'tutorial' ? 10 : 60;
}

/** Why `speed` is refused under `timing`, or undefined when it is allowed. */
export function speedRefusal(timing: TimingPresetName, speed: number): string | undefined {
  if (!Number.isFinite(speed) || speed < 0) return `invalid clock speed ${speed}`;
  const max = maxSpeed(timing);
  if (speed <= max) return undefined;
  return `the ${timing} timing preset runs at most ${max}× (its node heartbeats would be missed faster than that); use ?timing=kubernetes for up to 60×`;
}
