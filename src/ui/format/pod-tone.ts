/** The colour family a pod card takes, from kubectl's STATUS and the pod's readiness. */
import type { Pod } from '../../kernel/types/core.ts';

/**
 * - `ok`: running and Ready
 * - `pending`: on its way (Pending, ContainerCreating, Init:0/1, running but not ready yet)
 * - `failed`: a problem a user should look at (CrashLoopBackOff, Error, ErrImagePull,
 *   ImagePullBackOff, OOMKilled, ExitCode:n, Evicted, ...)
 * - `terminating`: being deleted
 * - `completed`: finished successfully
 * - `unknown`: its node stopped reporting
 */
export type PodTone = 'ok' | 'pending' | 'failed' | 'terminating' | 'completed' | 'unknown';

/** Statuses that mean "not there yet"; any other reason a container gives means trouble. */
const progressing = new Set([
  'Pending',
  'ContainerCreating',
  'PodInitializing',
  'SchedulingGated',
  'NotReady',
]);

/** The tone for a pod whose kubectl STATUS is `status`. */
export function podTone(pod: Pod, status: string): PodTone {
  if (status === 'Terminating') return 'terminating';
  if (status === 'Unknown') return 'unknown';
  if (status === 'Completed' || status === 'Succeeded') return 'completed';
  if (status === 'Running') {
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    return ready ? 'ok' : 'pending';
  }
  if (progressing.has(status) || /^Init:\d+\/\d+$/.test(status)) return 'pending';
  return 'failed';
}
