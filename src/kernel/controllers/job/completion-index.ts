/**
 * Completion indexes of Indexed Jobs: the index a pod carries, lists of indexes such as
 * `0-2,4` as `status.completedIndexes` writes them, and the names and fields an indexed pod
 * gets.
 */
import type { Pod } from '../../types/core.ts';

/** The annotation (and label) holding a pod's completion index. */
export const completionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';
/** The environment variable giving a container its index. */
export const completionIndexEnvName = 'JOB_COMPLETION_INDEX';

/** getCompletionIndex: the pod's index, or -1 when it has none or a malformed one. */
export function completionIndexOf(pod: Pod): number {
  const text = pod.metadata.annotations?.[completionIndexAnnotation];
  if (text === undefined || !/^\d+$/.test(text)) return -1;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : -1;
}

/** Sorted, disjoint, non-adjacent closed intervals of indexes (orderedIntervals). */
export type IndexIntervals = readonly (readonly [number, number])[];

/** How many indexes the intervals hold. */
export function intervalsTotal(intervals: IndexIntervals): number {
  return intervals.reduce((n, [a, b]) => n + b - a + 1, 0);
}

export function intervalsHas(intervals: IndexIntervals, ix: number): boolean {
  return intervals.some(([a, b]) => a <= ix && ix <= b);
}

/** `0-2,4,6-7`: single indexes alone, runs of two or more as ranges. */
export function intervalsString(intervals: IndexIntervals): string {
  return intervals.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
}

/** The intervals with `indexes` (ascending) merged in. */
export function withIndexes(intervals: IndexIntervals, indexes: readonly number[]): IndexIntervals {
  const all = new Set<number>();
  for (const [a, b] of intervals) for (let i = a; i <= b; i++) all.add(i);
  for (const i of indexes) all.add(i);
  const sorted = [...all].sort((x, y) => x - y);
  const out: [number, number][] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 === i) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

/**
 * parseIndexesFromString: the intervals of a list such as `0-2,4`; malformed parts are skipped
 * and indexes at or above `completions` dropped, as the controller tolerates a list written
 * before a scale-down.
 */
export function parseIndexes(text: string | undefined, completions: number): IndexIntervals {
  if (!text) return [];
  const indexes: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let i = a; i <= Math.min(b, completions - 1); i++) indexes.push(i);
  }
  return withIndexes([], indexes);
}

/** The generateName of an indexed pod: `<job>-<index>-`, the job name cut to fit 58 characters. */
export function indexedGenerateName(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const maxGeneratedNameLength = 58;
  const prefix = jobName + suffix;
  if (prefix.length <= maxGeneratedNameLength) return prefix;
  return jobName.slice(0, maxGeneratedNameLength - suffix.length) + suffix;
}
