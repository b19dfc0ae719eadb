import type { Taint, Toleration } from '../../types/core.ts';
import {
  Status,
  StateKey,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework.ts';
import { findUntoleratedTaint, tolerationsTolerateTaint } from '../../util/tolerations.ts';
import { pluginNames } from './names.ts';
import { defaultNormalizeScore } from './normalize-score.ts';

/**
 * The Filter reason. Since kubernetes PR #134740 (1.35, backported to 1.34) kube-scheduler no
 * longer names the taint, whose key and value may be sensitive.
 */
export const untoleratedTaintReason = 'node(s) had untolerated taint(s)';

/** The reason kube-scheduler up to 1.33 gave, naming the first untolerated taint. */
export function namedUntoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

export interface TaintTolerationArgs {
  /** Name the taint in the reason, as kube-scheduler before 1.34 did. Default false. */
  nameTaint?: boolean;
}

const rejected = Status.unresolvable(untoleratedTaintReason);
const preferNoScheduleTolerations = new StateKey<Toleration[]>('PreScoreTaintToleration');

class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = pluginNames.taintToleration;
  readonly events = ['NodeAdd', 'NodeTaintChange'] as const;

  constructor(private readonly nameTaint: boolean) {}

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (node.noScheduleTaints.length === 0) return null;
    const taint = findUntoleratedTaint(node.noScheduleTaints, pod.pod.spec.tolerations);
    if (!taint) return null;
    return this.nameTaint ? Status.unresolvable(namedUntoleratedTaintReason(taint)) : rejected;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    // An empty effect tolerates every effect, PreferNoSchedule included.
    const tolerations = (pod.pod.spec.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === 'PreferNoSchedule',
    );
    state.write(preferNoScheduleTolerations, tolerations);
    return null;
  }

  /** The number of PreferNoSchedule taints the pod does not tolerate; fewer is better. */
  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    if (node.preferNoScheduleTaints.length === 0) return 0;
    const tolerations = state.read(preferNoScheduleTolerations);
    let intolerable = 0;
    for (const taint of node.preferNoScheduleTaints) {
      if (!tolerationsTolerateTaint(tolerations, taint)) intolerable++;
    }
    return intolerable;
  }

  normalizeScore(
    _state: CycleState,
    _pod: PodInfo,
    _nodes: readonly NodeInfo[],
    scores: Float64Array,
  ): void {
    defaultNormalizeScore(scores, true);
  }
}

/**
 * TaintToleration: a pod must tolerate every NoSchedule and NoExecute taint of its node; nodes
 * with fewer untolerated PreferNoSchedule taints score higher.
 */
export const taintToleration: PluginFactory = (args) =>
  new TaintToleration(!!(args as TaintTolerationArgs | undefined)?.nameTaint);
