import { humanDuration } from '../../../client/duration.ts';
import type { Job } from '../../../types/batch.ts';
import { ageColumn, nameColumn, workloadWideColumns, type Column } from './column.ts';

const isTrue = (job: Job, type: string): boolean =>
  job.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

/** The STATUS cell: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
function jobStatus(job: Job): string {
  if (isTrue(job, 'Complete')) return 'Complete';
  if (isTrue(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (isTrue(job, 'Suspended')) return 'Suspended';
  if (isTrue(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** `succeeded/completions`; without completions `succeeded/1`, or `succeeded/1 of parallelism`. */
function completions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec.completions !== undefined && job.spec.completions !== null) {
    return `${succeeded}/${job.spec.completions}`;
  }
  const parallelism = job.spec.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Blank before the Job started; running time so far, or from start to completion. */
function duration(job: Job, now: number): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

/** `kubectl get jobs` columns (printJob). */
export const jobColumns: Column<Job>[] = [
  nameColumn,
  { header: 'STATUS', cell: jobStatus },
  { header: 'COMPLETIONS', cell: completions },
  { header: 'DURATION', cell: duration },
  ageColumn,
  ...workloadWideColumns<Job>(
    (j) => j.spec.template?.spec?.containers ?? [],
    (j) => j.spec.selector,
  ),
];
