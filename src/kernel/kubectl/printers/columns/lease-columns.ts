import type { Lease } from '../../../types/coordination.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

/** `kubectl get leases` columns (printLease). */
export const leaseColumns: Column<Lease>[] = [
  nameColumn,
  { header: 'HOLDER', cell: (l) => l.spec?.holderIdentity ?? '' },
  ageColumn,
];
