/**
 * The revision bookkeeping around each StatefulSet sync (getStatefulSetRevisions and
 * truncateHistory): the update revision is the current template's revision, found among
 * the existing ones (an older equal one is renumbered to the newest, which is how a rollback
 * shows up in `rollout history`) or created; the current revision is the one status names;
 * revisions no pod or status uses are deleted beyond revisionHistoryLimit, oldest first.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../../api/errors.ts';
import { controllerrevisions } from '../../api/resources.ts';
import type { Client } from '../../client/client.ts';
import type { Pod } from '../../types/core.ts';
import type { ControllerRevision, StatefulSet } from '../../types/statefulset.ts';
import {
  equalRevision,
  hashRevision,
  newRevision,
  nextRevision,
  revisionHashLabel,
  revisionName,
} from './set-revisions.ts';
import { podRevision } from './stateful-pod-identity.ts';

export interface SetRevisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
}

/** CreateControllerRevision: a name collision with other data bumps the collision count. */
async function createRevision(
  client: Client,
  set: StatefulSet,
  revision: ControllerRevision,
  collisionCount: number,
): Promise<{ created: ControllerRevision; collisionCount: number }> {
  let count = collisionCount;
  for (;;) {
    const hash = hashRevision(revision.data, count);
    const candidate = structuredClone(revision);
    candidate.metadata.name = revisionName(set.metadata.name ?? '', hash);
    candidate.metadata.labels = { ...candidate.metadata.labels, [revisionHashLabel]: hash };
    try {
      const created = await client.create<ControllerRevision>(
        controllerrevisions,
        set.metadata.namespace,
        candidate,
      );
      return { created, collisionCount: count };
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await client.get<ControllerRevision>(
        controllerrevisions,
        set.metadata.namespace,
        candidate.metadata.name ?? '',
      );
      if (equalRevision(existing, candidate)) return { created: existing, collisionCount: count };
      count++;
    }
  }
}

/** UpdateControllerRevision: gives an existing revision a new number. */
async function renumber(
  client: Client,
  revision: ControllerRevision,
  number: number,
): Promise<ControllerRevision> {
  let current = revision;
  for (let attempt = 1; ; attempt++) {
    if (current.revision === number) return current;
    try {
      return await client.update<ControllerRevision>(controllerrevisions, {
        ...current,
        revision: number,
      });
    } catch (err) {
      if (!isConflict(err) || attempt >= 5) throw err;
      current = await client.get<ControllerRevision>(
        controllerrevisions,
        revision.metadata.namespace,
        revision.metadata.name ?? '',
      );
    }
  }
}

/** getStatefulSetRevisions, with `revisions` sorted. */
export async function setRevisions(
  client: Client,
  set: StatefulSet,
  revisions: readonly ControllerRevision[],
): Promise<SetRevisions> {
  let collisionCount = set.status?.collisionCount ?? 0;
  const candidate = newRevision(set, nextRevision(revisions), collisionCount);
  const equal = revisions.filter((r) => equalRevision(r, candidate));
  const last = revisions[revisions.length - 1];
  let update: ControllerRevision;
  if (equal.length > 0 && last && equalRevision(last, equal[equal.length - 1])) {
    update = last;
  } else if (equal.length > 0) {
    update = await renumber(client, equal[equal.length - 1], candidate.revision);
  } else {
    const made = await createRevision(client, set, candidate, collisionCount);
    update = made.created;
    collisionCount = made.collisionCount;
  }
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount };
}

/** truncateHistory: deletes the oldest revisions nothing uses, down to revisionHistoryLimit. */
export async function truncateHistory(
  client: Client,
  set: StatefulSet,
  pods: readonly Pod[],
  revisions: readonly ControllerRevision[],
  current: ControllerRevision | undefined,
  update: ControllerRevision | undefined,
): Promise<void> {
  const live = new Set<string>();
  if (current) live.add(current.metadata.name ?? '');
  if (update) live.add(update.metadata.name ?? '');
  for (const pod of pods) live.add(podRevision(pod));
  const history = revisions.filter((r) => !live.has(r.metadata.name ?? ''));
  const limit = set.spec.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return;
  for (const revision of history.slice(0, history.length - limit)) {
    try {
      await client.delete(
        controllerrevisions,
        revision.metadata.namespace,
        revision.metadata.name ?? '',
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
