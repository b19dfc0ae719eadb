/**
 * How the StatefulSet controller reads a pod (stateful_set_utils.go): created (the API gave
 * it a phase), running and ready, available for minReadySeconds, terminating, finished; and
 * the replica counts a set's status reports.
 */
import type { Pod } from '../../types/core.ts';
import type { ControllerRevision, StatefulSetStatus } from '../../types/statefulset.ts';
import { isPodAvailable, isPodReady } from '../util/pod-readiness.ts';
import { podRevision } from './stateful-pod-identity.ts';

/** isCreated: a pod the API server has stored (it has a phase). */
export const isCreated = (pod: Pod): boolean => !!pod.status?.phase;

export const isTerminating = (pod: Pod): boolean => !!pod.metadata.deletionTimestamp;

export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';

export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';

export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';

/** isRunningAndReady: phase Running and the Ready condition true. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** isRunningAndAvailable: running, ready, and ready for minReadySeconds. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return isRunningAndReady(pod) && isPodAvailable(pod, minReadySeconds, now);
}

/** isUnavailable: not available, or terminating. */
export function isUnavailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return !isPodAvailable(pod, minReadySeconds, now) || isTerminating(pod);
}

/** The counts of updateStatus, over several lists of pods. */
export type ReplicaCounts = Pick<
  StatefulSetStatus,
  'replicas' | 'readyReplicas' | 'availableReplicas' | 'currentReplicas' | 'updatedReplicas'
>;

/** computeReplicaStatus summed over `lists`. */
export function replicaCounts(
  lists: readonly (readonly Pod[])[],
  minReadySeconds: number,
  current: ControllerRevision,
  update: ControllerRevision,
  now: number,
): Required<ReplicaCounts> {
  const counts = {
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
  };
  for (const pods of lists) {
    for (const pod of pods) {
      if (isCreated(pod)) counts.replicas++;
      if (isRunningAndReady(pod)) {
        counts.readyReplicas++;
        if (isRunningAndAvailable(pod, minReadySeconds, now)) counts.availableReplicas++;
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        const revision = podRevision(pod);
        if (revision === current.metadata.name) counts.currentReplicas++;
        if (revision === update.metadata.name) counts.updatedReplicas++;
      }
    }
  }
  return counts;
}
