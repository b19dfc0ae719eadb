import { jsonEqual } from '../../util/json-value.ts';
import type { Deployment, ReplicaSet, WorkloadCondition } from '../../types/apps.ts';
import { secondMs } from '../util/pod-readiness.ts';
import {
  getCondition,
  newCondition,
  reasons,
  removeCondition,
  setCondition,
} from './conditions.ts';
import {
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  hasProgressDeadline,
} from './deployment-status.ts';
import { updateDeploymentStatus, type DeploymentSync } from './deployment-sync.ts';

/** syncDeploymentStatus: writes the computed status when it differs from the stored one. */
export async function syncDeploymentStatus(
  sync: DeploymentSync,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, sync.clock.now());
  if (jsonEqual(d.status ?? {}, status)) return;
  d.status = status;
  await updateDeploymentStatus(sync, d);
}

/** The ReplicaFailure conditions of the new ReplicaSet, or else of the others, as Deployment conditions. */
function replicaFailures(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
): WorkloadCondition[] {
  const convert = (rs: ReplicaSet | undefined) =>
    (rs?.status?.conditions ?? [])
      .filter((c) => c.type === 'ReplicaFailure')
      .map((c) => ({
        type: c.type,
        status: c.status,
        lastUpdateTime: c.lastTransitionTime,
        lastTransitionTime: c.lastTransitionTime,
        reason: c.reason,
        message: c.message,
      }));
  const fromNew = convert(newRS);
  return fromNew.length ? fromNew : allRSs.flatMap(convert);
}

/**
 * syncRolloutStatus: writes the status with the `Progressing` condition brought up to date:
 * `NewReplicaSetAvailable` once every desired pod is updated and available
 * (`ReplicaSet "web-75675f5897" has successfully progressed.`), `ReplicaSetUpdated` while the
 * rollout makes progress (keeping the transition time), `ProgressDeadlineExceeded` once it has
 * made none for progressDeadlineSeconds; and a ReplicaSet's `ReplicaFailure` mirrored. When
 * nothing changed, it schedules the check for the deadline.
 */
export async function syncRolloutStatus(
  sync: DeploymentSync,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): Promise<void> {
  const now = sync.clock.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete =
    (status.replicas ?? 0) === (status.updatedReplicas ?? 0) &&
    current?.reason === reasons.newReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const subject = newRS
      ? `ReplicaSet "${newRS.metadata.name}"`
      : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          reasons.newReplicaSetAvailable,
          `${subject} has successfully progressed.`,
          now,
        ),
      );
    } else if (deploymentProgressing(d, status)) {
      const condition = newCondition(
        'Progressing',
        'True',
        reasons.replicaSetUpdated,
        `${subject} is progressing.`,
        now,
      );
      // Progress refreshes lastUpdateTime even when the reason stays the same.
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'False',
          reasons.progressDeadlineExceeded,
          `${subject} has timed out progressing.`,
          now,
        ),
      );
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  if (failures.length) setCondition(status, failures[0]);
  else removeCondition(status, 'ReplicaFailure');

  if (jsonEqual(d.status ?? {}, status)) {
    requeueStuckDeployment(sync, d, status);
    return;
  }
  d.status = status;
  await updateDeploymentStatus(sync, d);
}

/**
 * requeueStuckDeployment: a rollout that is neither complete nor timed out is looked at again
 * when its progress deadline has passed (one second late, to be past it), in cluster time.
 */
function requeueStuckDeployment(
  sync: DeploymentSync,
  d: Deployment,
  status: ReturnType<typeof calculateStatus>,
): void {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return;
  if (deploymentComplete(d, status) || current.reason === reasons.progressDeadlineExceeded) return;
  const lastUpdate = Date.parse(current.lastUpdateTime ?? '');
  if (!Number.isFinite(lastUpdate)) return;
  const deadline = lastUpdate + (d.spec.progressDeadlineSeconds ?? 0) * secondMs;
  // Kubernetes retries with rate-limited back-off when under a second is left; waiting until
  // one second past the deadline instead lands on it in a single step of cluster time.
  const after = Math.max(0, deadline - sync.clock.now());
  sync.queue.addAfter(sync.key, after + secondMs);
}
