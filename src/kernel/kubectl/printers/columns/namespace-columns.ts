import type { Namespace } from '../../../types/core.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

/** `kubectl get namespaces` columns (printNamespace). */
export const namespaceColumns: Column<Namespace>[] = [
  nameColumn,
  { header: 'STATUS', cell: (n) => n.status?.phase ?? '' },
  ageColumn,
];
