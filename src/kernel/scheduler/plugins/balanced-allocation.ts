import {
  maxNodeScore,
  skip,
  type CycleState,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  type Status,
} from '../framework.ts';
import { pluginNames } from './names.ts';

class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = pluginNames.balancedAllocation;

  preScore(_state: CycleState, pod: PodInfo): Status | null {
    // Best-effort pods are not scored, lest they all pile onto one node (kubernetes#129138).
    return pod.requests.milliCPU === 0 && pod.requests.memory === 0 ? skip : null;
  }

  /**
   * (1 - standard deviation of the cpu and memory fractions the node would have requested with
   * the pod) × maxNodeScore: nodes whose resources are used evenly score higher.
   */
  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const alloc = node.allocatable;
    let fractions = 0;
    let cpu = 0;
    let memory = 0;
    if (alloc.milliCPU > 0) {
      cpu = Math.min(1, (node.requested.milliCPU + pod.requests.milliCPU) / alloc.milliCPU);
      fractions++;
    }
    if (alloc.memory > 0) {
      memory = Math.min(1, (node.requested.memory + pod.requests.memory) / alloc.memory);
      fractions++;
    }
    const std = fractions === 2 ? Math.abs(cpu - memory) / 2 : 0;
    return Math.trunc((1 - std) * maxNodeScore);
  }
}

/** NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be equally used. */
export const balancedAllocation: PluginFactory = () => new BalancedAllocation();
