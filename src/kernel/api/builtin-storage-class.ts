/**
 * The cluster's built-in StorageClass, as kind installs it: `standard`, provisioned by
 * rancher.io/local-path, the default class, deleting what it provisioned once released, and
 * binding when the first pod uses a claim (WaitForFirstConsumer). Here its volumes live in the
 * browser's storage rather than on one node, so a pod can follow its data to any node.
 */
import type { StorageClass } from '../types/storage.ts';
import { defaultStorageClassAnnotation } from './handlers/storage-admission.ts';

/** The built-in class's name. */
export const builtinStorageClassName = 'standard';
/** The provisioner that kind's local-path-provisioner answers to. */
export const localPathProvisioner = 'rancher.io/local-path';

/** A fresh copy of the built-in StorageClass, ready to POST. */
export function builtinStorageClass(): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: builtinStorageClassName,
      annotations: { [defaultStorageClassAnnotation]: 'true' },
    },
    provisioner: localPathProvisioner,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}
