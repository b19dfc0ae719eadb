import { builtinResources, type ResourceInfo } from '../../api/resources.ts';
import { objectKey, splitKey } from '../../client/informer.ts';
import type { KubeObject, OwnerReference } from '../../types/meta.ts';

/** The finalizer a Foreground delete adds: the owner stays until its blocking dependents are gone. */
export const foregroundFinalizer = 'foregroundDeletion';
/** The finalizer an Orphan delete adds: the owner stays until its dependents no longer point at it. */
export const orphanFinalizer = 'orphan';

/** Resources the garbage collector never watches, as in kube-controller-manager (events are never owners worth tracking). */
const ignoredResources = new Set(['events', 'events.events.k8s.io']);

/** `pods`, `replicasets.apps`: the GroupResource string Kubernetes prints. */
export function groupResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** The resources whose objects can own or be owned: every served resource that can be deleted and watched, but events. */
export function monitoredResources(): ResourceInfo[] {
  return builtinResources.filter(
    (info) =>
      !ignoredResources.has(groupResource(info)) &&
      !info.storedAs &&
      info.verbs.includes('delete') &&
      info.verbs.includes('watch'),
  );
}

/**
 * The resource an owner reference points at, matched by API group and kind (any version, as
 * the REST mapper does); undefined for a kind this cluster does not serve.
 */
export function ownerResource(
  ref: Pick<OwnerReference, 'apiVersion' | 'kind'>,
): ResourceInfo | undefined {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  return builtinResources.find((info) => info.group === group && info.kind === ref.kind);
}

/** A garbage-collector work-queue key: `replicasets.apps|ns/name`. */
export function gcKey(info: ResourceInfo, object: KubeObject): string {
  return `${groupResource(info)}|${objectKey(object)}`;
}

/** Splits a key made by `gcKey`; undefined when its resource is not one the collector watches. */
export function parseGcKey(
  key: string,
): { info: ResourceInfo; namespace?: string; name: string } | undefined {
  const bar = key.indexOf('|');
  if (bar < 0) return undefined;
  const resource = key.slice(0, bar);
  const info = builtinResources.find((r) => groupResource(r) === resource);
  if (!info) return undefined;
  return { info, ...splitKey(key.slice(bar + 1)) };
}

export function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return object.metadata.finalizers?.includes(finalizer) ?? false;
}

/** Being deleted with the `foregroundDeletion` finalizer: waiting for its dependents to go. */
export function isDeletingDependents(object: KubeObject): boolean {
  return !!object.metadata.deletionTimestamp && hasFinalizer(object, foregroundFinalizer);
}

/** The reference from `dependent` to the owner with `uid`, if it has one. */
export function referenceTo(dependent: KubeObject, uid: string): OwnerReference | undefined {
  return dependent.metadata.ownerReferences?.find((ref) => ref.uid === uid);
}

/**
 * An owner reference as the garbage collector prints it in events:
 * `[apps/v1/ReplicaSet, namespace: ns, name: web, uid: 1234]`.
 */
export function formatOwnerRef(ref: OwnerReference, namespace: string | undefined): string {
  return `[${ref.apiVersion}/${ref.kind}, namespace: ${namespace ?? ''}, name: ${ref.name}, uid: ${ref.uid}]`;
}
