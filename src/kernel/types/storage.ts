/**
 * Persistent storage: core/v1 PersistentVolume and PersistentVolumeClaim, and
 * storage.k8s.io/v1 StorageClass. Volume sources are kept as plain objects (the schema in
 * api/schema/defs/storage.ts lists their fields).
 */
import type { KubeObject, LabelSelector, ObjectMeta } from './meta.ts';
import type { NodeSelector, ObjectReference, ResourceList } from './core.ts';

export type PersistentVolumeAccessMode =
  'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

export type PersistentVolumeReclaimPolicy = 'Retain' | 'Delete' | 'Recycle';

export type PersistentVolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';

export interface PersistentVolumeSpec {
  capacity?: ResourceList;
  accessModes?: PersistentVolumeAccessMode[];
  /** The claim bound (or being bound) to this volume: namespace, name and uid. */
  claimRef?: ObjectReference;
  persistentVolumeReclaimPolicy?: PersistentVolumeReclaimPolicy;
  storageClassName?: string;
  mountOptions?: string[];
  volumeMode?: 'Filesystem' | 'Block';
  nodeAffinity?: { required?: NodeSelector };
  volumeAttributesClassName?: string;
  /** The volume source: exactly one of hostPath, local, nfs, csi... */
  hostPath?: { path: string; type?: string };
  local?: { path: string; fsType?: string };
  [source: string]: unknown;
}

export interface PersistentVolumeStatus {
  phase?: PersistentVolumePhase;
  message?: string;
  reason?: string;
  lastPhaseTransitionTime?: string;
}

export interface PersistentVolume extends KubeObject {
  apiVersion?: 'v1';
  kind?: 'PersistentVolume';
  metadata: ObjectMeta;
  spec: PersistentVolumeSpec;
  status?: PersistentVolumeStatus;
}

export interface PersistentVolumeClaimSpec {
  accessModes?: PersistentVolumeAccessMode[];
  selector?: LabelSelector;
  resources?: { requests?: ResourceList; limits?: ResourceList };
  /** The volume bound to this claim, once bound (or named in advance). */
  volumeName?: string;
  /** Unset: the default class (admission fills it in); '': only volumes without a class. */
  storageClassName?: string;
  volumeMode?: 'Filesystem' | 'Block';
  dataSource?: Record<string, unknown>;
  dataSourceRef?: Record<string, unknown>;
  volumeAttributesClassName?: string;
}

export type PersistentVolumeClaimPhase = 'Pending' | 'Bound' | 'Lost';

export interface PersistentVolumeClaimStatus {
  phase?: PersistentVolumeClaimPhase;
  accessModes?: PersistentVolumeAccessMode[];
  capacity?: ResourceList;
  conditions?: Record<string, unknown>[];
  /** What a resize under way has allocated to the claim (quota counts the larger). */
  allocatedResources?: ResourceList;
}

export interface PersistentVolumeClaim extends KubeObject {
  apiVersion?: 'v1';
  kind?: 'PersistentVolumeClaim';
  metadata: ObjectMeta;
  spec: PersistentVolumeClaimSpec;
  status?: PersistentVolumeClaimStatus;
}

export type VolumeBindingMode = 'Immediate' | 'WaitForFirstConsumer';

/** A class of storage: who provisions its volumes, how they are reclaimed, when they are bound. */
export interface StorageClass extends KubeObject {
  apiVersion?: 'storage.k8s.io/v1';
  kind?: 'StorageClass';
  metadata: ObjectMeta;
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: 'Delete' | 'Retain';
  mountOptions?: string[];
  allowVolumeExpansion?: boolean;
  volumeBindingMode?: VolumeBindingMode;
  allowedTopologies?: Record<string, unknown>[];
}
