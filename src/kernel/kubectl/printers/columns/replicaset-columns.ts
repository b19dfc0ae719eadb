import type { ReplicaSet } from '../../../types/apps.ts';
import { ageColumn, nameColumn, workloadWideColumns, type Column } from './column.ts';

/** `kubectl get replicasets` columns (printReplicaSet). */
export const replicaSetColumns: Column<ReplicaSet>[] = [
  nameColumn,
  { header: 'DESIRED', cell: (r) => String(r.spec.replicas ?? 0) },
  { header: 'CURRENT', cell: (r) => String(r.status?.replicas ?? 0) },
  { header: 'READY', cell: (r) => String(r.status?.readyReplicas ?? 0) },
  ageColumn,
  ...workloadWideColumns<ReplicaSet>(
    (r) => r.spec.template?.spec.containers ?? [],
    (r) => r.spec.selector,
  ),
];
