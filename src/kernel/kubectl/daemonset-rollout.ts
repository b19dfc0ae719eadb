/**
 * kubectl's rollout helpers for DaemonSets (polymorphichelpers): the status viewer's lines,
 * the history viewer over the DaemonSet's ControllerRevisions, and the rollbacker that patches
 * a revision's template back in.
 */
import { controllerrevisions, daemonsets } from '../api/resources.ts';
import { labelSelectorAsSelector, labelSelectorString } from '../api/selectors/label-selector.ts';
import type { Client } from '../client/client.ts';
import { revisionMatches, revisionTemplate } from '../controllers/daemonset/history.ts';
import { controllerRefOf } from '../controllers/util/controller-ref.ts';
import type { DaemonSet } from '../types/daemonset.ts';
import type { ControllerRevision } from '../types/statefulset.ts';
import { KubectlError } from './errors.ts';
import { describePodTemplate } from './pod-template-description.ts';
import { describeWriter, formatTable } from './printers/tabwriter.ts';

const changeCauseAnnotation = 'kubernetes.io/change-cause';

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

/** controlledHistory: the ControllerRevisions the selector lists and the DaemonSet controls. */
async function daemonSetRevisions(client: Client, ds: DaemonSet): Promise<ControllerRevision[]> {
  const selector = labelSelectorString(labelSelectorAsSelector(ds.spec.selector));
  const list = await client.list<ControllerRevision>(controllerrevisions, ds.metadata.namespace, {
    labelSelector: selector,
  });
  return list.items.filter((r) => controllerRefOf(r)?.uid === ds.metadata.uid);
}

/**
 * DaemonSetHistoryViewer.ViewHistory (printHistory): the REVISION/CHANGE-CAUSE table, or with
 * `revision` the pod template that revision restores.
 */
export async function viewDaemonSetHistory(
  client: Client,
  ds: DaemonSet,
  revision: number,
): Promise<string> {
  const byRevision = new Map<number, ControllerRevision>();
  for (const r of await daemonSetRevisions(client, ds)) byRevision.set(r.revision, r);
  if (byRevision.size === 0) return 'No rollout history found.';
  if (revision > 0) {
    const history = byRevision.get(revision);
    if (!history) throw new KubectlError('unable to find the specified revision');
    const template = revisionTemplate(history);
    if (!template) throw new KubectlError(`unable to parse history ${history.metadata.name}`);
    return describePodTemplate(template);
  }
  const rows = [['REVISION', 'CHANGE-CAUSE']];
  for (const r of [...byRevision.keys()].sort((a, b) => a - b)) {
    const cause = byRevision.get(r)!.metadata.annotations?.[changeCauseAnnotation];
    rows.push([String(r), cause || '<none>']);
  }
  return formatTable(rows, describeWriter);
}

/**
 * DaemonSetRollbacker: finds revision `toRevision` (0: the one before the latest) and applies
 * its patch to the DaemonSet. Returns the operation word the name printer shows.
 */
export async function rollbackDaemonSet(
  client: Client,
  ds: DaemonSet,
  toRevision: number,
): Promise<string> {
  const notFound = () =>
    new KubectlError(`unable to find specified revision ${toRevision} in history`);
  if (toRevision < 0) throw notFound();
  const history = await daemonSetRevisions(client, ds);
  if (toRevision === 0 && history.length <= 1)
    throw new KubectlError('no last revision to roll back to');
  const target =
    toRevision === 0
      ? [...history].sort((a, b) => a.revision - b.revision)[history.length - 2]
      : history.find((r) => r.revision === toRevision);
  if (!target) throw notFound();
  if (revisionMatches(ds, target))
    return `skipped rollback (current template already matches revision ${toRevision})`;
  try {
    await client.patch(
      daemonsets,
      ds.metadata.namespace,
      ds.metadata.name ?? '',
      target.data,
      'strategic',
    );
  } catch (err) {
    throw new KubectlError(
      `failed restoring revision ${toRevision}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return 'rolled back';
}
