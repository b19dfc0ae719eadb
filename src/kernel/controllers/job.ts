import { isNotFound, type StatusError } from '../api/errors.ts';
import { jobs as jobsResource, pods as podsResource } from '../api/resources.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import { rfc3339 } from '../clock/clock.ts';
import type { Job } from '../types/batch.ts';
import type { Pod } from '../types/core.ts';
import type { OwnerReference } from '../types/meta.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import {
  completionIndexOf,
  intervalsHas,
  intervalsTotal,
  parseIndexes,
  withIndexes,
} from './job/completion-index.ts';
import { FinalizerExpectations } from './job/finalizer-expectations.ts';
import {
  ensureJobCondition,
  isJobFinished,
  jobCondition,
  newJobCondition,
} from './job/job-conditions.ts';
import {
  countTerminating,
  hasTrackingFinalizer,
  isPodFailed,
  jobTrackingFinalizer,
  onlyReplaceFailedPods,
  podForJob,
} from './job/job-pods.ts';
import type { JobSync } from './job/job-sync.ts';
import { jobTiming, type JobTiming } from './job/job-timing.ts';
import { backoffRemaining, nextBackoffRecord, type BackoffRecord } from './job/pod-backoff.ts';
import { matchPodFailurePolicy } from './job/pod-failure-policy.ts';
import { trackJobStatus } from './job/track-job-status.ts';
import { ControllerExpectations } from './util/controller-expectations.ts';
import { claimObjects, controllerRefOf } from './util/controller-ref.ts';
import { isPodActive, isPodReady, podKey } from './util/pod-readiness.ts';
import { podsToDelete } from './util/pods-to-delete.ts';
import { selectorMatcher } from './util/selector-matcher.ts';
import { slowStartBatch } from './util/slow-start-batch.ts';
import {
  addWorkloadIndexes,
  controllerUidIndex,
  namespaceIndex,
  orphanNamespaceIndex,
} from './util/workload-indexes.ts';

/** The spec.managedBy value of Jobs this controller reconciles (batch.JobControllerName). */
const jobControllerName = 'kubernetes.io/job-controller';
/** Most pods one sync creates or deletes (MaxPodCreateDeletePerSync). */
const maxPodCreateDeletePerSync = 500;
/** Work-queue keys of pods whose tracking finalizer may need removing: `pod:<ns>/<name>`. */
const orphanPodPrefix = 'pod:';

function messageOf(err: unknown): string {
  if ((err as Partial<StatusError>)?.status?.message) return (err as StatusError).status.message!;
  return err instanceof Error ? err.message : String(err);
}

function inTerminatingNamespace(err: unknown): boolean {
  const causes = (err as Partial<StatusError>)?.status?.details?.causes ?? [];
  return causes.some((c) => c.reason === 'NamespaceTerminating');
}

const isSuspended = (job: Job): boolean => job.spec.suspend === true;
const isIndexed = (job: Job): boolean => job.spec.completionMode === 'Indexed';

/**
 * The Job controller (`job-controller`): runs each Job's pods to completion. It keeps up to
 * `parallelism` pods active until `completions` succeed (or, without completions, until one
 * does), gives Indexed Jobs one pod per pending index, replaces failed pods after an
 * exponential back-off, counts finished pods through the `batch.kubernetes.io/job-tracking`
 * finalizer and `status.uncountedTerminatedPods` so none is counted twice or lost, fails the
 * Job past `backoffLimit` or `activeDeadlineSeconds` or on a pod failure policy's FailJob rule
 * (FailureTarget, then Failed once its pods are gone), completes it (SuccessCriteriaMet, then Complete), deletes pods of a suspended Job
 * and resets its start time on resume, and records Kubernetes' events.
 */
export class JobController implements Controller {
  readonly name = 'job-controller';
  readonly workers = 5;
  private context!: ControllerContext;
  private timing!: JobTiming;
  private jobs!: Informer<Job>;
  private pods!: Informer<Pod>;
  private expectations!: ControllerExpectations;
  private readonly finalizerExpectations = new FinalizerExpectations();
  private readonly backoffRecords = new Map<string, BackoffRecord>();

