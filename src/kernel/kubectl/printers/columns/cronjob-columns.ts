import { timestampAge } from '../../../client/duration.ts';
import type { CronJob } from '../../../types/batch.ts';
import { ageColumn, nameColumn, workloadWideColumns, type Column } from './column.ts';

/** printBoolPtr: `<unset>` for a missing boolean. */
function boolCell(value: boolean | undefined): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

/** `kubectl get cronjobs` columns (printCronJob). */
export const cronJobColumns: Column<CronJob>[] = [
  nameColumn,
  { header: 'SCHEDULE', cell: (cj) => cj.spec.schedule },
  { header: 'TIMEZONE', cell: (cj) => cj.spec.timeZone ?? '<none>' },
  { header: 'SUSPEND', cell: (cj) => boolCell(cj.spec.suspend) },
  { header: 'ACTIVE', cell: (cj) => String(cj.status?.active?.length ?? 0) },
  {
    header: 'LAST SCHEDULE',
    cell: (cj, now) =>
      cj.status?.lastScheduleTime ? timestampAge(cj.status.lastScheduleTime, now) : '<none>',
  },
  ageColumn,
  ...workloadWideColumns<CronJob>(
    (cj) => cj.spec.jobTemplate?.spec?.template?.spec?.containers ?? [],
    (cj) => cj.spec.jobTemplate?.spec?.selector,
  ),
];
