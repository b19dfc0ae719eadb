import { isAlreadyExists } from '../../api/errors.ts';
import { controllerrevisions, daemonsets, pods as podsResource } from '../../api/resources.ts';
import type { Client } from '../../client/client.ts';
import type { PodTemplateSpec } from '../../types/apps.ts';
import type { Pod } from '../../types/core.ts';
import type { DaemonSet } from '../../types/daemonset.ts';
import type { ControllerRevision } from '../../types/statefulset.ts';
import { canonicalJson, computeHash } from '../deployment/pod-template-hash.ts';
import { newControllerRef } from '../util/controller-ref.ts';
import { controllerRevisionHashLabel } from './daemon-pod-template.ts';

/**
 * getPatch: what a DaemonSet's ControllerRevision stores — a strategic merge patch that puts
 * the DaemonSet's template back whole (`{"spec":{"template":{"$patch":"replace",...}}}`), which
 * is also what `kubectl rollout undo` applies.
 */
export function revisionData(template: PodTemplateSpec): unknown {
  return { spec: { template: { ...structuredClone(template), $patch: 'replace' } } };
}

/** Match: the revision holds exactly the DaemonSet's current template. */
export function revisionMatches(ds: DaemonSet, revision: ControllerRevision): boolean {
  return canonicalJson(revision.data) === canonicalJson(revisionData(ds.spec.template));
}

const maxRevision = (revisions: readonly ControllerRevision[]) =>
  revisions.reduce((max, r) => Math.max(max, r.revision ?? 0), 0);

/**
 * snapshot: a new ControllerRevision `<ds>-<hash>` of the template, with the template's labels
 * plus the hash and the DaemonSet's annotations. A name taken by another template bumps the
 * DaemonSet's status.collisionCount and fails, so the next sync picks a new hash.
 */
async function snapshot(
  client: Client,
  ds: DaemonSet,
  revision: number,
): Promise<ControllerRevision> {
  const namespace = ds.metadata.namespace;
  const hash = computeHash(ds.spec.template, ds.status?.collisionCount);
  const name = `${ds.metadata.name}-${hash}`;
  const history: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace,
      labels: { ...ds.spec.template.metadata?.labels, [controllerRevisionHashLabel]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds, daemonsets)],
    },
    data: revisionData(ds.spec.template),
    revision,
  };
  try {
    return await client.create<ControllerRevision>(controllerrevisions, namespace, history);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const existing = await client.get<ControllerRevision>(controllerrevisions, namespace, name);
    if (revisionMatches(ds, existing)) return existing;
    const current = await client.get<DaemonSet>(daemonsets, namespace, ds.metadata.name ?? '');
    if ((current.status?.collisionCount ?? null) !== (ds.status?.collisionCount ?? null)) {
      throw new Error(
        `found a stale collision count (${ds.status?.collisionCount ?? 0}, expected ${current.status?.collisionCount ?? 0}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`,
      );
    }
    const status = {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
      ...current.status,
    };
    status.collisionCount = (status.collisionCount ?? 0) + 1;
    await client.updateStatus<DaemonSet>(daemonsets, { ...current, status });
    throw err;
  }
}

/**
 * dedupCurHistories: of several revisions holding the current template, keeps the newest,
 * moves every pod onto its hash, and deletes the others.
 */
async function dedup(
  client: Client,
  revisions: ControllerRevision[],
  daemonPods: readonly Pod[],
): Promise<ControllerRevision> {
  const keep = revisions.reduce((best, r) =>
    (r.revision ?? 0) >= (best.revision ?? 0) ? r : best,
  );
  const hash = keep.metadata.labels?.[controllerRevisionHashLabel] ?? '';
  for (const duplicate of revisions) {
    if (duplicate === keep) continue;
    for (const pod of daemonPods) {
      if (pod.metadata.labels?.[controllerRevisionHashLabel] === hash) continue;
      await client.patch(
        podsResource,
        pod.metadata.namespace,
        pod.metadata.name ?? '',
        { metadata: { labels: { [controllerRevisionHashLabel]: hash } } },
        'strategic',
      );
    }
    await client.delete(
      controllerrevisions,
      duplicate.metadata.namespace,
      duplicate.metadata.name ?? '',
    );
  }
  return keep;
}

/**
 * constructHistory: the DaemonSet's current revision (made, or renumbered to follow the
 * others, when needed) and its old ones, from the revisions it controls. Revisions without
 * the hash label get it (their name) first.
 */
export async function constructHistory(
  client: Client,
  ds: DaemonSet,
  controlled: readonly ControllerRevision[],
  daemonPods: readonly Pod[],
): Promise<{ current: ControllerRevision; old: ControllerRevision[] }> {
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let history of controlled) {
    if (history.metadata.labels?.[controllerRevisionHashLabel] === undefined) {
      history = await client.update<ControllerRevision>(controllerrevisions, {
        ...history,
        metadata: {
          ...history.metadata,
          labels: {
            ...history.metadata.labels,
            [controllerRevisionHashLabel]: history.metadata.name ?? '',
          },
        },
      });
    }
    (revisionMatches(ds, history) ? current : old).push(history);
  }
  const next = maxRevision(old) + 1;
  if (current.length === 0) return { current: await snapshot(client, ds, next), old };
  let cur = current.length === 1 ? current[0] : await dedup(client, current, daemonPods);
  if ((cur.revision ?? 0) < next) {
    cur = await client.update<ControllerRevision>(controllerrevisions, { ...cur, revision: next });
  }
  return { current: cur, old };
}

/**
 * cleanupHistory: deletes the oldest revisions beyond spec.revisionHistoryLimit, except those
 * some daemon pod (even a finished one) still carries the hash of.
 */
export async function cleanupHistory(
  client: Client,
  ds: DaemonSet,
  old: readonly ControllerRevision[],
  daemonPods: readonly Pod[],
): Promise<void> {
  let toKill = old.length - (ds.spec.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set(
    daemonPods.map((p) => p.metadata.labels?.[controllerRevisionHashLabel]).filter(Boolean),
  );
  const oldest = [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  for (const history of oldest) {
    if (toKill <= 0) break;
    if (live.has(history.metadata.labels?.[controllerRevisionHashLabel])) continue;
    await client.delete(
      controllerrevisions,
      history.metadata.namespace,
      history.metadata.name ?? '',
    );
    toKill--;
  }
}
