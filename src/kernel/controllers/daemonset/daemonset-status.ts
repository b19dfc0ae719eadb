import type { Node, Pod } from '../../types/core.ts';
import type { DaemonSet, DaemonSetStatus } from '../../types/daemonset.ts';
import { isPodAvailable, isPodReady } from '../util/pod-readiness.ts';
import { byCreationAndPhase, isPodUpdated, templateGeneration } from './daemon-pod-template.ts';
import { nodeShouldRunDaemonPod } from './node-should-run.ts';

/** The counts of a DaemonSet's status (the generation is the caller's). */
export type DaemonSetCounts = Omit<
  DaemonSetStatus,
  'observedGeneration' | 'collisionCount' | 'conditions'
>;

/**
 * updateDaemonSetStatus's counts: nodes that should run the pod, those that have one (its
 * oldest pod decides ready, available and up to date), and those that have one but should not.
 */
export function daemonSetCounts(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToDaemonPods: ReadonlyMap<string, readonly Pod[]>,
  hash: string,
  now: number,
): Required<DaemonSetCounts> {
  const counts = {
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    desiredNumberScheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
  const generation = templateGeneration(ds);
  for (const node of nodes) {
    const pods = nodeToDaemonPods.get(node.metadata.name ?? '') ?? [];
    const scheduled = pods.length > 0;
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (scheduled) counts.numberMisscheduled++;
      continue;
    }
    counts.desiredNumberScheduled++;
    if (!scheduled) continue;
    counts.currentNumberScheduled++;
    const pod = [...pods].sort(byCreationAndPhase)[0];
    if (isPodReady(pod)) {
      counts.numberReady++;
      if (isPodAvailable(pod, ds.spec.minReadySeconds ?? 0, now)) counts.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, generation)) counts.updatedNumberScheduled++;
  }
  counts.numberUnavailable = counts.desiredNumberScheduled - counts.numberAvailable;
  return counts;
}
