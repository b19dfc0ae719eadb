/**
 * kubectl's rollout helpers for StatefulSets (polymorphichelpers): the status viewer's lines,
 * the history viewer over the set's ControllerRevisions, and the rollbacker that patches a
 * revision's template back in.
 */
import { controllerrevisions, statefulsets } from '../api/resources.ts';
import { labelSelectorAsSelector, labelSelectorString } from '../api/selectors/label-selector.ts';
import type { Client } from '../client/client.ts';
import { canonicalJson } from '../controllers/deployment/pod-template-hash.ts';
import { revisionData, revisionTemplate } from '../controllers/statefulset/set-revisions.ts';
import { controllerRefOf } from '../controllers/util/controller-ref.ts';
import type { ControllerRevision, StatefulSet } from '../types/statefulset.ts';
import { KubectlError } from './errors.ts';
import { describePodTemplate } from './pod-template-description.ts';
import { describeWriter, formatTable } from './printers/tabwriter.ts';

const changeCauseAnnotation = 'kubernetes.io/change-cause';

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

/** statefulSetHistory: the ControllerRevisions the set's selector lists and the set controls. */
export async function statefulSetRevisions(
  client: Client,
  sts: StatefulSet,
): Promise<ControllerRevision[]> {
  const selector = labelSelectorString(labelSelectorAsSelector(sts.spec.selector));
  const list = await client.list<ControllerRevision>(controllerrevisions, sts.metadata.namespace, {
    labelSelector: selector,
  });
  return list.items.filter((r) => controllerRefOf(r)?.uid === sts.metadata.uid);
}

/**
 * StatefulSetHistoryViewer.ViewHistory (printHistory): the REVISION/CHANGE-CAUSE table, or
 * with `revision` the pod template that revision restores.
 */
export async function viewStatefulSetHistory(
  client: Client,
  sts: StatefulSet,
  revision: number,
): Promise<string> {
  const byRevision = new Map<number, ControllerRevision>();
  for (const r of await statefulSetRevisions(client, sts)) byRevision.set(r.revision, r);
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
 * StatefulSetRollbacker: finds revision `toRevision` (0: the one before the latest) and
 * applies its patch to the set. Returns the operation word the name printer shows.
 */
export async function rollbackStatefulSet(
  client: Client,
  sts: StatefulSet,
  toRevision: number,
): Promise<string> {
  const notFound = () =>
    new KubectlError(`unable to find specified revision ${toRevision} in history`);
  if (toRevision < 0) throw notFound();
  const history = await statefulSetRevisions(client, sts);
  if (toRevision === 0 && history.length <= 1)
    throw new KubectlError('no last revision to roll back to');
  const target =
    toRevision === 0
      ? [...history].sort((a, b) => a.revision - b.revision)[history.length - 2]
      : history.find((r) => r.revision === toRevision);
  if (!target) throw notFound();
  if (canonicalJson(revisionData(sts)) === canonicalJson(target.data))
    return `skipped rollback (current template already matches revision ${toRevision})`;
  try {
    await client.patch(
      statefulsets,
      sts.metadata.namespace,
      sts.metadata.name ?? '',
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
