/**
 * kubectl's rollout helpers for StatefulSets (polymorphichelpers): the status viewer's lines,
 * the history viewer over the set's ControllerRevisions, and the rollbacker that patches a
 * revision's template back in.
 */
import { statefulsets } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import { canonicalJson } from '../controllers/deployment/pod-template-hash.ts';
import { revisionData } from '../controllers/statefulset/set-revisions.ts';
import type { StatefulSet } from '../types/statefulset.ts';
import { KubectlError } from './errors.ts';
import { rollbackToRevision, viewRevisionHistory } from './revision-history.ts';

/**
 * StatefulSetStatusViewer: the line `rollout status` prints for one state of the set and
 * whether the rollout is done; OnDelete sets have no rollout to follow.
 */
export function statefulSetRolloutStatus(sts: StatefulSet): { message: string; done: boolean } {
  const strategy = sts.spec.updateStrategy;
  if (strategy?.type !== 'RollingUpdate')
    throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
  const status = sts.status ?? { replicas: 0 };
  const observed = status.observedGeneration ?? 0;
  if (observed === 0 || (sts.metadata.generation ?? 0) > observed)
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = sts.spec.replicas;
  const ready = status.readyReplicas ?? 0;
  if (replicas !== undefined && ready < replicas)
    return { message: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  const updated = status.updatedReplicas ?? 0;
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
      return {
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`,
        done: false,
      };
    }
    return {
      message: `partitioned roll out complete: ${updated} new pods have been updated...\n`,
      done: true,
    };
  }
  if (status.updateRevision !== status.currentRevision) {
    return {
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision}...\n`,
      done: false,
    };
  }
  return {
    message: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision}...\n`,
    done: true,
  };
}

/** StatefulSetHistoryViewer.ViewHistory: the REVISION/CHANGE-CAUSE table, or a revision's template. */
export function viewStatefulSetHistory(
  client: Client,
  sts: StatefulSet,
  revision: number,
): Promise<string> {
  return viewRevisionHistory(client, sts, revision);
}

/** StatefulSetRollbacker: rolls the set back to `toRevision` (0: the one before the latest). */
export function rollbackStatefulSet(
  client: Client,
  sts: StatefulSet,
  toRevision: number,
): Promise<string> {
  return rollbackToRevision(
    client,
    statefulsets,
    sts,
    toRevision,
    (target) => canonicalJson(revisionData(sts)) === canonicalJson(target.data),
  );
}
