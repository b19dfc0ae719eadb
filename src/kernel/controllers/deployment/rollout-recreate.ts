import type { Deployment, ReplicaSet } from '../../types/apps.ts';
import type { Pod } from '../../types/core.ts';
import { cleanupDeployment } from './cleanup-deployment.ts';
import { deploymentComplete } from './deployment-status.ts';
import type { DeploymentSync } from './deployment-sync.ts';
import { replicaSetsAndSyncRevision } from './new-replica-set.ts';
import { actualReplicaCount, filterActive } from './replica-sets.ts';
import { syncRolloutStatus } from './rollout-status.ts';
import { scaleReplicaSetAndRecordEvent } from './scale-replica-set.ts';

/** True while any pod of an old ReplicaSet may still run (Unknown counts: it may be running). */
function oldPodsRunning(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
  podsByReplicaSet: ReadonlyMap<string, readonly Pod[]>,
): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByReplicaSet) {
    if (uid === newRS?.metadata.uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}

/**
 * rolloutRecreate: one step of a Recreate rollout: scale every old ReplicaSet to 0, wait until
 * none of their pods runs, then create (or reuse) the new ReplicaSet at full size.
 */
export async function rolloutRecreate(
  sync: DeploymentSync,
  d: Deployment,
  rsList: ReplicaSet[],
  podsByReplicaSet: ReadonlyMap<string, readonly Pod[]>,
): Promise<void> {
  // The new ReplicaSet is not created yet, so nothing scales up before the old pods are gone.
  let { newRS, oldRSs } = await replicaSetsAndSyncRevision(sync, d, rsList, false);
  let allRSs: (ReplicaSet | undefined)[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) {
    if ((await scaleReplicaSetAndRecordEvent(sync, rs, 0, d)).scaled) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podsByReplicaSet)) {
    await syncRolloutStatus(sync, allRSs, newRS, d);
    return;
  }
  if (!newRS) {
    ({ newRS, oldRSs } = await replicaSetsAndSyncRevision(sync, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) await scaleReplicaSetAndRecordEvent(sync, newRS, d.spec.replicas ?? 1, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(sync, oldRSs, d);
  await syncRolloutStatus(sync, allRSs, newRS, d);
}
