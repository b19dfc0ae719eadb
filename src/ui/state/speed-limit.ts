import type { TimingPresetName } from '../../kernel/clock/presets.ts';

/**
 * The fastest the cluster clock may run under a timing preset: 60× under both. Faster than
 * real time, heartbeats keep a real-time pace (a kubelet renews at most every 100 ms of real
 * time) and the node lifecycle controller asks a silent node for real silence too, not only
 * cluster time (up to 1 s under the tutorial preset, 0.8 s under Kubernetes' whose own 50 s
 * grace is 833 ms at 60×): see the timing presets' real-time floors. Beyond 60× Kubernetes'
 * timings would be bent by those floors.
 */
export function maxSpeed(timing: TimingPresetName): number {
  return maxSpeeds[timing];
}

const maxSpeeds: Record<TimingPresetName, number> = { tutorial: 60, kubernetes: 60 };

/** Why `speed` is refused under `timing`, or undefined when it is allowed. */
export function speedRefusal(timing: TimingPresetName, speed: number): string | undefined {
  if (!Number.isFinite(speed) || speed < 0) return `invalid clock speed ${speed}`;
  const max = maxSpeed(timing);
  if (speed <= max) return undefined;
  return `the ${timing} timing preset runs at most ${max}×`;
}
