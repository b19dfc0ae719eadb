import type { Timing } from '../../clock/presets.ts';

/** The Job controller's delays, in cluster-time ms. */
export interface JobTiming {
  /** Pod events are batched for this long before a sync (syncJobBatchPeriod, 1 s). */
  syncBatchPeriod: number;
  /** First delay before replacing a failed pod (DefaultJobPodFailureBackOff, 10 s), doubling... */
  podFailureBackOff: number;
  /** ... up to this ceiling (MaxJobPodFailureBackOff, 10 minutes). */
  maxPodFailureBackOff: number;
  /** A second as Job and Pod specs declare them (activeDeadlineSeconds, TTLs). */
  declaredSecond: number;
}

/**
 * The Job controller's delays under a timing preset: Kubernetes' own numbers with Kubernetes'
 * timing; under a faster preset they shrink in proportion to the kubelet's restart back-off,
 * which starts at the same 10 s upstream.
 */
export function jobTiming(timing: Timing): JobTiming {
  const scale = timing.containerBackOffBase / 10_000;
  return {
    syncBatchPeriod: 1_000 * scale,
    podFailureBackOff: 10_000 * scale,
    maxPodFailureBackOff: 600_000 * scale,
    declaredSecond: timing.declaredSecond,
  };
}
