import type { TimingPresetName } from '../../kernel/clock/presets.ts';

/**
 * The fastest the cluster clock may run under a timing preset. Kubernetes' own timings take
 * 60×: a node's 50 s grace period is still 830 ms of real time. The tutorial preset declares a
 * node Unknown 400 ms of cluster time after its last heartbeat; faster than real time, that
 * grace shrinks below the pauses a loaded page's workers take (a 3× cluster booting pods was
 * seen marking healthy nodes NotReady, and their pods evicted), so it runs at real time at
 * most. Its failover already takes about a second.
 */
export function maxSpeed(timing: TimingPresetName): number {
  return timing === 'tutorial' ? 1 : 60;
}

/** Why `speed` is refused under `timing`, or undefined when it is allowed. */
export function speedRefusal(timing: TimingPresetName, speed: number): string | undefined {
  if (!Number.isFinite(speed) || speed < 0) return `invalid clock speed ${speed}`;
  const max = maxSpeed(timing);
  if (speed <= max) return undefined;
  return `the ${timing} timing preset runs at most ${max}× (its 400 ms node grace period would be missed by healthy nodes); open the page with ?timing=kubernetes for up to 60×`;
}
