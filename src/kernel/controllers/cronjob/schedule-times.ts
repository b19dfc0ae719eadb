/**
 * When a CronJob should run (pkg/controller/cronjob/utils.go): the most recent scheduled time
 * that has passed and not yet been acted on, and how long to wait for the next one.
 */
import type { CronJob } from '../../types/batch.ts';
import type { CronSchedule } from '../../util/cron-schedule.ts';

/** The controller wakes this long after a scheduled time (nextScheduleDelta), against clock skew. */
export const nextScheduleDelta = 100;

/** More missed schedules than this are reported as too many (a wedged controller or a bad clock). */
const tooManyMissed = 100;

export interface MostRecent {
  /** The last schedule time, or the CronJob's creation (ms). */
  earliest: number;
  /** The latest scheduled time at or before now since `earliest`, if any. */
  mostRecent?: number;
  /** True when more than 100 schedules were missed. */
  manyMissed: boolean;
  /** A schedule that is grammatically fine but never fires (such as `0 0 31 2 *`). */
  error?: string;
}

const parseTime = (text: string | undefined): number => {
  const ms = text ? Date.parse(text) : NaN;
  return Number.isFinite(ms) ? ms : 0;
};

/**
 * mostRecentScheduleTime. With `withStartingDeadline`, schedules older than
 * startingDeadlineSeconds before `now` are not considered.
 */
export function mostRecentScheduleTime(
  cj: CronJob,
  now: number,
  schedule: CronSchedule,
  withStartingDeadline: boolean,
): MostRecent {
  let earliest = parseTime(cj.metadata.creationTimestamp);
  if (cj.status?.lastScheduleTime) earliest = parseTime(cj.status.lastScheduleTime);
  const deadline = cj.spec.startingDeadlineSeconds;
  if (withStartingDeadline && deadline !== undefined && deadline !== null) {
    // Nothing older than this is going to be scheduled.
    earliest = Math.max(earliest, now - deadline * 1000);
  }
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && now < t1) return { earliest, manyMissed: false };
  if (t1 !== undefined && t2 !== undefined && now < t2) {
    return { earliest, mostRecent: t1, manyMissed: false };
  }
  const between = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (between < 1) {
    return {
      earliest,
      manyMissed: false,
      error: 'time difference between two schedules is less than 1 second',
    };
  }
  // A rough count of the schedules that fit between the first missed one and now.
  const elapsed = Math.trunc((now - t1!) / 1000);
  const missed = Math.trunc(elapsed / between) + 1;
  // Start one interval early and let the schedule find the exact times, which matters for
  // irregular schedules such as `30 6-16/4 * * 1-5`.
  const from = t1! + (missed - 2) * between * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(from); t !== undefined && t <= now; t = schedule.next(t)) {
    mostRecent = t;
  }
  return { earliest, mostRecent, manyMissed: missed > tooManyMissed };
}

/**
 * nextScheduleTimeDuration: how long until the first schedule after the most recent one, plus
 * nextScheduleDelta; undefined when the schedule never fires again.
 */
export function nextScheduleDelay(
  cj: CronJob,
  now: number,
  schedule: CronSchedule,
): number | undefined {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  const from = r.error ? now : (r.mostRecent ?? r.earliest);
  const next = schedule.next(from);
  return next === undefined ? undefined : next + nextScheduleDelta - now;
}
