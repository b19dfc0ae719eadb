import type { Deployment } from '../../../types/apps.ts';
import { ageColumn, nameColumn, workloadWideColumns, type Column } from './column.ts';

/** `kubectl get deployments` columns (printDeployment). */
export const deploymentColumns: Column<Deployment>[] = [
  nameColumn,
  {
    header: 'READY',
    cell: (d) => `${d.status?.readyReplicas ?? 0}/${d.spec.replicas ?? 0}`,
  },
  { header: 'UP-TO-DATE', cell: (d) => String(d.status?.updatedReplicas ?? 0) },
  { header: 'AVAILABLE', cell: (d) => String(d.status?.availableReplicas ?? 0) },
  ageColumn,
  ...workloadWideColumns<Deployment>(
    (d) => d.spec.template.spec.containers ?? [],
    (d) => d.spec.selector,
  ),
];
