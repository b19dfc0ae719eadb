/**
 * What kubectl's history viewers and rollbackers share for kinds whose history is
 * ControllerRevisions (StatefulSets, DaemonSets): the revisions an object owns, the
 * REVISION/CHANGE-CAUSE table, and the rollback that patches a revision's data back in.
 */
import { controllerrevisions, type ResourceInfo } from '../api/resources.ts';
import { labelSelectorAsSelector, labelSelectorString } from '../api/selectors/label-selector.ts';
import type { Client } from '../client/client.ts';
import { controllerRefOf } from '../controllers/util/controller-ref.ts';
import { revisionTemplate } from '../controllers/util/revision-template.ts';
import type { KubeObject, LabelSelector } from '../types/meta.ts';
import type { ControllerRevision } from '../types/statefulset.ts';
import { KubectlError } from './errors.ts';
import { describePodTemplate } from './pod-template-description.ts';
import { describeWriter, formatTable } from './printers/tabwriter.ts';

const changeCauseAnnotation = 'kubernetes.io/change-cause';

/** An object whose history is the ControllerRevisions it controls. */
export type RevisionOwner = KubeObject & { spec: { selector: LabelSelector } };

/** controlledHistory: the ControllerRevisions the selector lists and `owner` controls. */
export async function ownedRevisions(
  client: Client,
  owner: RevisionOwner,
): Promise<ControllerRevision[]> {
  const selector = labelSelectorString(labelSelectorAsSelector(owner.spec.selector));
  const list = await client.list<ControllerRevision>(
    controllerrevisions,
    owner.metadata.namespace,
    {
      labelSelector: selector,
    },
  );
  return list.items.filter((r) => controllerRefOf(r)?.uid === owner.metadata.uid);
}

/**
 * ViewHistory (printHistory): the REVISION/CHANGE-CAUSE table, or with `revision` the pod
 * template that revision restores.
 */
export async function viewRevisionHistory(
  client: Client,
  owner: RevisionOwner,
  revision: number,
): Promise<string> {
  const byRevision = new Map<number, ControllerRevision>();
  for (const r of await ownedRevisions(client, owner)) byRevision.set(r.revision, r);
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
 * The rollbacker: finds revision `toRevision` (0: the one before the latest) and applies its
 * patch to `owner` (of kind `info`) unless `matches` says the owner already runs it. Returns
 * the operation word the name printer shows.
 */
export async function rollbackToRevision(
  client: Client,
  info: ResourceInfo,
  owner: RevisionOwner,
  toRevision: number,
  matches: (target: ControllerRevision) => boolean,
): Promise<string> {
  const notFound = () =>
    new KubectlError(`unable to find specified revision ${toRevision} in history`);
  if (toRevision < 0) throw notFound();
  const history = await ownedRevisions(client, owner);
  if (toRevision === 0 && history.length <= 1)
    throw new KubectlError('no last revision to roll back to');
  const target =
    toRevision === 0
      ? [...history].sort((a, b) => a.revision - b.revision)[history.length - 2]
      : history.find((r) => r.revision === toRevision);
  if (!target) throw notFound();
  if (matches(target))
    return `skipped rollback (current template already matches revision ${toRevision})`;
  try {
    await client.patch(
      info,
      owner.metadata.namespace,
      owner.metadata.name ?? '',
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
