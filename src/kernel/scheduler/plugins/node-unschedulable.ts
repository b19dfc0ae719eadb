import type { Taint } from '../../types/core.ts';
import {
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
} from '../framework.ts';
import { tolerationsTolerateTaint } from '../../util/tolerations.ts';
import { pluginNames } from './names.ts';

/** The NodeUnschedulable plugin's Filter reason (ErrReasonUnschedulable). */
export const nodeUnschedulableReason = 'node(s) were unschedulable';

const rejected = Status.unresolvable(nodeUnschedulableReason);
const unschedulableTaint: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

class NodeUnschedulable implements FilterPlugin {
  readonly name = pluginNames.nodeUnschedulable;
  readonly events = ['NodeAdd', 'NodeTaintChange'] as const;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (!node.unschedulable) return null;
    // A pod that tolerates the cordon taint also tolerates spec.unschedulable.
    return tolerationsTolerateTaint(pod.pod.spec.tolerations, unschedulableTaint) ? null : rejected;
  }
}

/**
 * NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods tolerating
 * `node.kubernetes.io/unschedulable:NoSchedule`.
 */
export const nodeUnschedulable: PluginFactory = () => new NodeUnschedulable();
