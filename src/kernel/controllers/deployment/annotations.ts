import type { Deployment, ReplicaSet } from '../../types/apps.ts';

/** The revision of a Deployment's rollout, on the Deployment and on each ReplicaSet. */
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
/** Earlier revisions a ReplicaSet served (after rollbacks), comma-separated. */
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
/** The Deployment's desired replicas when the ReplicaSet was last scaled for it. */
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
/** Desired replicas plus maxSurge at that time: the base for proportional scaling. */
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** The reason a rollout happened, copied from the Deployment to its ReplicaSets. */
export const changeCauseAnnotation = 'kubernetes.io/change-cause';
/** Longest revision-history annotation kept (the deployment controller's limit). */
export const maxRevisionHistoryLength = 2000;

/** Annotations of a Deployment that are not copied to its ReplicaSets. */
const notCopied = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  'deprecated.deployment.rollback.to',
]);

/** A ReplicaSet's revision number; 0 when absent or unreadable. */
export function revisionOf(object: Deployment | ReplicaSet | undefined): number {
  const text = object?.metadata.annotations?.[revisionAnnotation];
  if (text === undefined || !/^\d+$/.test(text)) return 0;
  return Number(text);
}

/** The highest revision among ReplicaSets. */
export function maxRevision(sets: readonly ReplicaSet[]): number {
  return sets.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

/** Copies the Deployment's user annotations (change-cause and others) onto the ReplicaSet. */
function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const target = (rs.metadata.annotations ??= {});
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (notCopied.has(key) || target[key] === value) continue;
    target[key] = value;
    changed = true;
  }
  return changed;
}

/** Sets the desired- and max-replicas annotations; true when one changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  if (annotations[desiredReplicasAnnotation] !== String(desired)) {
    annotations[desiredReplicasAnnotation] = String(desired);
    changed = true;
  }
  if (annotations[maxReplicasAnnotation] !== String(max)) {
    annotations[maxReplicasAnnotation] = String(max);
    changed = true;
  }
  return changed;
}

/** True when the desired- or max-replicas annotation differs from these numbers. */
export function replicasAnnotationsNeedUpdate(
  rs: ReplicaSet,
  desired: number,
  max: number,
): boolean {
  const annotations = rs.metadata.annotations ?? {};
  return (
    annotations[desiredReplicasAnnotation] !== String(desired) ||
    annotations[maxReplicasAnnotation] !== String(max)
  );
}

/** An integer annotation of a ReplicaSet, if present and readable. */
export function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const text = rs.metadata.annotations?.[key];
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * deploymentutil.SetNewReplicaSetAnnotations: copies the Deployment's annotations, raises the
 * revision to `newRevision` when it is higher (remembering the old one in revision-history, as
 * a rollback does), and for a ReplicaSet about to be created sets the replicas annotations.
 * Returns true when anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: string,
  exists: boolean,
  maxSurgeCount: number,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const oldRevision = annotations[revisionAnnotation];
  if (oldRevision !== undefined && !/^\d+$/.test(oldRevision)) return false;
  const oldNumber = oldRevision === undefined ? 0 : Number(oldRevision);
  if (oldNumber < Number(newRevision)) {
    annotations[revisionAnnotation] = newRevision;
    changed = true;
    if (oldRevision !== undefined) {
      const history = annotations[revisionHistoryAnnotation];
      let revisions = history ? history.split(',') : [];
      let length = (history?.length ?? 0) + oldRevision.length + 1;
      while (revisions.length && length > maxRevisionHistoryLength) {
        length -= revisions[0].length + 1;
        revisions = revisions.slice(1);
      }
      annotations[revisionHistoryAnnotation] = [...revisions, oldRevision].join(',');
    }
  }
  const desired = d.spec.replicas ?? 1;
  if (!exists && setReplicasAnnotations(rs, desired, desired + maxSurgeCount)) changed = true;
  return changed;
}

/** Records the revision on the Deployment itself; true when it changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const annotations = (d.metadata.annotations ??= {});
  if (annotations[revisionAnnotation] === revision) return false;
  annotations[revisionAnnotation] = revision;
  return true;
}
