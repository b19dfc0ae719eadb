import type { ConfigMap, Secret } from '../../../types/config.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

const count = (map: Record<string, unknown> | undefined) => Object.keys(map ?? {}).length;

/** `kubectl get configmaps` columns (printConfigMap): DATA counts data and binaryData keys. */
export const configMapColumns: Column<ConfigMap>[] = [
  nameColumn,
  { header: 'DATA', cell: (cm) => String(count(cm.data) + count(cm.binaryData)) },
  ageColumn,
];

/** `kubectl get secrets` columns (printSecret). */
export const secretColumns: Column<Secret>[] = [
  nameColumn,
  { header: 'TYPE', cell: (s) => s.type ?? '' },
  { header: 'DATA', cell: (s) => String(count(s.data)) },
  ageColumn,
];
