import {
  Status,
  type CycleState,
  type Diagnosis,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PostFilterPlugin,
} from '../framework.ts';
import { fitErrorMessage } from '../fit-error.ts';
import { pluginNames } from './names.ts';

/** Preemption's per-node verdicts, as DefaultPreemption words them. */
export const preemptionNotHelpful = 'Preemption is not helpful for scheduling';
export const noPreemptionVictims = 'No preemption victims found for incoming pod';
export const notEligibleNever = 'not eligible due to preemptionPolicy=Never.';

const notHelpful = Status.unresolvable(preemptionNotHelpful);
const noVictims = Status.unresolvable(noPreemptionVictims);

class DefaultPreemption implements PostFilterPlugin {
  readonly name = pluginNames.defaultPreemption;

  /**
   * Reports what preemption concluded, without evicting anything: nodes rejected as
   * UnschedulableAndUnresolvable are "not helpful", the others have no victims. That is
   * exactly what a real cluster says while every pod has the same priority; this scheduler
   * never preempts lower-priority pods.
   */
  postFilter(
    _state: CycleState,
    pod: PodInfo,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
  ): Status {
    if (pod.pod.spec.preemptionPolicy === 'Never')
      return Status.unschedulable(`preemption: ${notEligibleNever}`);
    const verdicts = new Map<string, Status>();
    for (const node of nodes) {
      const status = diagnosis.nodeToStatus.get(node.name) ?? diagnosis.absentNodesStatus;
      verdicts.set(
        node.name,
        status.code === 'UnschedulableAndUnresolvable' ? notHelpful : noVictims,
      );
    }
    const message = fitErrorMessage(nodes.length, {
      nodeToStatus: verdicts,
      absentNodesStatus: notHelpful,
      unschedulablePlugins: new Set(),
      preFilterMsg: '',
      postFilterMsg: '',
    });
    return Status.unschedulable(`preemption: ${message}`);
  }
}

/** DefaultPreemption, reporting only: explains why preemption would not help. */
export const defaultPreemption: PluginFactory = () => new DefaultPreemption();
