import { isAlreadyExists, isNotFound, type StatusError } from '../api/errors.ts';
import { cronjobs as cronjobsResource, jobs as jobsResource } from '../api/resources.ts';
import { referenceTo } from '../client/event-recorder.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import { rfc3339 } from '../clock/clock.ts';
import type { CronJob, CronJobStatus, Job } from '../types/batch.ts';
import type { OwnerReference } from '../types/meta.ts';
import { parseCronSchedule, type CronSchedule } from '../util/cron-schedule.ts';
import { loadLocationError } from '../util/time-zone.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import { jobFromCronJob, jobNameFor } from './cronjob/job-from-cronjob.ts';
import { mostRecentScheduleTime, nextScheduleDelay } from './cronjob/schedule-times.ts';
import { finishedConditionType, isJobFinished } from './job/job-conditions.ts';
import { controllerRefOf } from './util/controller-ref.ts';
import { addWorkloadIndexes, namespaceIndex } from './util/workload-indexes.ts';

function messageOf(err: unknown): string {
  if ((err as Partial<StatusError>)?.status?.message) return (err as StatusError).status.message!;
  return err instanceof Error ? err.message : String(err);
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in UTC, as the MissSchedule event prints the missed time. */
function rfc1123zUtc(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** byJobStartTime: oldest start first, unstarted last, names breaking ties. */
function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sb) return sa ? -1 : 0;
  if (!sa) return 1;
  if (sa === sb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  return Date.parse(sa) - Date.parse(sb);
}

/** The status as written: an empty active list is omitted, as Go's omitempty does. */
function encodeStatus(status: CronJobStatus): CronJobStatus {
  const out: CronJobStatus = { ...status };
  if (!out.active?.length) delete out.active;
  return out;
}

/**
 * The CronJob controller (`cronjob-controller`, ControllerV2): at each scheduled time of a
 * CronJob's cron schedule, in its time zone, creates the Job `<cronjob>-<minutes since epoch>`
 * from the Job template, unless the time was missed by more than startingDeadlineSeconds or
 * the CronJob is suspended. Forbid skips a run while one is active, Replace deletes the
 * active runs first. It tracks the running Jobs in `status.active`, records
 * lastScheduleTime and lastSuccessfulTime, deletes finished Jobs beyond the history limits,
 * and sleeps on the cluster clock until the next scheduled time.
 */
export class CronJobController implements Controller {
  readonly name = 'cronjob-controller';
  readonly workers = 5;
  private context!: ControllerContext;
  private cronJobs!: Informer<CronJob>;
  private jobs!: Informer<Job>;

  setup(context: ControllerContext): void {
    this.context = context;
    this.cronJobs = context.informers.for<CronJob>(cronjobsResource);
    this.jobs = context.informers.for<Job>(jobsResource);
    addWorkloadIndexes(this.jobs);
    this.cronJobs.addEventHandler({
      add: (cj) => context.queue.add(objectKey(cj)),
      update: (old, cur) => this.cronJobUpdated(old, cur),
      delete: (cj) => context.queue.add(objectKey(cj)),
    });
    this.jobs.addEventHandler({
      add: (job) => this.jobChanged(job),
      update: (old, cur) => {
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
        const oldRef = controllerRefOf(old);
        if (oldRef && JSON.stringify(oldRef) !== JSON.stringify(controllerRefOf(cur))) {
          this.enqueueOwner(old.metadata.namespace, oldRef);
        }
        this.jobChanged(cur);
      },
      delete: (job) => this.jobChanged(job),
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.cronJobs.get(namespace, name);
    if (!cached) return;
    // Jobs whose controller reference names this CronJob, whatever their labels now are.
    const jobs = this.jobs
      .byIndex(namespaceIndex, namespace ?? '')
      .filter((j) => controllerRefOf(j)?.name === name);
    const cj = structuredClone(cached);
    cj.status ??= {};
    const sync: SyncState = { updateStatus: await this.cleanupFinishedJobs(cj, jobs) };
    let requeueAfter: number | undefined;
    let syncError: unknown;
    try {
      requeueAfter = await this.syncCronJob(cj, jobs, sync);
    } catch (err) {
      syncError = err;
    }
    if (sync.updateStatus) {
      await this.context.client.updateStatus<CronJob>(cronjobsResource, {
        ...cj,
        status: encodeStatus(cj.status!),
      });
    }
    if (syncError !== undefined) throw syncError;
    if (requeueAfter !== undefined) return { requeueAfter };
  }

  /**
   * syncCronJob: reconciles the active list with the Jobs, then starts the run that is due.
   * Returns when to look again (undefined: not until the CronJob changes); sets
   * `sync.updateStatus` when the status changed, even when it then throws.
   */
  private async syncCronJob(
    cj: CronJob,
    jobs: readonly Job[],
    sync: SyncState,
  ): Promise<number | undefined> {
    const { events, clock, client } = this.context;
    const now = clock.now();
    const children = new Set<string>();
    for (const job of jobs) {
      const uid = job.metadata.uid ?? '';
      children.add(uid);
      const found = inActiveList(cj, uid);
      if (!found && !isJobFinished(job)) {
        const fresh = await client.get<CronJob>(
          cronjobsResource,
          cj.metadata.namespace,
          cj.metadata.name ?? '',
        );
        if (inActiveList(fresh, uid)) {
          cj.status = fresh.status ?? {};
          continue;
        }
        void events.record(
          cj,
          'Warning',
          'UnexpectedJob',
          `Saw a job that the controller did not create or forgot: ${job.metadata.name}`,
        );
      } else if (isJobFinished(job)) {
        if (found) {
          removeFromActive(cj, uid);
          void events.record(
            cj,
            'Normal',
            'SawCompletedJob',
            `Saw completed job: ${job.metadata.name}, condition: ${finishedConditionType(job)}`,
          );
          sync.updateStatus = true;
        }
        const completed = job.status?.completionTime;
        if (finishedConditionType(job) === 'Complete' && completed) {
          const last = cj.status?.lastSuccessfulTime;
          if (!last || Date.parse(completed) > Date.parse(last)) {
            cj.status!.lastSuccessfulTime = completed;
            sync.updateStatus = true;
          }
        }
      }
    }
    // An active Job that no longer exists is dropped, so the CronJob cannot stay busy forever.
    for (const ref of [...(cj.status?.active ?? [])]) {
      if (children.has(ref.uid ?? '')) continue;
      try {
        await client.get(jobsResource, ref.namespace, ref.name ?? '');
      } catch (err) {
        if (!isNotFound(err)) throw err;
        void events.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
        removeFromActive(cj, ref.uid ?? '');
        sync.updateStatus = true;
      }
    }
    if (cj.metadata.deletionTimestamp) return undefined;

    const zone = cj.spec.timeZone;
    if (zone !== undefined && zone !== null) {
      const error = loadLocationError(zone);
      if (error) {
        void events.record(
          cj,
          'Warning',
          'UnknownTimeZone',
          `invalid timeZone: "${zone}": ${error}`,
        );
        return undefined;
      }
    }
    if (cj.spec.suspend) return undefined;

    let schedule: CronSchedule;
    try {
      schedule = parseCronSchedule(this.formatSchedule(cj, true));
    } catch (err) {
      void events.record(
        cj,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${(err as Error).message}`,
      );
      return undefined;
    }
    const recent = mostRecentScheduleTime(cj, now, schedule, true);
    if (recent.mostRecent !== undefined && recent.manyMissed) {
      void events.record(
        cj,
        'Warning',
        'TooManyMissedTimes',
        'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      );
    }
    const requeueAfter = nextScheduleDelay(cj, now, schedule);
    if (recent.mostRecent === undefined) {
      if (recent.error) {
        void events.record(
          cj,
          'Warning',
          'InvalidSchedule',
          `invalid schedule: ${cj.spec.schedule} : ${recent.error}`,
        );
        return undefined;
      }
      return requeueAfter;
    }
    const scheduledTime = recent.mostRecent;
    const deadline = cj.spec.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && scheduledTime + deadline * 1000 < now) {
      void events.record(
        cj,
        'Warning',
        'MissSchedule',
        `Missed scheduled time to start a job: ${rfc1123zUtc(scheduledTime)}`,
      );
      return requeueAfter;
    }
    const jobName = jobNameFor(cj, scheduledTime);
    const lastSchedule = cj.status?.lastScheduleTime;
    if (
      (cj.status?.active ?? []).some((r) => r.name === jobName) ||
      (lastSchedule !== undefined && Date.parse(lastSchedule) === scheduledTime)
    ) {
      return requeueAfter;
    }
    if (cj.spec.concurrencyPolicy === 'Forbid' && (cj.status?.active ?? []).length > 0) {
      void events.record(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return requeueAfter;
    }
    if (cj.spec.concurrencyPolicy === 'Replace') {
      for (const ref of [...(cj.status?.active ?? [])]) {
        let job: Job;
        try {
          job = await client.get<Job>(jobsResource, ref.namespace, ref.name ?? '');
        } catch (err) {
          void events.record(cj, 'Warning', 'FailedGet', `Get job: ${messageOf(err)}`);
          throw err;
        }
        if (!(await this.deleteJob(cj, job))) {
          throw new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`);
        }
        sync.updateStatus = true;
      }
    }

    const request = jobFromCronJob(cj, scheduledTime);
    let created: Job;
    try {
      created = await client.create<Job>(jobsResource, cj.metadata.namespace, request);
      void events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
    } catch (err) {
      const causes = (err as Partial<StatusError>)?.status?.details?.causes ?? [];
      if (causes.some((c) => c.reason === 'NamespaceTerminating')) {
        throw err;
      }
      if (!isAlreadyExists(err)) {
        void events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${messageOf(err)}`);
        throw err;
      }
      // Created before, but the status update that should have followed was lost.
      const existing = await client.get<Job>(
        jobsResource,
        cj.metadata.namespace,
        request.metadata.name ?? '',
      );
      if (controllerRefOf(existing)?.uid !== cj.metadata.uid) return undefined;
      if (inActiveList(cj, existing.metadata.uid ?? '')) return undefined;
      created = existing;
    }
    const status = cj.status!;
    status.active = [
      ...(status.active ?? []),
      { ...referenceTo(created), kind: 'Job', apiVersion: 'batch/v1' },
    ];
    status.lastScheduleTime = rfc3339(scheduledTime);
    sync.updateStatus = true;
    return nextScheduleDelay(cj, now, schedule);
  }

  /**
   * The schedule as the cron parser reads it: a `TZ=` prefix kept as written (with a Warning
   * that it is unsupported), or the timeZone field turned into one.
   */
  private formatSchedule(cj: CronJob, warn: boolean): string {
    const schedule = cj.spec.schedule;
    if (schedule.includes('TZ')) {
      if (warn) {
        void this.context.events.record(
          cj,
          'Warning',
          'UnsupportedSchedule',
          `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
        );
      }
      return schedule;
    }
    const zone = cj.spec.timeZone;
    if (zone !== undefined && zone !== null && !loadLocationError(zone)) {
      return `TZ=${zone} ${schedule}`;
    }
    return schedule;
  }

  /** cleanupFinishedJobs: finished Jobs beyond the history limits go, oldest first. */
  private async cleanupFinishedJobs(cj: CronJob, jobs: readonly Job[]): Promise<boolean> {
    const successful = jobs.filter((j) => finishedConditionType(j) === 'Complete');
    const failed = jobs.filter((j) => finishedConditionType(j) === 'Failed');
    let changed = false;
    for (const [list, limit] of [
      [successful, cj.spec.successfulJobsHistoryLimit],
      [failed, cj.spec.failedJobsHistoryLimit],
    ] as const) {
      if (limit === undefined || limit === null) continue;
      const excess = list.length - limit;
      if (excess <= 0) continue;
      const oldest = [...list].sort(byStartTime).slice(0, excess);
      for (const job of oldest) if (await this.deleteJob(cj, job)) changed = true;
    }
    return changed;
  }

  /** Deletes a Job (its pods follow in the background) and drops it from the active list. */
  private async deleteJob(cj: CronJob, job: Job): Promise<boolean> {
    const { client, events } = this.context;
    try {
      await client.delete(jobsResource, job.metadata.namespace, job.metadata.name ?? '', {
        propagationPolicy: 'Background',
      });
    } catch (err) {
      void events.record(cj, 'Warning', 'FailedDelete', `Deleted job: ${messageOf(err)}`);
      return false;
    }
    removeFromActive(cj, job.metadata.uid ?? '');
    void events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    return true;
  }

  /** A schedule change requeues for the new schedule's next time; anything else at once. */
  private cronJobUpdated(old: CronJob, cur: CronJob): void {
    const key = objectKey(cur);
    if (old.spec.schedule === cur.spec.schedule && old.spec.timeZone === cur.spec.timeZone) {
      this.context.queue.add(key);
      return;
    }
    let schedule: CronSchedule;
    try {
      schedule = parseCronSchedule(this.formatSchedule(cur, false));
    } catch {
      void this.context.events.record(
        cur,
        'Warning',
        'UnParseableCronJobSchedule',
        `unparseable schedule for cronjob: ${cur.spec.schedule}`,
      );
      return;
    }
    const delay = nextScheduleDelay(cur, this.context.clock.now(), schedule);
    if (delay !== undefined) this.context.queue.addAfter(key, delay);
  }

  private enqueueOwner(namespace: string | undefined, ref: OwnerReference): void {
    if (ref.kind !== 'CronJob') return;
    const cj = this.cronJobs.get(namespace, ref.name);
    if (cj?.metadata.uid === ref.uid) this.context.queue.add(objectKey(cj));
  }

  private jobChanged(job: Job): void {
    const ref = controllerRefOf(job);
    if (ref) this.enqueueOwner(job.metadata.namespace, ref);
  }
}

/** Whether the sync changed the status, kept apart from its result so an error cannot lose it. */
interface SyncState {
  updateStatus: boolean;
}

function inActiveList(cj: CronJob, uid: string): boolean {
  return (cj.status?.active ?? []).some((r) => r.uid === uid);
}

function removeFromActive(cj: CronJob, uid: string): void {
  if (!cj.status) return;
  cj.status.active = (cj.status.active ?? []).filter((r) => r.uid !== uid);
}
