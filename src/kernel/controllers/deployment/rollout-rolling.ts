import type { Deployment, ReplicaSet } from '../../types/apps.ts';
import { cleanupDeployment } from './cleanup-deployment.ts';
import { deploymentComplete } from './deployment-status.ts';
import type { DeploymentSync } from './deployment-sync.ts';
import { maxUnavailable } from './fenceposts.ts';
import { replicaSetsAndSyncRevision } from './new-replica-set.ts';
import {
  availableReplicaCount,
  byCreation,
  filterActive,
  newReplicaSetReplicas,
  replicaCount,
  specReplicas,
} from './replica-sets.ts';
import { syncRolloutStatus } from './rollout-status.ts';
import { scaleReplicaSetAndRecordEvent } from './scale-replica-set.ts';

/**
 * rolloutRolling: one step of a RollingUpdate. Grow the new ReplicaSet as far as maxSurge
 * allows; if it could not grow, shrink old ReplicaSets as far as maxUnavailable allows (the
 * unhealthy pods first); when the rollout is complete, clean up old ReplicaSets; then report
 * status. Each step waits for the next event (pods becoming available) to take another.
 */
export async function rolloutRolling(
  sync: DeploymentSync,
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<void> {
  const { newRS, oldRSs } = await replicaSetsAndSyncRevision(sync, d, rsList, true);
  if (!newRS) return;
  const allRSs = [...oldRSs, newRS];
  if (await reconcileNewReplicaSet(sync, allRSs, newRS, d)) {
    await syncRolloutStatus(sync, allRSs, newRS, d);
    return;
  }
  if (await reconcileOldReplicaSets(sync, allRSs, filterActive(oldRSs), newRS, d)) {
    await syncRolloutStatus(sync, allRSs, newRS, d);
    return;
  }
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(sync, oldRSs, d);
  await syncRolloutStatus(sync, allRSs, newRS, d);
}

/** Scales the new ReplicaSet toward spec.replicas within the surge budget; true when it changed. */
async function reconcileNewReplicaSet(
  sync: DeploymentSync,
  allRSs: ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  const desired = d.spec.replicas ?? 1;
  if (specReplicas(newRS) === desired) return false;
  const target = specReplicas(newRS) > desired ? desired : newReplicaSetReplicas(d, allRSs, newRS);
  return (await scaleReplicaSetAndRecordEvent(sync, newRS, target, d)).scaled;
}

/**
 * Scales old ReplicaSets down as far as keeping desired − maxUnavailable pods available
 * allows (counting the new set's unavailable pods against the budget); true when any shrank.
 */
async function reconcileOldReplicaSets(
  sync: DeploymentSync,
  allRSs: ReplicaSet[],
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  if (replicaCount(oldRSs) === 0) return false;
  const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { oldRSs: cleaned, scaledDown: cleanedUp } = await cleanupUnhealthyReplicas(
    sync,
    oldRSs,
    d,
    maxScaledDown,
  );
  const scaledDown = await scaleDownOldReplicaSets(sync, [...cleaned, newRS], cleaned, d);
  return cleanedUp + scaledDown > 0;
}

/**
 * Removes old ReplicaSets' unavailable pods first (oldest set first, up to `maxCleanup`): they
 * serve nobody, and counting them would block the rollout.
 */
async function cleanupUnhealthyReplicas(
  sync: DeploymentSync,
  oldRSs: ReplicaSet[],
  d: Deployment,
  maxCleanup: number,
): Promise<{ oldRSs: ReplicaSet[]; scaledDown: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (const [i, rs] of sorted.entries()) {
    if (total >= maxCleanup) break;
    const replicas = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    const result = await scaleReplicaSetAndRecordEvent(sync, rs, replicas - count, d);
    total += count;
    sorted[i] = result.rs;
  }
  return { oldRSs: sorted, scaledDown: total };
}

/** Scales old ReplicaSets down (oldest first) by the available pods above desired − maxUnavailable. */
async function scaleDownOldReplicaSets(
  sync: DeploymentSync,
  allRSs: ReplicaSet[],
  oldRSs: ReplicaSet[],
  d: Deployment,
): Promise<number> {
  const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, budget - total);
    await scaleReplicaSetAndRecordEvent(sync, rs, replicas - count, d);
    total += count;
  }
  return total;
}
