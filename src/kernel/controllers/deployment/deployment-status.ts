import type { Deployment, DeploymentStatus, ReplicaSet } from '../../types/apps.ts';
import { secondMs } from '../util/pod-readiness.ts';
import { getCondition, newCondition, reasons, setCondition } from './conditions.ts';
import { maxUnavailable } from './fenceposts.ts';
import {
  actualReplicaCount,
  availableReplicaCount,
  readyReplicaCount,
  replicaCount,
} from './replica-sets.ts';

/** progressDeadlineSeconds that means "no deadline" (math.MaxInt32). */
const noDeadline = 2 ** 31 - 1;

export function hasProgressDeadline(d: Deployment): boolean {
  const seconds = d.spec.progressDeadlineSeconds;
  return seconds !== undefined && seconds !== noDeadline;
}

/** Sets a count, leaving it out when 0 as the apps/v1 JSON does. */
function count(status: DeploymentStatus, key: keyof DeploymentStatus, n: number): void {
  if (n !== 0) (status as Record<string, unknown>)[key] = n;
}

/**
 * calculateStatus: the Deployment's counts summed over its ReplicaSets (replicas, updated =
 * the new set's pods, ready, available, unavailable = desired pods not available), the
 * existing conditions, and `Available` set from whether at least desired − maxUnavailable
 * pods are available.
 */
export function calculateStatus(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const unavailable = Math.max(0, replicaCount(allRSs) - available);
  const status: DeploymentStatus = {};
  count(status, 'observedGeneration', d.metadata.generation ?? 0);
  count(status, 'replicas', actualReplicaCount(allRSs));
  count(status, 'updatedReplicas', actualReplicaCount([newRS]));
  count(status, 'readyReplicas', readyReplicaCount(allRSs));
  count(status, 'availableReplicas', available);
  count(status, 'unavailableReplicas', unavailable);
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= (d.spec.replicas ?? 1) - maxUnavailable(d)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        reasons.minimumReplicasAvailable,
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        reasons.minimumReplicasUnavailable,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return status;
}

/** Every desired pod is updated, exists and is available, and the latest spec was observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const desired = d.spec.replicas ?? 1;
  return (
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/**
 * deploymentutil.DeploymentProgressing: compared with the stored status, more pods are
 * updated, fewer old pods remain, or more pods are ready or available.
 */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * deploymentutil.DeploymentTimedOut: the Progressing condition was last updated more than
 * progressDeadlineSeconds ago (and the rollout is not already complete).
 */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, 'Progressing');
  if (!condition) return false;
  if (condition.reason === reasons.newReplicaSetAvailable) return false;
  if (condition.reason === reasons.progressDeadlineExceeded) return true;
  const from = Date.parse(condition.lastUpdateTime ?? '');
  if (!Number.isFinite(from)) return false;
  return from + (d.spec.progressDeadlineSeconds ?? 0) * secondMs < now;
}
