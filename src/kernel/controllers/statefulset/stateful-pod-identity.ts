/**
 * A StatefulSet pod's stable identity (stateful_set_utils.go): the name `<set>-<ordinal>`, the
 * hostname and subdomain that give it the DNS name `<pod>.<serviceName>`, the
 * `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index` labels, the
 * revision label, and the claims `<template>-<set>-<ordinal>` mounted in place of the
 * template's volumes of the same name.
 */
import { statefulsets } from '../../api/resources.ts';
import type { Pod } from '../../types/core.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { StatefulSet } from '../../types/statefulset.ts';
import type { PersistentVolumeClaim } from '../../types/storage.ts';
import { newControllerRef } from '../util/controller-ref.ts';
import { podFromTemplate } from '../util/pod-from-template.ts';

/** The label naming a pod, so that a Service can select exactly one pod of a set. */
export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
/** The label holding a pod's ordinal. */
export const podIndexLabel = 'apps.kubernetes.io/pod-index';
/** The label naming the ControllerRevision a pod was made from. */
export const revisionLabel = 'controller-revision-hash';

const statefulPodName = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: `web-2` → web, 2; a name without an ordinal → '', -1. */
export function parentAndOrdinal(pod: KubeObject): { parent: string; ordinal: number } {
  const match = statefulPodName.exec(pod.metadata.name ?? '');
  if (!match) return { parent: '', ordinal: -1 };
  const ordinal = Number(match[2]);
  // strconv.ParseInt(…, 10, 32): out of int32 range is no ordinal.
  return { parent: match[1], ordinal: ordinal <= 2147483647 ? ordinal : -1 };
}

/** getOrdinal. */
export function ordinalOf(pod: KubeObject): number {
  return parentAndOrdinal(pod).ordinal;
}

/** getPodName: `<set>-<ordinal>`. */
export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`. */
export function claimName(set: StatefulSet, template: PersistentVolumeClaim, ordinal: number) {
  return `${template.metadata.name}-${set.metadata.name}-${ordinal}`;
}

/** isMemberOf: the pod's name says it belongs to the set. */
export function isMemberOf(set: StatefulSet, pod: KubeObject): boolean {
  return parentAndOrdinal(pod).parent === set.metadata.name;
}

/** getStartOrdinal: spec.ordinals.start, else 0. */
export function startOrdinal(set: StatefulSet): number {
  return set.spec.ordinals?.start ?? 0;
}

/** getEndOrdinal: the last ordinal the set should have. */
export function endOrdinal(set: StatefulSet): number {
  return startOrdinal(set) + (set.spec.replicas ?? 1) - 1;
}

/** podInOrdinalRange. */
export function inOrdinalRange(pod: KubeObject, set: StatefulSet): boolean {
  const ordinal = ordinalOf(pod);
  return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
}

/** identityMatches: name, namespace and identity labels agree with the set. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  const labels = pod.metadata.labels ?? {};
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    labels[podNameLabel] === pod.metadata.name &&
    labels[podIndexLabel] === String(ordinal)
  );
}

/** updateIdentity: name, namespace and the identity labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = {
    ...pod.metadata.labels,
    [podNameLabel]: pod.metadata.name,
    [podIndexLabel]: String(ordinal),
  };
}

/**
 * getPersistentVolumeClaims: the pod's claims by template name, each the template with the
 * pod's claim name, the set's namespace and the selector's matchLabels added to its labels.
 */
export function claimsFor(set: StatefulSet, pod: KubeObject): Map<string, PersistentVolumeClaim> {
  const ordinal = ordinalOf(pod);
  const claims = new Map<string, PersistentVolumeClaim>();
  for (const template of set.spec.volumeClaimTemplates ?? []) {
    const claim = structuredClone(template);
    delete claim.status;
    claim.metadata = {
      ...claim.metadata,
      name: claimName(set, template, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...template.metadata.labels, ...set.spec.selector.matchLabels },
    };
    claims.set(template.metadata.name ?? '', claim);
  }
  return claims;
}

interface Volume {
  name?: string;
  persistentVolumeClaim?: { claimName?: string };
  [field: string]: unknown;
}

/** storageMatches: every claim template is mounted as a volume of the pod's claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map(((pod.spec.volumes ?? []) as Volume[]).map((v) => [v.name, v]));
  return (set.spec.volumeClaimTemplates ?? []).every(
    (t) =>
      volumes.get(t.metadata.name)?.persistentVolumeClaim?.claimName === claimName(set, t, ordinal),
  );
}

/** updateStorage: the claims' volumes first, then the pod's other volumes. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = claimsFor(set, pod);
  const volumes: Volume[] = [...claims].map(([name, claim]) => ({
    name,
    persistentVolumeClaim: { claimName: claim.metadata.name },
  }));
  for (const v of (pod.spec.volumes ?? []) as Volume[])
    if (!claims.has(v.name ?? '')) volumes.push(v);
  if (volumes.length > 0) pod.spec.volumes = volumes;
}

/** newStatefulSetPod: the template's pod with the ordinal's identity and storage. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const namespace = set.metadata.namespace ?? 'default';
  const pod = podFromTemplate(
    set.spec.template,
    namespace,
    `${set.metadata.name}-`,
    newControllerRef(set, statefulsets),
  );
  pod.metadata.name = podName(set, ordinal);
  updateIdentity(set, pod);
  // initIdentity: hostname and subdomain are set once, when the pod is made.
  pod.spec.hostname = pod.metadata.name;
  if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  return pod;
}

/** setPodRevision / getPodRevision. */
export function podRevision(pod: KubeObject): string {
  return pod.metadata.labels?.[revisionLabel] ?? '';
}