  setup(context: ControllerContext): void {
    this.context = context;
    this.timing = jobTiming(context.timing);
    this.expectations = new ControllerExpectations(context.clock);
    this.jobs = context.informers.for<Job>(jobsResource);
    this.pods = context.informers.for<Pod>(podsResource);
    addWorkloadIndexes(this.jobs);
    addWorkloadIndexes(this.pods);
    this.jobs.addEventHandler({
      add: (job) => this.context.queue.add(objectKey(job)),
      update: (old, cur) => this.jobUpdated(old, cur),
      delete: (job) => this.jobDeleted(job),
    });
    this.pods.addEventHandler({
      add: (pod) => this.podAdded(pod),
      update: (old, cur) => this.podUpdated(old, cur),
      delete: (pod) => this.podDeleted(pod, true),
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (key.startsWith(orphanPodPrefix))
      return this.syncOrphanPod(key.slice(orphanPodPrefix.length));
    return this.syncJob(key);
  }

  // ---- syncJob ----------------------------------------------------------------------------

  private async syncJob(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.jobs.get(namespace, name);
    if (!cached) {
      this.expectations.delete(key);
      this.finalizerExpectations.delete(key);
      this.backoffRecords.delete(key);
      return;
    }
    // A Job another controller manages (spec.managedBy) is left to it.
    const managedBy = cached.spec.managedBy;
    if (managedBy !== undefined && managedBy !== jobControllerName) return;
    if (isJobFinished(cached)) {
      this.backoffRecords.delete(key);
      return;
    }
    const mode = cached.spec.completionMode;
    if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
      void this.context.events.record(
        cached,
        'Warning',
        'UnknownCompletionMode',
        'Skipped Job sync because completion mode is unknown',
      );
      return;
    }
    // Never modify the cache's objects: the sync works on a copy.
    const job = structuredClone(cached);
    const status = (job.status ??= {});
    status.uncountedTerminatedPods ??= {};
    const now = this.context.clock.now();

    // Expectations first: a pod created after this check waits for the next sync.
    const satisfied = this.expectations.satisfied(key);
    const pods = await this.podsForJob(job);
    const activePods = pods.filter(isPodActive);
    const expectedRm = this.finalizerExpectations.expected(key);
    const sync: JobSync = {
      key,
      job,
      pods,
      activePods,
      succeeded: 0,
      failed: 0,
      prevSucceededIndexes: [],
      succeededIndexes: [],
      newBackoffRecord: { failuresAfterLastSuccess: 0 },
      expectedRmFinalizers: expectedRm,
      uncountedSucceeded: new Set(status.uncountedTerminatedPods.succeeded ?? []),
      uncountedFailed: new Set(status.uncountedTerminatedPods.failed ?? []),
      terminating: countTerminating(pods),
      ready: activePods.filter(isPodReady).length,
    };
    let active = activePods.length;
    const counted = (p: Pod, uncounted: ReadonlySet<string>) =>
      hasTrackingFinalizer(p) &&
      !uncounted.has(p.metadata.uid ?? '') &&
      !expectedRm.has(p.metadata.uid ?? '') &&
      (!isIndexed(job) || validIndex(job, p));
    const newSucceeded = pods.filter(
      (p) => counted(p, sync.uncountedSucceeded) && p.status?.phase === 'Succeeded',
    );
    const newFailed = pods.filter((p) => counted(p, sync.uncountedFailed) && isPodFailed(p, job));
    sync.succeeded = (status.succeeded ?? 0) + newSucceeded.length + sync.uncountedSucceeded.size;
    // Failures the pod failure policy ignores do not count against backoffLimit.
    const countedFailed = newFailed.filter((p) => matchPodFailurePolicy(job, p).countFailed);
    sync.failed = (status.failed ?? 0) + countedFailed.length + sync.uncountedFailed.size;

    // Job first start. Set StartTime only if the job is not in the suspended state.
    if (!status.startTime && !isSuspended(job)) status.startTime = rfc3339(now);
    sync.newBackoffRecord = nextBackoffRecord(
      this.backoffRecords.get(key),
      newSucceeded,
      newFailed,
    );

    // The terminal state, in upstream's order: an interim condition from an earlier sync
    // first, then failure (back-off limit, deadline), then success.
    const successMet = jobCondition(job, 'SuccessCriteriaMet');
    if (successMet?.status === 'True') sync.finishedCondition = successMet;
    if (!sync.finishedCondition) {
      const target = jobCondition(job, 'FailureTarget');
      if (target?.status === 'True') {
        sync.finishedCondition = newJobCondition(
          'Failed',
          'True',
          target.reason ?? '',
          target.message ?? '',
          now,
        );
      } else {
        const message = failJobMessage(job, pods);
        if (message !== undefined) {
          sync.finishedCondition = newJobCondition(
            'FailureTarget',
            'True',
            'PodFailurePolicy',
            message,
            now,
          );
        }
      }
    }
    if (!sync.finishedCondition) {
      const backoffLimit = job.spec.backoffLimit ?? 6;
      if (sync.failed > backoffLimit || pastBackoffLimitOnFailure(job, pods)) {
        sync.finishedCondition = newJobCondition(
          'FailureTarget',
          'True',
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
          now,
        );
      } else if (this.pastActiveDeadline(job, now)) {
        sync.finishedCondition = newJobCondition(
          'FailureTarget',
          'True',
          'DeadlineExceeded',
          'Job was active longer than specified deadline',
          now,
        );
      } else if (job.spec.activeDeadlineSeconds !== undefined && !isSuspended(job)) {
        const deadline =
          Date.parse(status.startTime!) +
          job.spec.activeDeadlineSeconds * this.timing.declaredSecond;
        this.context.queue.addAfter(key, deadline - now);
      }
    }
    if (isIndexed(job)) {
      const completions = job.spec.completions ?? 0;
      sync.prevSucceededIndexes = parseIndexes(status.completedIndexes, completions);
      const newIndexes = pods
        .filter((p) => p.status?.phase === 'Succeeded' && hasTrackingFinalizer(p))
        .map(completionIndexOf)
        .filter((ix) => ix >= 0 && ix < completions)
        .sort((a, b) => a - b);
      sync.succeededIndexes = withIndexes(sync.prevSucceededIndexes, newIndexes);
      sync.succeeded = intervalsTotal(sync.succeededIndexes);
    }

    let manageError: unknown;
    let suspendChanged = false;
    if (sync.finishedCondition) {
      const { deleted, deletedReady, error } = await this.deleteActivePods(job, activePods);
      // Not finished yet while pods or finalizers may remain that the cache has not shown.
      if (deleted !== active || !satisfied) sync.finishedCondition = undefined;
      active -= deleted;
      sync.terminating += deleted;
      sync.ready -= deletedReady;
      manageError = error;
    } else {
      let managed = false;
      if (satisfied && !job.metadata.deletionTimestamp) {
        try {
          active = await this.manageJob(sync);
        } catch (err) {
          manageError = err;
          active = sync.activePods.length;
        }
        managed = true;
      }
      const completions = job.spec.completions;
      const complete =
        completions === undefined
          ? sync.succeeded > 0 && active === 0
          : sync.succeeded >= completions && active === 0;
      if (complete) {
        sync.finishedCondition = newJobCondition(
          'SuccessCriteriaMet',
          'True',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          now,
        );
      } else if (managed) {
        suspendChanged = this.updateSuspendedCondition(job, now);
      }
    }

    const needsStatusUpdate =
      suspendChanged ||
      active !== (status.active ?? 0) ||
      sync.ready !== status.ready ||
      sync.terminating !== status.terminating;
    status.active = active;
    status.ready = sync.ready;
    status.terminating = sync.terminating;
    const tracked = await trackJobStatus(
      {
        client: this.context.client,
        events: this.context.events,
        now,
        finalizerExpectations: this.finalizerExpectations,
        saveBackoff: (record) => this.backoffRecords.set(key, record),
      },
      sync,
      needsStatusUpdate,
    );
    if (tracked.finished) this.backoffRecords.delete(key);
    if (manageError !== undefined) throw manageError;
  }

  /** The Suspended condition and its events; resuming restarts the active deadline clock. */
  private updateSuspendedCondition(job: Job, now: number): boolean {
    const status = job.status!;
    const { events } = this.context;
    if (isSuspended(job)) {
      const r = ensureJobCondition(
        status.conditions ?? [],
        'Suspended',
        'True',
        'JobSuspended',
        'Job suspended',
        now,
      );
      status.conditions = r.conditions;
      if (r.changed) void events.record(job, 'Normal', 'Suspended', 'Job suspended');
      return r.changed;
    }
    const r = ensureJobCondition(
      status.conditions ?? [],
      'Suspended',
      'False',
      'JobResumed',
      'Job resumed',
      now,
    );
    status.conditions = r.conditions;
    if (r.changed) {
      void events.record(job, 'Normal', 'Resumed', 'Job resumed');
      // activeDeadlineSeconds counts continuous activity: it starts again from the resume.
      status.startTime = rfc3339(now);
    }
    return r.changed;
  }

  private pastActiveDeadline(job: Job, now: number): boolean {
    const seconds = job.spec.activeDeadlineSeconds;
    const start = job.status?.startTime;
    if (seconds === undefined || !start || isSuspended(job)) return false;
    return now - Date.parse(start) >= seconds * this.timing.declaredSecond;
  }

  /**
   * manageJob: deletes every active pod of a suspended Job; otherwise deletes pods beyond the
   * wanted number (and duplicate indexes), or creates the missing ones once the failure
   * back-off allows. Returns the active count it leaves.
   */
  private async manageJob(sync: JobSync): Promise<number> {
    const { job, key } = sync;
    const active = sync.activePods.length;
    if (isSuspended(job)) {
      const { deleted, deletedReady, error } = await this.deleteJobPods(key, job, sync.activePods);
      sync.terminating += deleted;
      sync.ready -= deletedReady;
      if (error !== undefined) throw error;
      return active - deleted;
    }
    const parallelism = job.spec.parallelism ?? 1;
    const completions = job.spec.completions;
    let wantActive: number;
    if (completions === undefined) {
      // Once any pod succeeded, leave whatever runs alone and start nothing new.
      wantActive = sync.succeeded > 0 ? active : parallelism;
    } else {
      wantActive = Math.max(0, Math.min(completions - sync.succeeded, parallelism));
    }
    const victims = activePodsForRemoval(
      job,
      sync.activePods,
      Math.max(0, active - wantActive),
      this.context.clock.now(),
    ).slice(0, maxPodCreateDeletePerSync);
    if (victims.length > 0) {
      // Deleting and creating in one sync is never done: deletion goes first.
      const { deleted, deletedReady, error } = await this.deleteJobPods(key, job, victims);
      sync.terminating += deleted;
      sync.ready -= deletedReady;
      if (error !== undefined) throw error;
      return active - deleted;
    }
    const terminating = onlyReplaceFailedPods(job) ? sync.terminating : 0;
    let diff = wantActive - terminating - active;
    if (diff <= 0) return active;
    const remaining = backoffRemaining(
      sync.newBackoffRecord,
      this.context.clock.now(),
      this.timing.podFailureBackOff,
      this.timing.maxPodFailureBackOff,
    );
    if (remaining > 0) {
      this.context.queue.addAfter(key, Math.max(remaining, this.timing.syncBatchPeriod));
      return active;
    }
    diff = Math.min(diff, maxPodCreateDeletePerSync);
    let indexes: number[] = [];
    if (isIndexed(job)) {
      indexes = firstPendingIndexes(sync, diff, completions ?? 0);
      diff = indexes.length;
    }
    if (diff <= 0) return active;
    // Expect before creating: the watch may report a new pod before `create` resolves.
    this.expectations.expectCreations(key, diff);
    let next = 0;
    const { successes, error } = await slowStartBatch(diff, 1, () =>
      this.createPod(job, isIndexed(job) ? indexes[next++] : undefined),
    );
    for (let i = successes; i < diff; i++) this.expectations.creationObserved(key);
    if (error !== undefined) throw error;
    return active + successes;
  }

  private async createPod(job: Job, index?: number): Promise<void> {
    const { client, events } = this.context;
    try {
      const created = await client.create<Pod>(
        podsResource,
        job.metadata.namespace,
        podForJob(job, index),
      );
      void events.record(
        job,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${created.metadata.name}`,
      );
    } catch (err) {
      if (inTerminatingNamespace(err)) return;
      void events.record(job, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
  }

  /** deleteJobPods: removes the finalizer (the pod is not counted) then deletes the pod. */
  private async deleteJobPods(
    key: string,
    job: Job,
    victims: readonly Pod[],
  ): Promise<{ deleted: number; deletedReady: number; error?: unknown }> {
    this.expectations.expectDeletions(key, victims.map(podKey));
    let deleted = 0;
    let deletedReady = 0;
    let firstError: unknown;
    await Promise.all(
      victims.map(async (pod) => {
        try {
          await this.removeFinalizer(pod);
          await this.deletePod(job, pod);
        } catch (err) {
          this.expectations.deletionObserved(key, podKey(pod));
          if (!isNotFound(err)) {
            firstError ??= err;
            return;
          }
        }
        deleted++;
        if (isPodReady(pod)) deletedReady++;
      }),
    );
    return { deleted, deletedReady, error: firstError };
  }

  /** deleteActivePods: deletes pods of a finishing Job, keeping their finalizers to count them. */
  private async deleteActivePods(
    job: Job,
    victims: readonly Pod[],
  ): Promise<{ deleted: number; deletedReady: number; error?: unknown }> {
    let deleted = 0;
    let deletedReady = 0;
    let firstError: unknown;
    await Promise.all(
      victims.map(async (pod) => {
        try {
          await this.deletePod(job, pod);
        } catch (err) {
          if (!isNotFound(err)) {
            firstError ??= err;
            return;
          }
        }
        deleted++;
        if (isPodReady(pod)) deletedReady++;
      }),
    );
    return { deleted, deletedReady, error: firstError };
  }

  private async deletePod(job: Job, pod: Pod): Promise<void> {
    const { client, events } = this.context;
    try {
      await client.delete(podsResource, pod.metadata.namespace, pod.metadata.name ?? '');
      void events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      if (!isNotFound(err)) {
        void events.record(job, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
      }
      throw err;
    }
  }

  private async removeFinalizer(pod: Pod): Promise<void> {
    if (!hasTrackingFinalizer(pod)) return;
    await this.context.client.patch(
      podsResource,
      pod.metadata.namespace,
      pod.metadata.name ?? '',
      { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [jobTrackingFinalizer] } },
      'strategic',
    );
  }

  /**
   * getPodsForJob: the Job's pods by controller reference, plus orphans its selector adopts
   * (given the tracking finalizer, as upstream's adoption patch adds it).
   */
  private async podsForJob(job: Job): Promise<Pod[]> {
    const matcher = selectorMatcher(job.spec.selector);
    if (!matcher) return [];
    const candidates = [
      ...this.pods.byIndex(controllerUidIndex, job.metadata.uid ?? ''),
      ...this.pods.byIndex(orphanNamespaceIndex, job.metadata.namespace ?? ''),
    ];
    const { claimed, error } = await claimObjects(candidates, {
      client: this.context.client,
      owner: job,
      ownerInfo: jobsResource,
      info: podsResource,
      match: (pod) => matcher(pod.metadata.labels),
    });
    if (error !== undefined) throw error;
    const adopted: Pod[] = [];
    const result = claimed.map((pod) => {
      if (controllerRefOf(pod)?.uid === job.metadata.uid || hasTrackingFinalizer(pod)) return pod;
      adopted.push(pod);
      return {
        ...pod,
        metadata: {
          ...pod.metadata,
          finalizers: [...(pod.metadata.finalizers ?? []), jobTrackingFinalizer],
        },
      };
    });
    await Promise.all(
      adopted.map((pod) =>
        this.context.client
          .patch(podsResource, pod.metadata.namespace, pod.metadata.name ?? '', {
            metadata: { finalizers: [...(pod.metadata.finalizers ?? []), jobTrackingFinalizer] },
          })
          .catch((err) => {
            if (!isNotFound(err)) throw err;
          }),
      ),
    );
    return result;
  }

  // ---- orphan pods ------------------------------------------------------------------------

  /** handleSingleOrphanPod: a finished or gone Job's pod loses the tracking finalizer. */
  private async syncOrphanPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.get(namespace, name);
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const ref = controllerRefOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolve(namespace, ref);
      const managedBy = job?.spec.managedBy;
      if (managedBy !== undefined && managedBy !== jobControllerName) return;
      // Still adopted by a running Job: the Job's own sync deals with it.
      if (job && !isJobFinished(job)) return;
    }
    try {
      await this.removeFinalizer(pod);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private enqueueOrphanPod(pod: Pod): void {
    this.context.queue.add(`${orphanPodPrefix}${objectKey(pod)}`);
  }

  /** The pods of a finished or deleted Job that still carry the finalizer. */
  private enqueueOrphansOf(job: Job): void {
    for (const pod of this.pods.byIndex(controllerUidIndex, job.metadata.uid ?? '')) {
      if (hasTrackingFinalizer(pod)) this.enqueueOrphanPod(pod);
    }
  }

  // ---- event handlers ---------------------------------------------------------------------

  private enqueueBatched(job: Job): void {
    this.context.queue.addAfter(objectKey(job), this.timing.syncBatchPeriod);
  }

  private jobUpdated(old: Job, cur: Job): void {
    if (isJobFinished(cur)) {
      this.enqueueOrphansOf(cur);
      return;
    }
    if (cur.metadata.generation === old.metadata.generation) this.enqueueBatched(cur);
    else this.context.queue.add(objectKey(cur));
    const start = cur.status?.startTime;
    const ads = cur.spec.activeDeadlineSeconds;
    if (start && ads !== undefined && ads !== old.spec.activeDeadlineSeconds) {
      const total = ads * this.timing.declaredSecond;
      const passed = this.context.clock.now() - Date.parse(start);
      this.context.queue.addAfter(objectKey(cur), total - passed);
    }
  }

  private jobDeleted(job: Job): void {
    this.context.queue.add(objectKey(job));
    this.enqueueOrphansOf(job);
    this.backoffRecords.delete(objectKey(job));
  }

  /** The Job a controller reference points to, if it is in the cache with that uid. */
  private resolve(namespace: string | undefined, ref: OwnerReference): Job | undefined {
    if (ref.kind !== 'Job') return undefined;
    const job = this.jobs.get(namespace, ref.name);
    return job?.metadata.uid === ref.uid ? job : undefined;
  }

  /** Jobs in the pod's namespace whose selector matches it: candidates to adopt an orphan. */
  private enqueueSelecting(pod: Pod): void {
    for (const job of this.jobs.byIndex(namespaceIndex, pod.metadata.namespace ?? '')) {
      const matcher = selectorMatcher(job.spec.selector);
      if (matcher?.(pod.metadata.labels)) this.enqueueBatched(job);
    }
  }

  private podAdded(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      // A pod first seen while being deleted counts as a deletion, not a creation.
      this.podDeleted(pod, false);
      return;
    }
    const ref = controllerRefOf(pod);
    if (ref) {
      const job = this.resolve(pod.metadata.namespace, ref);
      if (!job) return;
      this.expectations.creationObserved(objectKey(job));
      this.enqueueBatched(job);
      return;
    }
    if (hasTrackingFinalizer(pod)) this.enqueueOrphanPod(pod);
    this.enqueueSelecting(pod);
  }

  private podUpdated(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp) {
      this.podDeleted(cur, false);
      return;
    }
    const finalizerRemoved = !hasTrackingFinalizer(cur);
    const curRef = controllerRefOf(cur);
    const oldRef = controllerRefOf(old);
    const refChanged = JSON.stringify(curRef ?? null) !== JSON.stringify(oldRef ?? null);
    if (refChanged && oldRef) {
      const job = this.resolve(old.metadata.namespace, oldRef);
      if (job) {
        if (finalizerRemoved)
          this.finalizerExpectations.observed(objectKey(job), cur.metadata.uid ?? '');
        this.enqueueBatched(job);
      }
    }
    if (curRef) {
      const job = this.resolve(cur.metadata.namespace, curRef);
      if (!job) return;
      if (finalizerRemoved)
        this.finalizerExpectations.observed(objectKey(job), cur.metadata.uid ?? '');
      this.enqueueBatched(job);
      return;
    }
    if (hasTrackingFinalizer(cur)) this.enqueueOrphanPod(cur);
    const labelsChanged =
      JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (labelsChanged || refChanged) this.enqueueSelecting(cur);
  }

  /** `final` is the watch's DELETED event; otherwise the pod was just marked for deletion. */
  private podDeleted(pod: Pod, final: boolean): void {
    const ref = controllerRefOf(pod);
    const finalizer = hasTrackingFinalizer(pod);
    if (!ref) {
      if (finalizer) this.enqueueOrphanPod(pod);
      return;
    }
    const job = this.resolve(pod.metadata.namespace, ref);
    if (!job || isJobFinished(job)) {
      if (finalizer) this.enqueueOrphanPod(pod);
      return;
    }
    const key = objectKey(job);
    this.expectations.deletionObserved(key, podKey(pod));
    if (final || !finalizer) this.finalizerExpectations.observed(key, pod.metadata.uid ?? '');
    this.enqueueBatched(job);
  }
}

/** getFailJobMessage: the message of the first failed pod a FailJob rule matches. */
function failJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (!job.spec.podFailurePolicy) return undefined;
  for (const pod of pods) {
    if (!isPodFailed(pod, job)) continue;
    const message = matchPodFailurePolicy(job, pod).failJobMessage;
    if (message !== undefined) return message;
  }
  return undefined;
}

/** An Indexed Job's pod with an index below completions. */
function validIndex(job: Job, pod: Pod): boolean {
  const ix = completionIndexOf(pod);
  return ix >= 0 && ix < (job.spec.completions ?? 0);
}

/**
 * pastBackoffLimitOnFailure: with restartPolicy OnFailure failed containers restart in place,
 * so their restarts count as retries (any restart when the limit is 0).
 */
function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec.template.spec.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ]) {
      restarts += s.restartCount ?? 0;
    }
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/**
 * activePodsForRemoval: for Indexed Jobs first the pods with an invalid index or a duplicate
 * of another active pod's index, then more as needed in Kubernetes' deletion order.
 */
function activePodsForRemoval(job: Job, active: Pod[], atLeast: number, now: number): Pod[] {
  const remove: Pod[] = [];
  let left = active;
  if (isIndexed(job)) {
    left = [];
    const byIndex = new Map<number, Pod[]>();
    for (const pod of active) {
      if (!validIndex(job, pod)) remove.push(pod);
      else
        byIndex.set(completionIndexOf(pod), [...(byIndex.get(completionIndexOf(pod)) ?? []), pod]);
    }
    for (const group of byIndex.values()) {
      if (group.length === 1) {
        left.push(group[0]);
        continue;
      }
      // Keep the pod furthest along; the others go.
      const ordered = podsToDelete(group, [], group.length, now);
      remove.push(...ordered.slice(0, -1));
      left.push(ordered[ordered.length - 1]);
    }
  }
  if (remove.length < atLeast) remove.push(...podsToDelete(left, [], atLeast - remove.length, now));
  return remove;
}

/** firstPendingIndexes: the lowest indexes neither succeeded nor held by an active pod. */
function firstPendingIndexes(sync: JobSync, count: number, completions: number): number[] {
  const taken = new Set(sync.activePods.map(completionIndexOf));
  const out: number[] = [];
  for (let ix = 0; ix < completions && out.length < count; ix++) {
    if (!taken.has(ix) && !intervalsHas(sync.succeededIndexes, ix)) out.push(ix);
  }
  return out;
}
