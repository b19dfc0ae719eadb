/**
 * The Job controller's delay before replacing failed pods: 10 s after the first failure since
 * the last success, doubling with each further failure up to a ceiling, counted from the
 * moment the last pod failed (backoffRecord and getRemainingTime upstream).
 */
import type { Pod } from '../../types/core.ts';

/** Failures since the last success and when the latest of them happened (ms), per Job. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

const time = (text: string | null | undefined): number | undefined => {
  const ms = text ? Date.parse(text) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

/**
 * getFinishedTime: the latest container finish when every container finished, else when the
 * pod turned not-ready, else its deletion time less the grace period, else its creation.
 */
export function podFinishedTime(pod: Pod): number {
  const statuses = pod.status?.containerStatuses ?? [];
  let latest: number | undefined;
  let allFinished = statuses.length > 0;
  for (const s of statuses) {
    const finished = time(s.state?.terminated?.finishedAt);
    if (finished === undefined) {
      allFinished = false;
      break;
    }
    latest = latest === undefined ? finished : Math.max(latest, finished);
  }
  if (allFinished && latest !== undefined) return latest;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const notReadySince = ready?.status === 'False' ? time(ready.lastTransitionTime) : undefined;
  if (notReadySince !== undefined) return notReadySince;
  const deletion = time(pod.metadata.deletionTimestamp);
  if (deletion !== undefined) {
    return deletion - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  }
  return time(pod.metadata.creationTimestamp) ?? 0;
}

/**
 * newBackoffRecord: the stored record updated with the pods that finished since: failures
 * add up, a success resets the count to the failures after it.
 */
export function nextBackoffRecord(
  previous: BackoffRecord | undefined,
  newSucceeded: readonly Pod[],
  newFailed: readonly Pod[],
): BackoffRecord {
  const record: BackoffRecord = previous
    ? { ...previous }
    : { failuresAfterLastSuccess: 0, lastFailureTime: undefined };
  const failedTimes = newFailed.map(podFinishedTime).sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    if (failedTimes.length === 0) return record;
    record.failuresAfterLastSuccess += failedTimes.length;
    record.lastFailureTime = failedTimes[failedTimes.length - 1];
    return record;
  }
  const lastSuccess = Math.max(...newSucceeded.map(podFinishedTime));
  record.failuresAfterLastSuccess = 0;
  record.lastFailureTime = undefined;
  for (let i = failedTimes.length - 1; i >= 0 && failedTimes[i] > lastSuccess; i--) {
    record.lastFailureTime ??= failedTimes[i];
    record.failuresAfterLastSuccess++;
  }
  return record;
}

/** How long from `now` until a replacement may be created (0: at once). */
export function backoffRemaining(
  record: BackoffRecord,
  now: number,
  base: number,
  max: number,
): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let delay = base;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    delay *= 2;
    if (delay >= max) {
      delay = max;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}
