import type { Node, Pod } from '../../types/core.ts';
import type { DaemonSet } from '../../types/daemonset.ts';
import { scaledValue } from '../deployment/fenceposts.ts';
import { isPodAvailable } from '../util/pod-readiness.ts';
import { isPodUpdated, templateGeneration } from './daemon-pod-template.ts';
import { nodeShouldRunDaemonPod } from './node-should-run.ts';

function rollingUpdateOf(ds: DaemonSet) {
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return undefined;
  return ds.spec.updateStrategy?.rollingUpdate;
}

/** SurgeCount: nodes that may run an old and a new pod at once, rounded up. */
export function surgeCount(ds: DaemonSet, numberToSchedule: number): number {
  const ru = rollingUpdateOf(ds);
  if (ru?.maxSurge === undefined) return 0;
  return scaledValue(ru.maxSurge, numberToSchedule, true);
}

/** UnavailableCount: nodes whose daemon pod may be unavailable, rounded up. */
export function unavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  const ru = rollingUpdateOf(ds);
  if (!ru) return 0;
  return scaledValue(ru.maxUnavailable ?? 1, numberToSchedule, true);
}

/** AllowsSurge: the update may put a new pod next to an old one. */
export function allowsSurge(ds: DaemonSet): boolean {
  return surgeCount(ds, 1) !== 0;
}

/**
 * findUpdatedPodsOnNode: the node's live new pod and old pod, or `ok: false` when it has more
 * than one of either (the manage loop prunes those first).
 */
export function findUpdatedPodsOnNode(
  ds: DaemonSet,
  pods: readonly Pod[],
  hash: string,
): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  const generation = templateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

/** What one rolling update step asks for: old pods to delete and nodes to create new pods on. */
export interface RollingUpdatePlan {
  podsToDelete: string[];
  nodesToCreate: string[];
}

/**
 * rollingUpdate's plan. Without surge, out-of-date pods are deleted (the manage loop then
 * creates new ones) while fewer than maxUnavailable nodes lack an available pod; unavailable
 * old pods may always go. With surge, a new pod is created next to an old one on up to
 * maxSurge nodes, and the old one deleted once the new one is available; a node whose old pod
 * is unavailable gets its new pod at once. `nodeToDaemonPods` must list every node that should
 * run the pod (with no pods if it has none).
 */
export function rollingUpdatePlan(
  ds: DaemonSet,
  nodes: ReadonlyMap<string, Node>,
  nodeToDaemonPods: ReadonlyMap<string, readonly Pod[]>,
  hash: string,
  now: number,
): RollingUpdatePlan {
  const minReadySeconds = ds.spec.minReadySeconds ?? 0;
  const available = (pod: Pod) => isPodAvailable(pod, minReadySeconds, now);
  let desired = 0;
  for (const node of nodes.values()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) desired++;
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  // An impossible configuration (both 0) falls back to one unavailable node.
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowedReplacements: string[] = [];
    const candidates: string[] = [];
    for (const pods of nodeToDaemonPods.values()) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, pods, hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
        numUnavailable++;
      } else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod && !available(oldPod)) {
        allowedReplacements.push(oldPod.metadata.name ?? '');
        numUnavailable++;
      } else if (oldPod && numUnavailable < maxUnavailable) {
        candidates.push(oldPod.metadata.name ?? '');
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return {
      podsToDelete: [...allowedReplacements, ...candidates.slice(0, remaining)],
      nodesToCreate: [],
    };
  }

  const oldPodsToDelete: string[] = [];
  const shouldNotRunPodsToDelete: Pod[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const [nodeName, pods] of nodeToDaemonPods) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, pods, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod ? available(oldPod) : newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      const node = nodes.get(nodeName);
      if (!node) {
        throw new Error(
          `couldn't get node for nodeName "${nodeName}": node "${nodeName}" not found`,
        );
      }
      const shouldRun = nodeShouldRunDaemonPod(node, ds).shouldRun;
      if (!available(oldPod)) {
        if (!shouldRun) oldPodsToDelete.push(oldPod.metadata.name ?? '');
        else allowedNewNodes.push(nodeName);
      } else if (!shouldRun) {
        shouldNotRunPodsToDelete.push(oldPod);
      } else if (numSurge < maxSurge) {
        candidateNewNodes.push(nodeName);
      }
      continue;
    }
    if (!available(newPod)) {
      numSurge++;
      continue;
    }
    oldPodsToDelete.push(oldPod.metadata.name ?? '');
  }
  // With surge the owner expects full availability: a pod on a node that no longer qualifies
  // goes only once enough pods elsewhere are available.
  const deletable = Math.min(numAvailable - desired, shouldNotRunPodsToDelete.length);
  for (const pod of shouldNotRunPodsToDelete.slice(0, Math.max(0, deletable))) {
    if (!pod.metadata.deletionTimestamp) oldPodsToDelete.push(pod.metadata.name ?? '');
  }
  const remainingSurge = Math.min(Math.max(0, maxSurge - numSurge), candidateNewNodes.length);
  return {
    podsToDelete: oldPodsToDelete,
    nodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)],
  };
}
