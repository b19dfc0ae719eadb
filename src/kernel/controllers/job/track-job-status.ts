/**
 * trackJobStatusAndRemoveFinalizers: how the Job controller counts finished pods without
 * losing or double-counting any. A finished pod's uid is first written to
 * `status.uncountedTerminatedPods`; then its tracking finalizer is removed; then, once the
 * removal is confirmed, the uid moves from the uncounted list into `succeeded` or `failed`.
 * An interim FailureTarget or SuccessCriteriaMet condition is written before finalizers are
 * removed, and the final Failed or Complete condition only when no pod is left uncounted or
 * terminating.
 */
import { isNotFound } from '../../api/errors.ts';
import { jobs, pods as podsResource } from '../../api/resources.ts';
import { rfc3339 } from '../../clock/clock.ts';
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../client/event-recorder.ts';
import type { Job, JobCondition, JobStatus } from '../../types/batch.ts';
import type { Pod } from '../../types/core.ts';
import {
  completionIndexOf,
  intervalsHas,
  intervalsString,
  intervalsTotal,
  withIndexes,
} from './completion-index.ts';
import type { FinalizerExpectations } from './finalizer-expectations.ts';
import { ensureJobCondition, jobCondition, newJobCondition } from './job-conditions.ts';
import { hasTrackingFinalizer, isPodFailed, jobTrackingFinalizer } from './job-pods.ts';
import { encodeJobStatus, type JobSync } from './job-sync.ts';
import type { BackoffRecord } from './pod-backoff.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';

/** Most uids `uncountedTerminatedPods` holds at once (MaxUncountedPods), keeping status small. */
const maxUncountedPods = 500;

export interface TrackDeps {
  client: Client;
  events: EventRecorder;
  now: number;
  finalizerExpectations: FinalizerExpectations;
  /** Keeps the back-off record once the sync's first status write succeeded. */
  saveBackoff(record: BackoffRecord): void;
}

const uidOf = (p: Pod): string => p.metadata.uid ?? '';

/**
 * cleanUncountedPodsWithoutFinalizers: uids whose pods no longer carry the finalizer move
 * from the uncounted lists into the counters. Returns whether anything moved.
 */
function moveCounted(status: JobStatus, withFinalizer: ReadonlySet<string>): boolean {
  const uncounted = (status.uncountedTerminatedPods ??= {});
  let changed = false;
  const succeeded = (uncounted.succeeded ?? []).filter((u) => withFinalizer.has(u));
  if (succeeded.length !== (uncounted.succeeded ?? []).length) {
    status.succeeded =
      (status.succeeded ?? 0) + (uncounted.succeeded ?? []).length - succeeded.length;
    uncounted.succeeded = succeeded;
    changed = true;
  }
  const failed = (uncounted.failed ?? []).filter((u) => withFinalizer.has(u));
  if (failed.length !== (uncounted.failed ?? []).length) {
    status.failed = (status.failed ?? 0) + (uncounted.failed ?? []).length - failed.length;
    uncounted.failed = failed;
    changed = true;
  }
  return changed;
}

async function writeStatus(client: Client, job: Job): Promise<Job> {
  return client.updateStatus<Job>(jobs, { ...job, status: encodeJobStatus(job.status ?? {}) });
}

/** Removes the tracking finalizer from each pod; true where it is gone (or the pod is). */
async function removeFinalizers(
  deps: TrackDeps,
  jobKey: string,
  pods: readonly Pod[],
): Promise<{ removed: boolean[]; error?: unknown }> {
  deps.finalizerExpectations.expectRemoved(jobKey, pods.map(uidOf));
  let error: unknown;
  const removed = await Promise.all(
    pods.map(async (pod) => {
      try {
        await deps.client.patch(
          podsResource,
          pod.metadata.namespace,
          pod.metadata.name ?? '',
          { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [jobTrackingFinalizer] } },
          'strategic',
        );
        return true;
      } catch (err) {
        // No update will come for a removal that failed.
        deps.finalizerExpectations.observed(jobKey, uidOf(pod));
        if (isNotFound(err)) return true;
        error ??= err;
        return false;
      }
    }),
  );
  return { removed, error };
}

/** recordJobFinished: `Completed` or the failure reason as an event. */
function recordFinished(deps: TrackDeps, job: Job, condition: JobCondition): void {
  if (condition.type === 'Complete') {
    const completions = job.spec.completions;
    if (completions !== undefined && (job.status?.succeeded ?? 0) > completions) {
      void deps.events.record(
        job,
        'Warning',
        'TooManySucceededPods',
        'Too many succeeded pods running after completion count reached',
      );
    }
    void deps.events.record(job, 'Normal', 'Completed', 'Job completed');
  } else {
    void deps.events.record(job, 'Warning', condition.reason ?? '', condition.message ?? '');
  }
}

/**
 * Counts newly finished pods, writes the status (`needsFlush` forces a write) and finishes
 * the Job when its terminal condition can be set. Returns whether it finished.
 */
