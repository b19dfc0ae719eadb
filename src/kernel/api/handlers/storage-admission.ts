import type { KubeObject } from '../../types/meta.ts';
import type { StorageClass } from '../../types/storage.ts';
import {
  persistentvolumeclaims,
  persistentvolumes,
  storageclasses,
  type ResourceInfo,
} from '../resources.ts';
import type { ServerContext } from './context.ts';

/** The annotation that makes a StorageClass the default one. */
export const defaultStorageClassAnnotation = 'storageclass.kubernetes.io/is-default-class';
const betaDefaultStorageClassAnnotation = 'storageclass.beta.kubernetes.io/is-default-class';
/** The pre-1.6 way of naming a claim's class, which admission leaves alone. */
const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

/** The finalizers StorageObjectInUseProtection puts on every new claim and volume. */
export const pvcProtectionFinalizer = 'kubernetes.io/pvc-protection';
export const pvProtectionFinalizer = 'kubernetes.io/pv-protection';

type Obj = Record<string, unknown>;

/** Whether a StorageClass is marked the default (either annotation, as upstream reads them). */
export function isDefaultStorageClass(sc: StorageClass): boolean {
  const annotations = sc.metadata.annotations ?? {};
  return (
    annotations[defaultStorageClassAnnotation] === 'true' ||
    annotations[betaDefaultStorageClassAnnotation] === 'true'
  );
}

/** The default class among `classes`: the newest marked one (then by name), as upstream picks it. */
export function defaultStorageClassOf(classes: readonly StorageClass[]): StorageClass | undefined {
  return classes
    .filter(isDefaultStorageClass)
    .sort(
      (a, b) =>
        (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    )[0];
}

/**
 * The storage admission plugins on create: DefaultStorageClass gives a claim that names no
 * class (spec.storageClassName absent, not '') the default StorageClass, and
 * StorageObjectInUseProtection adds the protection finalizer to every claim and volume, so
 * that one in use is not removed before it is let go.
 */
export async function admitStorage(
  ctx: ServerContext,
  info: ResourceInfo,
  object: KubeObject,
): Promise<void> {
  if (info !== persistentvolumeclaims && info !== persistentvolumes) return;
  const finalizer = info === persistentvolumes ? pvProtectionFinalizer : pvcProtectionFinalizer;
  const finalizers = object.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) object.metadata.finalizers = [...finalizers, finalizer];
  if (info !== persistentvolumeclaims) return;
  const spec = (typeof object.spec === 'object' && object.spec !== null ? object.spec : {}) as Obj;
  if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
  if (object.metadata.annotations?.[betaStorageClassAnnotation] !== undefined) return;
  const { items } = await ctx.registry(storageclasses).list();
  const chosen = defaultStorageClassOf(items as StorageClass[])?.metadata.name;
  if (chosen) object.spec = { ...spec, storageClassName: chosen };
}
