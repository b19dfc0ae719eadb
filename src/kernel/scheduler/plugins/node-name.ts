import {
  Status,
  skip,
  type CycleState,
  type FilterPlugin,
  type PreFilterPlugin,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
} from '../framework.ts';
import { pluginNames } from './names.ts';

/** The NodeName plugin's Filter reason (ErrReason). */
export const nodeNameReason = "node(s) didn't match the requested node name";

const rejected = Status.unresolvable(nodeNameReason);

class NodeName implements PreFilterPlugin, FilterPlugin {
  readonly name = pluginNames.nodeName;
  readonly events = ['NodeAdd'] as const;

  /** Nothing to check for a pod that names no node (the pods this scheduler places). */
  preFilter(_state: CycleState, pod: PodInfo): Status | null {
    return pod.pod.spec.nodeName ? null : skip;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const wanted = pod.pod.spec.nodeName;
    return !wanted || wanted === node.name ? null : rejected;
  }
}

/** NodeName: a pod that names its node (spec.nodeName) fits only that node. */
export const nodeName: PluginFactory = () => new NodeName();
