/**
 * batch/v1 CronJob defaulting (SetDefaults_CronJob): concurrency Allow, not suspended, three
 * successful and one failed Job kept, and the defaults of the pod template inside the Job
 * template (the Job template's own spec gets no Job defaults, as upstream).
 */
import type { KubeObject } from '../../types/meta.ts';
import { defaultPodTemplate } from './pod-spec.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null;

/** Defaults a CronJob in place. */
export function defaultCronJob(cronJob: KubeObject): void {
  if (!isObj(cronJob.spec)) cronJob.spec = {};
  const spec = cronJob.spec as Obj;
  spec.concurrencyPolicy ||= 'Allow';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  const jobTemplate = spec.jobTemplate;
  if (isObj(jobTemplate) && isObj(jobTemplate.spec)) defaultPodTemplate(jobTemplate.spec.template);
}
