import type { Pod, TopologySpreadConstraint } from '../../types/core.ts';
import type { LabelSelectorRequirement } from '../../types/meta.ts';
import {
  Status,
  StateKey,
  maxNodeScore,
  skip,
  type CycleState,
  type FilterPlugin,
  type Handle,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework.ts';
import { compileLabelSelector, matchNothing, type LabelMatcher } from '../label-selector.ts';
import { requiredNodeAffinity, type RequiredNodeAffinity } from '../node-selector.ts';
import { findUntoleratedTaint } from '../../util/tolerations.ts';
import { pluginNames } from './names.ts';

/** Filter reasons (ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch). */
export const topologySpreadReason = "node(s) didn't match pod topology spread constraints";
export const topologySpreadMissingLabelReason = `${topologySpreadReason} (missing required label)`;

const hostnameKey = 'kubernetes.io/hostname';
const zoneKey = 'topology.kubernetes.io/zone';
const maxInt32 = 2 ** 31 - 1;

/** A spread constraint ready to count with. */
interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly minDomains: number;
  readonly selector: LabelMatcher;
  /** Set for the system default constraints: count the pods of the same controller instead. */
  readonly controllerUid?: string;
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
}

/**
 * The system default constraints kube-scheduler applies to pods that declare none
 * (`systemDefaultConstraints`): spread a controller's pods over hostnames (maxSkew 3) and zones
 * (maxSkew 5), as a preference only.
 */
const systemDefaults = [
  { topologyKey: hostnameKey, maxSkew: 3 },
  { topologyKey: zoneKey, maxSkew: 5 },
];

function compile(pod: Pod, c: TopologySpreadConstraint): Constraint {
  const labels = pod.metadata.labels ?? {};
  // matchLabelKeys narrow the selector to pods sharing this pod's values for those keys.
  const extra: LabelSelectorRequirement[] = (c.matchLabelKeys ?? [])
    .filter((k) => labels[k] !== undefined)
    .map((k) => ({ key: k, operator: 'In', values: [labels[k]] }));
  const selector =
    extra.length > 0 && c.labelSelector
      ? {
          ...c.labelSelector,
          matchExpressions: [...(c.labelSelector.matchExpressions ?? []), ...extra],
        }
      : c.labelSelector;
  const policies = c as { nodeAffinityPolicy?: string; nodeTaintsPolicy?: string };
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    minDomains: c.minDomains ?? 1,
    selector: compileLabelSelector(selector),
    honorNodeAffinity: (policies.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorNodeTaints: (policies.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
  };
}

function explicitConstraints(pod: PodInfo, when: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  return (pod.pod.spec.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => compile(pod.pod, c));
}

function defaultConstraints(pod: PodInfo): Constraint[] {
  const uid = pod.controllerUid;
  if (!uid) return [];
  return systemDefaults.map((d) => ({
    maxSkew: d.maxSkew,
    topologyKey: d.topologyKey,
    minDomains: 1,
    selector: matchNothing,
    controllerUid: uid,
    honorNodeAffinity: true,
    honorNodeTaints: false,
  }));
}

/** Matching pods on one node: same namespace, not being deleted, selected by the constraint. */
function countMatching(node: NodeInfo, c: Constraint, namespace: string): number {
  if (c.controllerUid !== undefined) return node.controllerCounts.get(c.controllerUid) ?? 0;
  let n = 0;
  for (const p of node.pods) {
    if (!p.terminating && p.namespace === namespace && c.selector(p.labels)) n++;
  }
  return n;
}

function hasAllKeys(node: NodeInfo, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) if (node.labels[c.topologyKey] === undefined) return false;
  return true;
}

/** matchNodeInclusionPolicies: whether the node's domain counts for this pod at all. */
function included(
  c: Constraint,
  pod: PodInfo,
  node: NodeInfo,
  affinity: RequiredNodeAffinity,
): boolean {
  if (c.honorNodeAffinity && affinity.constrained && !affinity.matches(node.labels, node.name))
    return false;
  if (c.honorNodeTaints && findUntoleratedTaint(node.noScheduleTaints, pod.pod.spec.tolerations))
    return false;
  return true;
}

interface FilterState {
  constraints: Constraint[];
  /** Per constraint: matching pods per topology value. */
  matchNum: Map<string, number>[];
  /** Per constraint: the global minimum, 0 when fewer domains than minDomains exist. */
  minMatch: number[];
  /** Per constraint: 1 when the incoming pod matches its own selector. */
  selfMatch: number[];
}

interface ScoreState {
  constraints: Constraint[];
  /** Nodes lacking a required topology key: scored 0. */
  ignored: Set<string>;
  /** Per constraint (other than hostname): matching pods per topology value. */
  counts: Map<string, number>[];
  weights: number[];
}

const filterKey = new StateKey<FilterState>('PreFilterPodTopologySpread');
const scoreKey = new StateKey<ScoreState>('PreScorePodTopologySpread');
const missingLabel = Status.unresolvable(topologySpreadMissingLabelReason);
const skewed = Status.unschedulable(topologySpreadReason);

