/** Job conditions as the Job controller and its readers (CronJob controller, kubectl) use them. */
import { rfc3339 } from '../../clock/clock.ts';
import type { Job, JobCondition } from '../../types/batch.ts';

/** The condition of `type` on the Job, if any. */
export function jobCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

/** True when the Job has the condition `type` with status True. */
export function hasJobCondition(job: Job, type: string): boolean {
  return jobCondition(job, type)?.status === 'True';
}

/** IsJobFinished: Complete or Failed is True. */
export function isJobFinished(job: Job): boolean {
  return hasJobCondition(job, 'Complete') || hasJobCondition(job, 'Failed');
}

/** The finishing condition type (`Complete` or `Failed`) of a finished Job. */
export function finishedConditionType(job: Job): 'Complete' | 'Failed' | undefined {
  const c = job.status?.conditions?.find(
    (x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True',
  );
  return c?.type as 'Complete' | 'Failed' | undefined;
}

/** newCondition: both times set to `now`. */
export function newJobCondition(
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): JobCondition {
  const at = rfc3339(now);
  return { type, status, lastProbeTime: at, lastTransitionTime: at, reason, message };
}

/**
 * ensureJobConditionStatus: replaces the condition of that type when its status, reason or
 * message differ; appends it when absent unless the status is False (absent already reads as
 * false). Returns the new list and whether it changed.
 */
export function ensureJobCondition(
  list: JobCondition[],
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): { conditions: JobCondition[]; changed: boolean } {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i];
    if (c.status === status && c.reason === reason && c.message === message) {
      return { conditions: list, changed: false };
    }
    const next = [...list];
    next[i] = newJobCondition(type, status, reason, message, now);
    return { conditions: next, changed: true };
  }
  if (status === 'False') return { conditions: list, changed: false };
  return {
    conditions: [...list, newJobCondition(type, status, reason, message, now)],
    changed: true,
  };
}
