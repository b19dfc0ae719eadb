/**
 * The state one Job sync works on (syncJobCtx upstream), and the status it writes: counters
 * left out when zero and `ready`, `terminating` and `uncountedTerminatedPods` always present,
 * as the batch/v1 JSON encoding of the controller's status reads.
 */
import type { Job, JobCondition, JobStatus } from '../../types/batch.ts';
import type { Pod } from '../../types/core.ts';
import type { IndexIntervals } from './completion-index.ts';
import type { BackoffRecord } from './pod-backoff.ts';

export interface JobSync {
  /** `namespace/name`. */
  key: string;
  /** A private copy of the Job; its status is the one being built. */
  job: Job;
  /** Every pod the Job controls (active, finished and terminating). */
  pods: Pod[];
  activePods: Pod[];
  succeeded: number;
  failed: number;
  prevSucceededIndexes: IndexIntervals;
  succeededIndexes: IndexIntervals;
  newBackoffRecord: BackoffRecord;
  /** Pods whose finalizer removal is in flight: already counted. */
  expectedRmFinalizers: ReadonlySet<string>;
  uncountedSucceeded: ReadonlySet<string>;
  uncountedFailed: ReadonlySet<string>;
  terminating: number;
  ready: number;
  /** The condition the Job is heading for: SuccessCriteriaMet/Complete, FailureTarget/Failed. */
  finishedCondition?: JobCondition;
}

/** The status as written: zero counters and empty strings omitted as Go's omitempty does. */
export function encodeJobStatus(status: JobStatus): JobStatus {
  const out: JobStatus = {};
  if (status.conditions?.length) out.conditions = status.conditions;
  if (status.startTime) out.startTime = status.startTime;
  if (status.completionTime) out.completionTime = status.completionTime;
  if (status.active) out.active = status.active;
  if (status.succeeded) out.succeeded = status.succeeded;
  if (status.failed) out.failed = status.failed;
  if (status.terminating !== undefined) out.terminating = status.terminating;
  if (status.completedIndexes) out.completedIndexes = status.completedIndexes;
  if (status.failedIndexes !== undefined) out.failedIndexes = status.failedIndexes;
  const uncounted = status.uncountedTerminatedPods ?? {};
  out.uncountedTerminatedPods = {
    ...(uncounted.succeeded?.length ? { succeeded: uncounted.succeeded } : {}),
    ...(uncounted.failed?.length ? { failed: uncounted.failed } : {}),
  };
  if (status.ready !== undefined) out.ready = status.ready;
  return out;
}
