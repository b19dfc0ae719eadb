import type { NodeSelectorTerm } from '../../types/core.ts';
import {
  PreFilterResult,
  Status,
  StateKey,
  skip,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework.ts';
import {
  compileNodeSelectorTerm,
  requiredNodeAffinity,
  type NodeMatcher,
  type RequiredNodeAffinity,
} from '../node-selector.ts';
import { pluginNames } from './names.ts';
import { defaultNormalizeScore } from './normalize-score.ts';

/** The NodeAffinity plugin's Filter reason (ErrReasonPod). */
export const nodeAffinityReason = "node(s) didn't match Pod's node affinity/selector";
/** Why no node can match required terms that each name nodes and none in common (errReasonConflict). */
export const nodeAffinityConflictReason = 'pod affinity terms conflict';

const rejected = Status.unresolvable(nodeAffinityReason);
const requiredKey = new StateKey<RequiredNodeAffinity>('PreFilterNodeAffinity');
const preferredKey = new StateKey<{ weight: number; matches: NodeMatcher }[]>(
  'PreScoreNodeAffinity',
);

/**
 * The nodes named by `metadata.name In` matchFields in every required term, or undefined when a
 * term names none (the terms are ORed, so then any node may do).
 */
function namedNodes(terms: readonly NodeSelectorTerm[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const r of term.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const values = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => values.has(n))) : values;
    }
    if (!termNames) return undefined;
    names = new Set([...(names ?? []), ...termNames]);
  }
  return names;
}

class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = pluginNames.nodeAffinity;
  readonly events = ['NodeAdd', 'NodeLabelChange'] as const;

  preFilter(state: CycleState, pod: PodInfo): Status | PreFilterResult | null {
    const required = requiredNodeAffinity(pod.pod);
    if (!required.constrained) return skip;
    state.write(requiredKey, required);
    const terms =
      pod.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
        ?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return null;
    const names = namedNodes(terms);
    if (!names) return null;
    return names.size === 0
      ? Status.unresolvable(nodeAffinityConflictReason)
      : new PreFilterResult(names);
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const required = state.read(requiredKey) ?? requiredNodeAffinity(pod.pod);
    return required.matches(node.labels, node.name) ? null : rejected;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const preferred =
      pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const terms = preferred
      .filter(
        (t) =>
          t.weight !== 0 &&
          ((t.preference.matchExpressions?.length ?? 0) > 0 ||
            (t.preference.matchFields?.length ?? 0) > 0),
      )
      .map((t) => ({ weight: t.weight, matches: compileNodeSelectorTerm(t.preference) }));
    if (terms.length === 0) return skip;
    state.write(preferredKey, terms);
    return null;
  }

  /** The sum of the weights of the preferred terms the node matches. */
  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    let sum = 0;
    for (const t of state.read(preferredKey) ?? [])
      if (t.matches(node.labels, node.name)) sum += t.weight;
    return sum;
  }

  normalizeScore(
    _state: CycleState,
    _pod: PodInfo,
    _nodes: readonly NodeInfo[],
    scores: Float64Array,
  ): void {
    defaultNormalizeScore(scores, false);
  }
}

/**
 * NodeAffinity: the node must carry every spec.nodeSelector label and match one required node
 * affinity term; preferred terms add their weight to the node's score.
 */
export const nodeAffinity: PluginFactory = () => new NodeAffinity();
