import type { PodDisruptionBudget } from '../../../types/policy.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

/** An IntOrString as IntOrString.String() prints it, or N/A when unset. */
function intOrString(value: number | string | undefined): string {
  return value === undefined || value === null ? 'N/A' : String(value);
}

/** `kubectl get poddisruptionbudgets` columns (printPodDisruptionBudget). */
export const podDisruptionBudgetColumns: Column<PodDisruptionBudget>[] = [
  nameColumn,
  { header: 'MIN AVAILABLE', cell: (p) => intOrString(p.spec.minAvailable) },
  { header: 'MAX UNAVAILABLE', cell: (p) => intOrString(p.spec.maxUnavailable) },
  { header: 'ALLOWED DISRUPTIONS', cell: (p) => String(p.status?.disruptionsAllowed ?? 0) },
  ageColumn,
];
