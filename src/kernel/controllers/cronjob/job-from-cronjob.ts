/** The Job a CronJob creates for one scheduled time (getJobFromTemplate2). */
import { cronjobs } from '../../api/resources.ts';
import type { CronJob, Job } from '../../types/batch.ts';
import { rfc3339In } from '../../util/time-zone.ts';
import { newControllerRef } from '../util/controller-ref.ts';

/** The annotation holding the time a Job was scheduled for, in the CronJob's time zone. */
export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/**
 * `<cronjob>-<minutes since the epoch>`: one name per scheduled time, so the same run is never
 * created twice.
 */
export function jobNameFor(cj: CronJob, scheduledTime: number): string {
  return `${cj.metadata.name ?? ''}-${Math.floor(scheduledTime / 60_000)}`;
}

/** The Job for `scheduledTime`: the template's labels, annotations and spec, owned by the CronJob. */
export function jobFromCronJob(cj: CronJob, scheduledTime: number): Job {
  const template = cj.spec.jobTemplate;
  const annotations: Record<string, string> = { ...template.metadata?.annotations };
  annotations[scheduledTimestampAnnotation] = rfc3339In(cj.spec.timeZone ?? 'UTC', scheduledTime);
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj, scheduledTime),
      namespace: cj.metadata.namespace,
      annotations,
      ownerReferences: [newControllerRef(cj, cronjobs)],
    },
    spec: structuredClone(template.spec),
  };
  if (template.metadata?.labels) job.metadata.labels = { ...template.metadata.labels };
  return job;
}
