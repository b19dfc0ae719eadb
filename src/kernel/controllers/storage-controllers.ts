import type { Controller } from './controller.ts';
import { LocalPathProvisioner, type VolumeDataDeleter } from './local-path-provisioner.ts';
import { PersistentVolumeController } from './persistent-volume.ts';
import { PvProtectionController } from './pv-protection.ts';
import { PvcProtectionController } from './pvc-protection.ts';

/**
 * The controllers of persistent storage, each made fresh: kube-controller-manager's PV binder
 * and PVC/PV protection, and kind's local-path-provisioner, whose deleted volumes' data goes
 * through `deleteData` (the cluster's volume store; nothing to delete by default).
 */
export function storageControllers(deleteData?: VolumeDataDeleter): Controller[] {
  return [
    new PersistentVolumeController(),
    new PvcProtectionController(),
    new PvProtectionController(),
    new LocalPathProvisioner(deleteData),
  ];
}
