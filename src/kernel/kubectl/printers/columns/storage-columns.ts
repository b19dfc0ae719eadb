import { canonicalQuantity, quantityError } from '../../../api/quantity.ts';
import { isDefaultStorageClass } from '../../../api/handlers/storage-admission.ts';
import type {
  PersistentVolume,
  PersistentVolumeAccessMode,
  PersistentVolumeClaim,
  StorageClass,
} from '../../../types/storage.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

const modeAbbreviations: [PersistentVolumeAccessMode, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** GetAccessModesAsString: `RWO,ROX,RWX,RWOP`, in that order, each mode once. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const present = new Set(modes ?? []);
  return modeAbbreviations
    .filter(([mode]) => present.has(mode))
    .map(([, short]) => short)
    .join(',');
}

/** A storage quantity as Quantity.String() prints it ('0' when unset). */
export function storageQuantity(value: string | undefined): string {
  if (value === undefined) return '0';
  return quantityError(value) === undefined ? canonicalQuantity(value) : value;
}

/** `kubectl get pv` columns (printPersistentVolume). */
export const persistentVolumeColumns: Column<PersistentVolume>[] = [
  nameColumn,
  { header: 'CAPACITY', cell: (pv) => storageQuantity(pv.spec.capacity?.storage) },
  { header: 'ACCESS MODES', cell: (pv) => accessModesString(pv.spec.accessModes) },
  { header: 'RECLAIM POLICY', cell: (pv) => pv.spec.persistentVolumeReclaimPolicy ?? '' },
  {
    header: 'STATUS',
    cell: (pv) => (pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '')),
  },
  {
    header: 'CLAIM',
    cell: (pv) => {
      const ref = pv.spec.claimRef;
      return ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '';
    },
  },
  { header: 'STORAGECLASS', cell: (pv) => pv.spec.storageClassName ?? '' },
  { header: 'VOLUMEATTRIBUTESCLASS', cell: (pv) => pv.spec.volumeAttributesClassName || '<unset>' },
  { header: 'REASON', cell: (pv) => pv.status?.reason ?? '' },
  ageColumn,
  { header: 'VOLUMEMODE', wide: true, cell: (pv) => pv.spec.volumeMode ?? '<unset>' },
];

/** `kubectl get pvc` columns (printPersistentVolumeClaim): size and modes once bound. */
export const persistentVolumeClaimColumns: Column<PersistentVolumeClaim>[] = [
  nameColumn,
  {
    header: 'STATUS',
    cell: (pvc) => (pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '')),
  },
  { header: 'VOLUME', cell: (pvc) => pvc.spec.volumeName ?? '' },
  {
    header: 'CAPACITY',
    cell: (pvc) => (pvc.spec.volumeName ? storageQuantity(pvc.status?.capacity?.storage) : ''),
  },
  {
    header: 'ACCESS MODES',
    cell: (pvc) => (pvc.spec.volumeName ? accessModesString(pvc.status?.accessModes) : ''),
  },
  { header: 'STORAGECLASS', cell: (pvc) => pvc.spec.storageClassName ?? '' },
  {
    header: 'VOLUMEATTRIBUTESCLASS',
    cell: (pvc) => pvc.spec.volumeAttributesClassName || '<unset>',
  },
  ageColumn,
  { header: 'VOLUMEMODE', wide: true, cell: (pvc) => pvc.spec.volumeMode ?? '<unset>' },
];

/** `kubectl get storageclass` columns (printStorageClass): the default one marked `(default)`. */
export const storageClassColumns: Column<StorageClass>[] = [
  {
    header: 'NAME',
    isName: true,
    cell: (sc) => `${sc.metadata.name ?? ''}${isDefaultStorageClass(sc) ? ' (default)' : ''}`,
  },
  { header: 'PROVISIONER', cell: (sc) => sc.provisioner ?? '' },
  { header: 'RECLAIMPOLICY', cell: (sc) => sc.reclaimPolicy ?? 'Delete' },
  { header: 'VOLUMEBINDINGMODE', cell: (sc) => sc.volumeBindingMode ?? 'Immediate' },
  { header: 'ALLOWVOLUMEEXPANSION', cell: (sc) => String(sc.allowVolumeExpansion ?? false) },
  ageColumn,
];
