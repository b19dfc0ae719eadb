import type { Pod, PodCondition } from '../../types/core.ts';

/** Milliseconds in one second declared in an object (minReadySeconds, progressDeadlineSeconds). */
export const secondMs = 1000;

/** The pod's `Ready` condition, if it has one. */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** podutil.IsPodReady: the `Ready` condition is `True`. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * podutil.IsPodAvailable: ready, and ready for more than `minReadySeconds` by `now` (the
 * condition's lastTransitionTime counts; a ready pod without one is not available unless
 * minReadySeconds is 0).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(podReadyCondition(pod)?.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * secondMs < now;
}

/** controller.IsPodActive: not finished (Succeeded/Failed) and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** `namespace/name`, the key expectations track pods by. */
export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}
