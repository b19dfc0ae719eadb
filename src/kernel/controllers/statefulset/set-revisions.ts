/**
 * A StatefulSet's history as ControllerRevisions (pkg/controller/history and the set's
 * newRevision/ApplyRevision): each revision holds a strategic merge patch that puts one pod
 * template back (`{"spec":{"template":{"$patch":"replace",…}}}`), is named
 * `<set>-<hash of that patch>`, carries the template's labels plus
 * `controller.kubernetes.io/hash` and the set's annotations, and is numbered in order.
 */
import { statefulsets } from '../../api/resources.ts';
import type { ControllerRevision, StatefulSet } from '../../types/statefulset.ts';
import { canonicalJson, safeEncodeString } from '../deployment/pod-template-hash.ts';
import { newControllerRef } from '../util/controller-ref.ts';
import { revisionTemplate } from '../util/revision-template.ts';

/** The label holding a revision's hash. */
export const revisionHashLabel = 'controller.kubernetes.io/hash';

/** A JSON value with object keys sorted at every level, as Go marshals a map[string]any. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** getPatch: the patch that restores the set's current pod template. */
export function revisionData(set: StatefulSet): unknown {
  return sortKeys({ spec: { template: { ...set.spec.template, $patch: 'replace' } } });
}

/** 32-bit FNV-1 (multiply, then xor), as hash/fnv's New32. */
function fnv32(text: string, hash = 0x811c9dc5): number {
  let h = hash;
  for (const byte of new TextEncoder().encode(text)) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= byte;
  }
  return h >>> 0;
}

/** HashControllerRevision: FNV-1 of the data, then of the collision count in decimal. */
export function hashRevision(data: unknown, collisionCount?: number): string {
  let hash = fnv32(canonicalJson(data));
  if (collisionCount !== undefined) hash = fnv32(String(collisionCount), hash);
  return safeEncodeString(String(hash));
}

/** ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 characters. */
export function revisionName(prefix: string, hash: string): string {
  return `${prefix.slice(0, 223)}-${hash}`;
}

/** newRevision: the set's current template as revision number `revision`. */
export function newRevision(
  set: StatefulSet,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  const data = revisionData(set);
  const hash = hashRevision(data, collisionCount);
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(set.metadata.name ?? '', hash),
      namespace: set.metadata.namespace,
      labels: { ...set.spec.template.metadata?.labels, [revisionHashLabel]: hash },
      ownerReferences: [newControllerRef(set, statefulsets)],
    },
    data,
    revision,
  };
  if (set.metadata.annotations) cr.metadata.annotations = { ...set.metadata.annotations };
  return cr;
}

/** ApplyRevision: the set as it was at `revision` (its pod template put back). */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const template = revisionTemplate(revision);
  const copy = structuredClone(set);
  if (template) copy.spec.template = template;
  return copy;
}

/** history.EqualRevision: the same data. */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  return canonicalJson(a.data) === canonicalJson(b.data);
}

/** SortControllerRevisions: by revision number, then creation time, then name. */
export function sortRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.sort(
    (a, b) =>
      a.revision - b.revision ||
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
}

/** nextRevision: one past the highest (revisions sorted), or 1. */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  return sorted.length === 0 ? 1 : sorted[sorted.length - 1].revision + 1;
}
