import type { Pod } from '../../types/core.ts';
import type { Service } from '../../types/service.ts';
import { podReadyCondition } from './pod-readiness.ts';

/** The annotation saying when the change an endpoints write reflects happened. */
export const lastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';

/**
 * The latest change behind a Service's endpoints: its creation, and for each pod the last
 * transition of its Ready condition (its creation before it has one). Written only when the
 * endpoints change, as the trigger time tracker's value is.
 */
export function lastChangeTriggerTime(service: Service, pods: Pod[]): string | undefined {
  let latest = service.metadata.creationTimestamp;
  for (const pod of pods) {
    const t = podReadyCondition(pod)?.lastTransitionTime ?? pod.metadata.creationTimestamp;
    if (t && (!latest || Date.parse(t) > Date.parse(latest))) latest = t;
  }
  return latest;
}
