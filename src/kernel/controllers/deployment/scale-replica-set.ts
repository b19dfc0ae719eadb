import { replicasets } from '../../api/resources.ts';
import type { Deployment, ReplicaSet } from '../../types/apps.ts';
import { replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.ts';
import type { DeploymentSync } from './deployment-sync.ts';
import { maxSurge } from './fenceposts.ts';
import { specReplicas } from './replica-sets.ts';

/** What scaling a ReplicaSet did: whether its size changed, and its latest version. */
export interface ScaleResult {
  scaled: boolean;
  rs: ReplicaSet;
}

/**
 * Sets a ReplicaSet's size (and its desired-/max-replicas annotations) with an update, and
 * records `ScalingReplicaSet` on the Deployment when the size changed:
 * `Scaled up replica set web-75675f5897 from 1 to 3`.
 */
export async function scaleReplicaSet(
  sync: DeploymentSync,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
): Promise<ScaleResult> {
  const desired = d.spec.replicas ?? 1;
  const max = desired + maxSurge(d);
  const oldScale = specReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) {
    return { scaled: false, rs };
  }
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const updated = await sync.client.update<ReplicaSet>(replicasets, copy);
  if (sizeNeedsUpdate) {
    const direction = oldScale < newScale ? 'up' : 'down';
    void sync.events.record(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${direction} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`,
    );
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/** scaleReplicaSetAndRecordEvent: nothing to do when the size is already right. */
export async function scaleReplicaSetAndRecordEvent(
  sync: DeploymentSync,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
): Promise<ScaleResult> {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(sync, rs, newScale, d);
}
