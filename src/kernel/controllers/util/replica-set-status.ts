import { rfc3339 } from '../../clock/clock.ts';
import type { ReplicaSet, ReplicaSetStatus, WorkloadCondition } from '../../types/apps.ts';
import type { Pod } from '../../types/core.ts';
import { isPodAvailable, isPodReady } from './pod-readiness.ts';

/**
 * The status a ReplicaSet reports for the active pods it controls (calculateStatus in the
 * replicaset controller): replicas, those carrying all of the template's labels, ready ones,
 * and available ones (ready for longer than minReadySeconds). A failed create or delete sets
 * the `ReplicaFailure` condition; a clean sync removes it. Zero counts are omitted, as the
 * apps/v1 JSON does (only `replicas` is always written).
 */
export function replicaSetStatus(
  rs: ReplicaSet,
  pods: readonly Pod[],
  manageError: unknown,
  now: number,
): ReplicaSetStatus {
  const templateLabels = rs.spec.template?.metadata?.labels ?? {};
  const minReadySeconds = rs.spec.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  const status: ReplicaSetStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.status?.observedGeneration) status.observedGeneration = rs.status.observedGeneration;
  let conditions = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageError !== undefined && !failure) {
    const diff = pods.length - (rs.spec.replicas ?? 1);
    const condition: WorkloadCondition = {
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: rfc3339(now),
      reason: diff < 0 ? 'FailedCreate' : 'FailedDelete',
      message: manageError instanceof Error ? manageError.message : String(manageError),
    };
    conditions.push(condition);
  } else if (manageError === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  if (conditions.length) status.conditions = conditions;
  return status;
}
