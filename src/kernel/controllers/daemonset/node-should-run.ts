import type { Node, Pod } from '../../types/core.ts';
import type { DaemonSet } from '../../types/daemonset.ts';
import { requiredNodeAffinity } from '../../scheduler/node-selector.ts';
import { findUntoleratedTaint } from '../../util/tolerations.ts';
import { withDaemonTolerations } from './daemon-pod-tolerations.ts';

/** Whether a node should get a daemon pod, and whether a daemon pod already there may stay. */
export interface NodeVerdict {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

/**
 * NewPod: the pod the DaemonSet would run on `nodeName`, as its predicates see it — the
 * template's spec bound to the node, with the daemon tolerations.
 */
function newDaemonPod(ds: DaemonSet, nodeName: string): Pod {
  const spec = { ...ds.spec.template.spec, nodeName };
  spec.tolerations = withDaemonTolerations(spec);
  return {
    metadata: { ...ds.spec.template.metadata, namespace: ds.metadata.namespace },
    spec,
  };
}

/**
 * NodeShouldRunDaemonPod: a node runs the daemon pod when the template names no other node,
 * the node matches the template's node selector and required node affinity, and the pod
 * tolerates every NoSchedule and NoExecute taint. A pod already on a node whose NoSchedule
 * taints it does not tolerate may continue running as long as it tolerates the NoExecute ones.
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): NodeVerdict {
  const name = node.metadata.name ?? '';
  const templateNode = ds.spec.template.spec.nodeName;
  if (templateNode && templateNode !== name)
    return { shouldRun: false, shouldContinueRunning: false };
  const pod = newDaemonPod(ds, name);
  if (!requiredNodeAffinity(pod).matches(node.metadata.labels ?? {}, name)) {
    return { shouldRun: false, shouldContinueRunning: false };
  }
  const taints = node.spec?.taints ?? [];
  const blocking = taints.filter((t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  if (!findUntoleratedTaint(blocking, pod.spec.tolerations)) {
    return { shouldRun: true, shouldContinueRunning: true };
  }
  const evicting = taints.filter((t) => t.effect === 'NoExecute');
  return {
    shouldRun: false,
    shouldContinueRunning: !findUntoleratedTaint(evicting, pod.spec.tolerations),
  };
}
