/**
 * Defaulting of persistent storage (core/v1 SetDefaults_PersistentVolume,
 * SetDefaults_PersistentVolumeClaim, storage/v1 SetDefaults_StorageClass): a volume is
 * retained once released unless told otherwise, volumes and claims are filesystems, and a
 * class deletes what it provisioned and binds at once.
 */
import type { KubeObject } from '../../types/meta.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function specOf(object: KubeObject): Obj {
  if (!isObj(object.spec)) object.spec = {};
  return object.spec as Obj;
}

/** Defaults a PersistentVolume in place. */
export function defaultPersistentVolume(pv: KubeObject): void {
  const spec = specOf(pv);
  spec.persistentVolumeReclaimPolicy ??= 'Retain';
  spec.volumeMode ??= 'Filesystem';
}

/** Defaults a PersistentVolumeClaim in place. */
export function defaultPersistentVolumeClaim(pvc: KubeObject): void {
  specOf(pvc).volumeMode ??= 'Filesystem';
}

/** Defaults a StorageClass in place. */
export function defaultStorageClass(sc: KubeObject): void {
  sc.reclaimPolicy ??= 'Delete';
  sc.volumeBindingMode ??= 'Immediate';
}
