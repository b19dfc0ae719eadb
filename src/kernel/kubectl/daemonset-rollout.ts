/**
 * kubectl's rollout helpers for DaemonSets (polymorphichelpers): the status viewer's lines,
 * the history viewer over the DaemonSet's ControllerRevisions, and the rollbacker that patches
 * a revision's template back in.
 */
import { daemonsets } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import { revisionMatches } from '../controllers/daemonset/history.ts';
import type { DaemonSet } from '../types/daemonset.ts';
import { KubectlError } from './errors.ts';
import { rollbackToRevision, viewRevisionHistory } from './revision-history.ts';

/**
 * DaemonSetStatusViewer: the line `rollout status` prints for one state of the DaemonSet and
 * whether the rollout is done; OnDelete DaemonSets have no rollout to follow.
 */
export function daemonSetRolloutStatus(ds: DaemonSet): { message: string; done: boolean } {
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
  }
  const status = ds.status;
  if ((ds.metadata.generation ?? 0) > (status?.observedGeneration ?? 0)) {
    return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  }
  const name = ds.metadata.name ?? '';
  const desired = status?.desiredNumberScheduled ?? 0;
  const updated = status?.updatedNumberScheduled ?? 0;
  const available = status?.numberAvailable ?? 0;
  if (updated < desired) {
    return {
      message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
      done: false,
    };
  }
  if (available < desired) {
    return {
      message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`,
      done: false,
    };
  }
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
}

/** DaemonSetHistoryViewer.ViewHistory: the REVISION/CHANGE-CAUSE table, or a revision's template. */
export function viewDaemonSetHistory(
  client: Client,
  ds: DaemonSet,
  revision: number,
): Promise<string> {
  return viewRevisionHistory(client, ds, revision);
}

/** DaemonSetRollbacker: rolls the DaemonSet back to `toRevision` (0: the one before the latest). */
export function rollbackDaemonSet(
  client: Client,
  ds: DaemonSet,
  toRevision: number,
): Promise<string> {
  return rollbackToRevision(client, daemonsets, ds, toRevision, (target) =>
    revisionMatches(ds, target),
  );
}
