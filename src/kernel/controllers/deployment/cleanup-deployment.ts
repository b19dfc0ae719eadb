import { isNotFound } from '../../api/errors.ts';
import { replicasets } from '../../api/resources.ts';
import type { Deployment, ReplicaSet } from '../../types/apps.ts';
import type { DeploymentSync } from './deployment-sync.ts';
import { byRevision, specReplicas } from './replica-sets.ts';

/** revisionHistoryLimit that means "keep everything" (math.MaxInt32). */
const unlimited = 2 ** 31 - 1;

/**
 * cleanupDeployment: deletes the oldest old ReplicaSets (by revision) beyond
 * revisionHistoryLimit, skipping any that still have pods, are not scaled to 0, have a spec
 * change their controller has not seen yet, or are already being deleted.
 */
export async function cleanupDeployment(
  sync: DeploymentSync,
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
): Promise<void> {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === unlimited) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (const rs of cleanable.slice(0, diff)) {
    if (
      (rs.status?.replicas ?? 0) !== 0 ||
      specReplicas(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
      rs.metadata.deletionTimestamp
    ) {
      continue;
    }
    try {
      await sync.client.delete(replicasets, rs.metadata.namespace, rs.metadata.name ?? '');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
