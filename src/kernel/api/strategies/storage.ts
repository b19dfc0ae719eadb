import type { KubeObject } from '../../types/meta.ts';
import { persistentvolumeclaims, persistentvolumes } from '../resources.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

/** A status that starts Pending: what the apiserver stores for a new volume or claim. */
function pendingOnCreate(base: Strategy): Strategy {
  return {
    ...base,
    prepareForCreate(object: KubeObject) {
      object.status = { phase: 'Pending' };
    },
  };
}

/** PersistentVolumes: created Pending (the PV controller makes them Available). */
export const persistentVolumeStrategy: Strategy = pendingOnCreate(
  defaultStrategy(persistentvolumes),
);

/** PersistentVolumeClaims: created Pending (until bound). */
export const persistentVolumeClaimStrategy: Strategy = pendingOnCreate(
  defaultStrategy(persistentvolumeclaims),
);
