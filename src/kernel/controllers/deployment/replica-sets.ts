import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../types/apps.ts';
import {
  intAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  revisionOf,
} from './annotations.ts';
import { maxSurge } from './fenceposts.ts';
import { canonicalJson, podTemplateHashLabel } from './pod-template-hash.ts';

/** spec.replicas of a ReplicaSet (1 when unset, as the API defaults it). */
export function specReplicas(rs: ReplicaSet | undefined): number {
  return rs ? (rs.spec.replicas ?? 1) : 0;
}

/** Drops empty maps, empty lists and nulls, which Kubernetes' semantic equality treats as absent. */
function semantic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(semantic);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const v = semantic(member);
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[key] = v;
  }
  return out;
}

function withoutHash(template: PodTemplateSpec | undefined): string {
  const copy = structuredClone(template ?? { spec: { containers: [] } });
  if (copy.metadata?.labels) delete copy.metadata.labels[podTemplateHashLabel];
  return canonicalJson(semantic(copy));
}

/**
 * deploymentutil.EqualIgnoreHash: two pod templates are the same but for the
 * pod-template-hash label (how a Deployment recognises the ReplicaSet of its template).
 */
export function equalIgnoreHash(
  a: PodTemplateSpec | undefined,
  b: PodTemplateSpec | undefined,
): boolean {
  return withoutHash(a) === withoutHash(b);
}

function created(rs: ReplicaSet): number {
  const ms = Date.parse(rs.metadata.creationTimestamp ?? '');
  return Number.isFinite(ms) ? ms : 0;
}

/** Older first; same second: by name (controller.ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const diff = created(a) - created(b);
  if (diff !== 0) return diff;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first; equal sizes: older first (scaling down takes from old sets first). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(a, b);
}

/** Larger first; equal sizes: newer first (scaling up favours new sets). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(b, a);
}

/** Lower revision first; equal revisions by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  return revisionOf(a) - revisionOf(b) || byCreation(a, b);
}

/** The oldest ReplicaSet whose template equals the Deployment's: the "new" ReplicaSet. */
export function findNewReplicaSet(
  d: Deployment,
  sets: readonly ReplicaSet[],
): ReplicaSet | undefined {
  return [...sets]
    .sort(byCreation)
    .find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** Every ReplicaSet but the new one. */
export function findOldReplicaSets(d: Deployment, sets: readonly ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, sets);
  return sets.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
}

/** ReplicaSets that should run pods (spec.replicas > 0). */
export function filterActive(sets: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return sets.filter((rs): rs is ReplicaSet => rs !== undefined && specReplicas(rs) > 0);
}

/** Sum of spec.replicas. */
export function replicaCount(sets: readonly (ReplicaSet | undefined)[]): number {
  return sets.reduce((n, rs) => n + specReplicas(rs), 0);
}

/** Sum of status.replicas: pods that exist. */
export function actualReplicaCount(sets: readonly (ReplicaSet | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

export function readyReplicaCount(sets: readonly (ReplicaSet | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

export function availableReplicaCount(sets: readonly (ReplicaSet | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

/**
 * deploymentutil.FindActiveOrLatest: the only ReplicaSet with replicas, or, with none, the new
 * one or else the newest old one; undefined when several have replicas.
 */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** The new ReplicaSet has all the desired replicas, all available, and was scaled for this size. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = d.spec.replicas ?? 1;
  return (
    specReplicas(rs) === desired &&
    intAnnotation(rs, desiredReplicasAnnotation) === desired &&
    (rs.status?.availableReplicas ?? 0) === desired
  );
}

/**
 * deploymentutil.NewRSNewReplicas: the size for the new ReplicaSet now. Rolling update: grow
 * within desired + maxSurge total pods and never beyond desired; Recreate: desired at once.
 */
export function newReplicaSetReplicas(
  d: Deployment,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet,
): number {
  const desired = d.spec.replicas ?? 1;
  if ((d.spec.strategy?.type ?? 'RollingUpdate') === 'Recreate') return desired;
  const current = replicaCount(allRSs);
  const maxTotal = desired + maxSurge(d);
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, desired - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** math.Round: halves away from zero. */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * deploymentutil.GetReplicaSetProportion: this ReplicaSet's share of `toAdd` replicas in a
 * proportional scale, by its size relative to the max-replicas annotation, never overshooting
 * what is left to add (`toAdd - added`).
 */
export function replicaSetProportion(
  rs: ReplicaSet,
  d: Deployment,
  toAdd: number,
  added: number,
): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const desired = d.spec.replicas ?? 1;
  let fraction: number;
  if (desired === 0) {
    fraction = -specReplicas(rs);
  } else {
    const deploymentReplicas = desired + maxSurge(d);
    const annotated = intAnnotation(rs, maxReplicasAnnotation) ?? d.status?.replicas ?? 0;
    const size = annotated > 0 ? (specReplicas(rs) * deploymentReplicas) / annotated : 0;
    fraction = annotated > 0 ? roundHalfAway(size) - specReplicas(rs) : 0;
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
