import type { Deployment, ReplicaSet } from '../../types/apps.ts';
import { desiredReplicasAnnotation, intAnnotation } from './annotations.ts';
import { cleanupDeployment } from './cleanup-deployment.ts';
import type { DeploymentSync } from './deployment-sync.ts';
import { isRollingUpdate, maxSurge } from './fenceposts.ts';
import { replicaSetsAndSyncRevision } from './new-replica-set.ts';
import {
  bySizeNewer,
  bySizeOlder,
  filterActive,
  findActiveOrLatest,
  isSaturated,
  replicaCount,
  replicaSetProportion,
  specReplicas,
} from './replica-sets.ts';
import { syncDeploymentStatus } from './rollout-status.ts';
import { scaleReplicaSet, scaleReplicaSetAndRecordEvent } from './scale-replica-set.ts';

/**
 * isScalingEvent: spec.replicas changed since the active ReplicaSets were last sized (their
 * desired-replicas annotation differs), as opposed to a template change.
 */
export async function isScalingEvent(
  sync: DeploymentSync,
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<boolean> {
  const { newRS, oldRSs } = await replicaSetsAndSyncRevision(sync, d, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = intAnnotation(rs, desiredReplicasAnnotation);
    if (desired !== undefined && desired !== (d.spec.replicas ?? 1)) return true;
  }
  return false;
}

/**
 * scale: resizes a Deployment's ReplicaSets after spec.replicas changed. One active set takes
 * the whole count; a saturated new set lets every old set go to 0; otherwise, in a rolling
 * update, the replicas to add or remove are shared out in proportion to each set's size
 * (larger sets first; newer first when growing, older first when shrinking), the rounding
 * leftover going to the first.
 */
export async function scaleDeployment(
  sync: DeploymentSync,
  d: Deployment,
  newRS: ReplicaSet | undefined,
  oldRSs: ReplicaSet[],
): Promise<void> {
  const desired = d.spec.replicas ?? 1;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) === desired) return;
    await scaleReplicaSetAndRecordEvent(sync, activeOrLatest, desired, d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleReplicaSetAndRecordEvent(sync, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const active = filterActive([...oldRSs, newRS]);
  const allowed = desired > 0 ? desired + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(active);
  if (toAdd > 0) active.sort(bySizeNewer);
  else if (toAdd < 0) active.sort(bySizeOlder);
  let added = 0;
  const sizes = new Map<ReplicaSet, number>();
  for (const rs of active) {
    if (toAdd === 0) {
      sizes.set(rs, specReplicas(rs));
      continue;
    }
    const proportion = replicaSetProportion(rs, d, toAdd, added);
    sizes.set(rs, specReplicas(rs) + proportion);
    added += proportion;
  }
  for (const [i, rs] of active.entries()) {
    let size = sizes.get(rs) ?? 0;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    await scaleReplicaSet(sync, rs, size, d);
  }
}

/**
 * sync: the path for scaling events and paused Deployments: resize without rolling out (a
 * paused Deployment gets no new ReplicaSet), clean up old sets when paused, update status.
 */
export async function syncScaling(
  sync: DeploymentSync,
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<void> {
  const { newRS, oldRSs } = await replicaSetsAndSyncRevision(sync, d, rsList, false);
  await scaleDeployment(sync, d, newRS, oldRSs);
  if (d.spec.paused) await cleanupDeployment(sync, oldRSs, d);
  await syncDeploymentStatus(sync, [...oldRSs, newRS], newRS, d);
}
