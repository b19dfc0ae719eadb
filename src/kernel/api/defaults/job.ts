/**
 * batch/v1 Job defaulting (SetDefaults_Job): one completion and a parallelism of one when
 * neither is set, six retries, NonIndexed completions, not suspended, a generated selector
 * (manualSelector false), pods replaced once terminating or failed (once failed when a pod
 * failure policy is set), the Job's labels taken from its template when it has none, and
 * the pod template's spec defaults.
 */
import type { KubeObject } from '../../types/meta.ts';
import { defaultPodTemplate } from './pod-spec.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null;

/** Go's math.MaxInt32: the backoffLimit of a Job whose retries are counted per index. */
const maxInt32 = 2 ** 31 - 1;

/** Defaults a Job in place. */
export function defaultJob(job: KubeObject): void {
  if (!isObj(job.spec)) job.spec = {};
  const spec = job.spec as Obj;
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset(spec.parallelism)) spec.parallelism = 1;
  if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : maxInt32;
  const template = isObj(spec.template) ? spec.template : undefined;
  const templateLabels = isObj(template?.metadata) ? template.metadata.labels : undefined;
  if (isObj(templateLabels) && Object.keys(job.metadata.labels ?? {}).length === 0) {
    job.metadata.labels = { ...(templateLabels as Record<string, string>) };
  }
  if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
  if (unset(spec.suspend)) spec.suspend = false;
  if (isObj(spec.podFailurePolicy) && Array.isArray(spec.podFailurePolicy.rules)) {
    for (const rule of spec.podFailurePolicy.rules) {
      if (!isObj(rule) || !Array.isArray(rule.onPodConditions)) continue;
      for (const pattern of rule.onPodConditions) if (isObj(pattern)) pattern.status ||= 'True';
    }
  }
  if (unset(spec.podReplacementPolicy)) {
    spec.podReplacementPolicy = isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  }
  if (unset(spec.manualSelector)) spec.manualSelector = false;
  defaultPodTemplate(spec.template);
}
