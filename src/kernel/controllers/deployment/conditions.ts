import { rfc3339 } from '../../clock/clock.ts';
import type { DeploymentStatus, WorkloadCondition } from '../../types/apps.ts';
import type { ConditionStatus } from '../../types/meta.ts';

/** Reasons of the Deployment conditions, as deploymentutil names them. */
export const reasons = {
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  progressDeadlineExceeded: 'ProgressDeadlineExceeded',
  failedReplicaSetCreate: 'ReplicaSetCreateError',
  deploymentPaused: 'DeploymentPaused',
  deploymentResumed: 'DeploymentResumed',
} as const;

/** A condition stamped now for both its update and its transition. */
export function newCondition(
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: number,
): WorkloadCondition {
  const at = rfc3339(now);
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

export function getCondition(
  status: DeploymentStatus | undefined,
  type: string,
): WorkloadCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * deploymentutil.SetDeploymentCondition: a condition with the same status and reason as the
 * current one changes nothing; one with the same status keeps the old transition time; the
 * new condition goes to the end of the list.
 */
export function setCondition(status: DeploymentStatus, condition: WorkloadCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) {
    next.lastTransitionTime = current.lastTransitionTime;
  }
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}