class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = pluginNames.podTopologySpread;
  readonly events = [
    'AssignedPodAdd',
    'AssignedPodLabelChange',
    'AssignedPodDelete',
    'NodeAdd',
    'NodeDelete',
    'NodeLabelChange',
    'NodeTaintChange',
  ] as const;

  constructor(private readonly handle: Handle) {}

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    const constraints = explicitConstraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return skip;
    const affinity = requiredNodeAffinity(pod.pod);
    const matchNum = constraints.map(() => new Map<string, number>());
    for (const node of nodes) {
      if (!hasAllKeys(node, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (!included(c, pod, node, affinity)) continue;
        const value = node.labels[c.topologyKey];
        matchNum[i].set(
          value,
          (matchNum[i].get(value) ?? 0) + countMatching(node, c, pod.namespace),
        );
      }
    }
    const minMatch = constraints.map((c, i) => {
      if (matchNum[i].size < c.minDomains) return 0;
      let min = maxInt32;
      for (const n of matchNum[i].values()) if (n < min) min = n;
      return min;
    });
    const selfMatch = constraints.map((c) => (c.selector(pod.labels) ? 1 : 0));
    state.write(filterKey, { constraints, matchNum, minMatch, selfMatch });
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.read(filterKey);
    if (!s) return null;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const value = node.labels[c.topologyKey];
      if (value === undefined) return missingLabel;
      const skew = (s.matchNum[i].get(value) ?? 0) + s.selfMatch[i] - s.minMatch[i];
      if (skew > c.maxSkew) return skewed;
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[]): Status | null {
    const allNodes = this.handle.snapshot.nodes;
    if (allNodes.length === 0) return skip;
    const explicit = (pod.pod.spec.topologySpreadConstraints ?? []).length > 0;
    const constraints = explicit
      ? explicitConstraints(pod, 'ScheduleAnyway')
      : defaultConstraints(pod);
    if (constraints.length === 0) return skip;
    // Only explicit constraints require every key: default spreading still spreads over
    // hostnames on nodes without a zone label.
    const requireAll = explicit;
    const ignored = new Set<string>();
    const counts = constraints.map(() => new Map<string, number>());
    const labelled = constraints.map(() => false);
    for (const node of filtered) {
      if (requireAll && !hasAllKeys(node, constraints)) {
        ignored.add(node.name);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const key = constraints[i].topologyKey;
        if (key === hostnameKey) continue;
        const value = node.labels[key];
        if (value !== undefined) labelled[i] = true;
        if (!counts[i].has(value ?? '')) counts[i].set(value ?? '', 0);
      }
    }
    const weights = constraints.map((c, i) =>
      Math.log(
        (c.topologyKey === hostnameKey ? filtered.length - ignored.size : counts[i].size) + 2,
      ),
    );
    // Counting over every node; skipped for keys no candidate carries, whose counts no score
    // reads, and done from the cache's per-zone totals for default spreading when every node
    // counts (the pod requires nothing of its node).
    const affinity = requiredNodeAffinity(pod.pod);
    const active = constraints.map((c, i) => c.topologyKey !== hostnameKey && labelled[i]);
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (!active[i] || c.controllerUid === undefined || c.topologyKey !== zoneKey) continue;
      if ((c.honorNodeAffinity && affinity.constrained) || c.honorNodeTaints) continue;
      const perZone = this.handle.snapshot.controllerPodsPerZone(c.controllerUid);
      for (const value of counts[i].keys()) counts[i].set(value, perZone?.get(value) ?? 0);
      active[i] = false;
    }
    if (active.some((a) => a)) {
      for (const node of allNodes) {
        if (requireAll && !hasAllKeys(node, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          if (!active[i]) continue;
          const c = constraints[i];
          if (!included(c, pod, node, affinity)) continue;
          const value = node.labels[c.topologyKey] ?? '';
          const current = counts[i].get(value);
          if (current === undefined) continue;
          counts[i].set(value, current + countMatching(node, c, pod.namespace));
        }
      }
    }
    state.write(scoreKey, { constraints, ignored, counts, weights });
    return null;
  }

  /** Weighted matching pods in the node's domains; normalized so fewer is better. */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const s = state.read(scoreKey);
    if (!s || (s.ignored.size > 0 && s.ignored.has(node.name))) return 0;
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const value = node.labels[c.topologyKey];
      if (value === undefined) continue;
      const count =
        c.topologyKey === hostnameKey
          ? countMatching(node, c, pod.namespace)
          : (s.counts[i].get(value) ?? 0);
      score += count * s.weights[i] + (c.maxSkew - 1);
    }
    return Math.round(score);
  }

  normalizeScore(
    state: CycleState,
    _pod: PodInfo,
    nodes: readonly NodeInfo[],
    scores: Float64Array,
  ): void {
    const s = state.read(scoreKey);
    if (!s) return;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    const ignoring = s.ignored.size > 0;
    for (let i = 0; i < scores.length; i++) {
      if (ignoring && s.ignored.has(nodes[i].name)) continue;
      if (scores[i] < min) min = scores[i];
      if (scores[i] > max) max = scores[i];
    }
    for (let i = 0; i < scores.length; i++) {
      if (ignoring && s.ignored.has(nodes[i].name)) scores[i] = 0;
      else if (max === 0) scores[i] = maxNodeScore;
      else scores[i] = Math.trunc((maxNodeScore * (max + min - scores[i])) / max);
    }
  }
}

/**
 * PodTopologySpread: a DoNotSchedule constraint rejects a node when placing the pod there
 * would make its domain exceed maxSkew over the least populated domain; ScheduleAnyway
 * constraints, or the system defaults for a controller's pods, prefer less populated domains.
 */
export const podTopologySpread: PluginFactory = (_args, handle) => new PodTopologySpread(handle);