export async function trackJobStatus(
  deps: TrackDeps,
  sync: JobSync,
  needsFlushIn: boolean,
): Promise<{ finished: boolean }> {
  let needsFlush = needsFlushIn;
  const indexed = sync.job.spec.completionMode === 'Indexed';
  const completions = sync.job.spec.completions ?? 0;
  const pods = indexed
    ? [...sync.pods].sort((a, b) => completionIndexOf(a) - completionIndexOf(b))
    : sync.pods;
  const withFinalizer = new Set(
    pods
      .filter((p) => hasTrackingFinalizer(p) && !sync.expectedRmFinalizers.has(uidOf(p)))
      .map(uidOf),
  );
  let status = sync.job.status!;
  const uncounted = (status.uncountedTerminatedPods ??= {});
  uncounted.succeeded ??= [];
  uncounted.failed ??= [];
  if (moveCounted(status, withFinalizer)) needsFlush = true;

  const toRemove: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMax = false;
  const failing =
    sync.finishedCondition !== undefined && sync.finishedCondition.type !== 'SuccessCriteriaMet';
  for (const pod of pods) {
    const uid = uidOf(pod);
    if (!hasTrackingFinalizer(pod) || sync.expectedRmFinalizers.has(uid)) continue;
    const failed = isPodFailed(pod, sync.job);
    // canRemoveFinalizer: everything goes once the Job is deleted or finishing.
    const removable =
      !!sync.job.metadata.deletionTimestamp ||
      sync.finishedCondition !== undefined ||
      pod.status?.phase === 'Succeeded' ||
      failed;
    if (!removable) continue;
    toRemove.push(pod);
    const ix = completionIndexOf(pod);
    if (pod.status?.phase === 'Succeeded' && !sync.uncountedFailed.has(uid)) {
      if (indexed) {
        if (ix >= 0 && ix < completions && !intervalsHas(sync.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!sync.uncountedSucceeded.has(uid)) {
        uncounted.succeeded.push(uid);
        needsFlush = true;
      }
    } else if (failed || failing) {
      // A finishing Job counts every pod it stops as failed.
      if (!sync.uncountedFailed.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
        // A failure the pod failure policy ignores loses its finalizer but is not counted.
        if (matchPodFailurePolicy(sync.job, pod).countFailed) {
          uncounted.failed.push(uid);
          needsFlush = true;
        }
      }
    }
    if (
      newSucceededIndexes.length + uncounted.succeeded.length + uncounted.failed.length >=
      maxUncountedPods
    ) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    sync.succeededIndexes = withIndexes(sync.succeededIndexes, newSucceededIndexes);
    const text = intervalsString(sync.succeededIndexes);
    if (text !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = intervalsTotal(sync.succeededIndexes);
    status.completedIndexes = text;
  }

  // The interim condition is written before any finalizer goes, so a controller restart
  // knows where the Job was heading.
  let finished = sync.finishedCondition;
  if (finished?.type === 'FailureTarget') {
    status.conditions = [...(status.conditions ?? []), finished];
    needsFlush = true;
    finished = newJobCondition(
      'Failed',
      'True',
      finished.reason ?? '',
      finished.message ?? '',
      deps.now,
    );
  }
  if (finished?.type === 'SuccessCriteriaMet') {
    if (jobCondition(sync.job, 'SuccessCriteriaMet')?.status !== 'True') {
      status.conditions = [...(status.conditions ?? []), finished];
      needsFlush = true;
    }
    finished = newJobCondition(
      'Complete',
      'True',
      finished.reason ?? '',
      finished.message ?? '',
      deps.now,
    );
  }

  // flushUncountedAndRemoveFinalizers.
  if (needsFlush) {
    sync.job = await writeStatus(deps.client, sync.job);
    status = sync.job.status ??= {};
    deps.saveBackoff(sync.newBackoffRecord);
    needsFlush = false;
  }
  let removeError: unknown;
  if (toRemove.length > 0) {
    const { removed, error } = await removeFinalizers(deps, sync.key, toRemove);
    removeError = error;
    toRemove.forEach((pod, i) => {
      if (removed[i]) withFinalizer.delete(uidOf(pod));
    });
  }
  if (moveCounted(status, withFinalizer)) needsFlush = true;
  if (removeError !== undefined) {
    if (needsFlush) await writeStatus(deps.client, sync.job);
    throw removeError;
  }

  // enactJobFinished.
  let jobFinished = false;
  const leftUncounted =
    (status.uncountedTerminatedPods?.succeeded?.length ?? 0) +
    (status.uncountedTerminatedPods?.failed?.length ?? 0);
  if (!reachedMax && finished && leftUncounted === 0 && (status.terminating ?? 0) === 0) {
    status.conditions = ensureJobCondition(
      status.conditions ?? [],
      finished.type,
      'True',
      finished.reason ?? '',
      finished.message ?? '',
      deps.now,
    ).conditions;
    if (finished.type === 'Complete') status.completionTime = rfc3339(deps.now);
    jobFinished = true;
    needsFlush = true;
  }
  if (needsFlush) {
    sync.job = await writeStatus(deps.client, sync.job);
    if (jobFinished) recordFinished(deps, sync.job, finished!);
  }
  return { finished: jobFinished };
}
