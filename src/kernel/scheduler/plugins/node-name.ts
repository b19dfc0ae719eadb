import {
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
} from '../framework.ts';
import { pluginNames } from './names.ts';

/** The NodeName plugin's Filter reason (ErrReason). */
export const nodeNameReason = "node(s) didn't match the requested node name";

const rejected = Status.unresolvable(nodeNameReason);

class NodeName implements FilterPlugin {
  readonly name = pluginNames.nodeName;
  readonly events = ['NodeAdd'] as const;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const wanted = pod.pod.spec.nodeName;
    return !wanted || wanted === node.name ? null : rejected;
  }
}

/** NodeName: a pod that names its node (spec.nodeName) fits only that node. */
export const nodeName: PluginFactory = () => new NodeName();
