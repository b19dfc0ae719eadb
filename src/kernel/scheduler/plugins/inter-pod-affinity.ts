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
import {
  matchesAllTerms,
  termMatches,
  type AffinityTerm,
  type WeightedAffinityTerm,
} from '../pod-info.ts';
import { pluginNames } from './names.ts';

/** Filter reasons, as kube-scheduler words them. */
export const podAffinityReason = "node(s) didn't match pod affinity rules";
export const podAntiAffinityReason = "node(s) didn't match pod anti-affinity rules";
export const existingAntiAffinityReason =
  "node(s) didn't satisfy existing pods anti-affinity rules";

export interface InterPodAffinityArgs {
  /** Score weight of existing pods' required affinity terms the incoming pod matches (default 1). */
  hardPodAffinityWeight?: number;
}

/** Counts per topology pair: topology key → value → count. */
type TopologyCounts = Map<string, Map<string, number>>;

function increment(counts: TopologyCounts, key: string, value: string, by: number): void {
  let values = counts.get(key);
  if (!values) counts.set(key, (values = new Map()));
  values.set(value, (values.get(value) ?? 0) + by);
}

function countAt(counts: TopologyCounts, key: string, value: string): number {
  return counts.get(key)?.get(value) ?? 0;
}

interface FilterState {
  /** Pairs where an existing pod's required anti-affinity term matches the incoming pod. */
  existingAntiAffinity: TopologyCounts;
  /** Pairs holding pods that match all of the incoming pod's required affinity terms. */
  affinity: TopologyCounts;
  /** Pairs holding pods that match one of the incoming pod's required anti-affinity terms. */
  antiAffinity: TopologyCounts;
}

/** Topology key → value → score. */
type TopologyScore = TopologyCounts;

const filterKey = new StateKey<FilterState>('PreFilterInterPodAffinity');
const scoreKey = new StateKey<TopologyScore>('PreScoreInterPodAffinity');
const affinityRejected = Status.unresolvable(podAffinityReason);
const antiAffinityRejected = Status.unschedulable(podAntiAffinityReason);
const existingRejected = Status.unschedulable(existingAntiAffinityReason);

class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = pluginNames.interPodAffinity;
  readonly events = [
    'AssignedPodAdd',
    'AssignedPodLabelChange',
    'AssignedPodDelete',
    'NodeAdd',
    'NodeLabelChange',
    'NamespaceChange',
  ] as const;

  constructor(
    private readonly handle: Handle,
    private readonly hardPodAffinityWeight: number,
  ) {}

  private matches(term: AffinityTerm, pod: PodInfo): boolean {
    return termMatches(term, pod, this.handle.namespaceLabels);
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    const affinityTerms = pod.requiredAffinityTerms;
    const antiTerms = pod.requiredAntiAffinityTerms;
    const withAnti = this.handle.snapshot.nodesWithRequiredAntiAffinityPods;
    if (affinityTerms.length === 0 && antiTerms.length === 0 && withAnti.length === 0) return skip;
    const s: FilterState = {
      existingAntiAffinity: new Map(),
      affinity: new Map(),
      antiAffinity: new Map(),
    };
    for (const node of withAnti) {
      for (const existing of node.podsWithRequiredAntiAffinity) {
        for (const term of existing.requiredAntiAffinityTerms) {
          const value = node.labels[term.topologyKey];
          if (value !== undefined && this.matches(term, pod))
            increment(s.existingAntiAffinity, term.topologyKey, value, 1);
        }
      }
    }
    if (affinityTerms.length > 0 || antiTerms.length > 0) {
      const nsLabels = this.handle.namespaceLabels;
      for (const node of nodes) {
        for (const existing of node.pods) {
          if (affinityTerms.length > 0 && matchesAllTerms(affinityTerms, existing, nsLabels)) {
            for (const term of affinityTerms) {
              const value = node.labels[term.topologyKey];
              if (value !== undefined) increment(s.affinity, term.topologyKey, value, 1);
            }
          }
          for (const term of antiTerms) {
            const value = node.labels[term.topologyKey];
            if (value !== undefined && this.matches(term, existing))
              increment(s.antiAffinity, term.topologyKey, value, 1);
          }
        }
      }
    }
    state.write(filterKey, s);
    return null;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.read(filterKey);
    if (!s) return null;
    if (!this.satisfiesAffinity(s, pod, node)) return affinityRejected;
    if (s.antiAffinity.size > 0) {
      for (const term of pod.requiredAntiAffinityTerms) {
        const value = node.labels[term.topologyKey];
        if (value !== undefined && countAt(s.antiAffinity, term.topologyKey, value) > 0) {
          return antiAffinityRejected;
        }
      }
    }
    if (s.existingAntiAffinity.size > 0) {
      for (const [key, values] of s.existingAntiAffinity) {
        const value = node.labels[key];
        if (value !== undefined && (values.get(value) ?? 0) > 0) return existingRejected;
      }
    }
    return null;
  }

  /**
   * Every required affinity term must find a matching pod in the node's domain; the first pod
   * of a group that matches its own terms may go anywhere while no pod matches them yet.
   */
  private satisfiesAffinity(s: FilterState, pod: PodInfo, node: NodeInfo): boolean {
    const terms = pod.requiredAffinityTerms;
    if (terms.length === 0) return true;
    let podsExist = true;
    for (const term of terms) {
      const value = node.labels[term.topologyKey];
      // Every topology key must be on the node.
      if (value === undefined) return false;
      if (countAt(s.affinity, term.topologyKey, value) <= 0) podsExist = false;
    }
    if (podsExist) return true;
    return s.affinity.size === 0 && matchesAllTerms(terms, pod, this.handle.namespaceLabels);
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    if (nodes.length === 0) return skip;
    const preferred = pod.preferredAffinityTerms;
    const preferredAnti = pod.preferredAntiAffinityTerms;
    const own = preferred.length > 0 || preferredAnti.length > 0;
    const snapshot = this.handle.snapshot;
    // Unless the pod has preferences of its own, only pods with affinity can contribute.
    const candidates = own ? snapshot.nodes : snapshot.nodesWithAffinityPods;
    if (candidates.length === 0) return skip;
    const score: TopologyScore = new Map();
    const process = (
      terms: readonly WeightedAffinityTerm[],
      target: PodInfo,
      node: NodeInfo,
      sign: number,
    ) => {
      for (const term of terms) {
        const value = node.labels[term.topologyKey];
        if (value !== undefined && this.matches(term, target))
          increment(score, term.topologyKey, value, sign * term.weight);
      }
    };
    for (const node of candidates) {
      for (const existing of own ? node.pods : node.podsWithAffinity) {
        process(preferred, existing, node, 1);
        process(preferredAnti, existing, node, -1);
        if (this.hardPodAffinityWeight > 0) {
          for (const term of existing.requiredAffinityTerms) {
            const value = node.labels[term.topologyKey];
            if (value !== undefined && this.matches(term, pod)) {
              increment(score, term.topologyKey, value, this.hardPodAffinityWeight);
            }
          }
        }
        process(existing.preferredAffinityTerms, pod, node, 1);
        process(existing.preferredAntiAffinityTerms, pod, node, -1);
      }
    }
    if (score.size === 0) return skip;
    state.write(scoreKey, score);
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const s = state.read(scoreKey);
    if (!s) return 0;
    let total = 0;
    for (const [key, values] of s) {
      const value = node.labels[key];
      if (value !== undefined) total += values.get(value) ?? 0;
    }
    return total;
  }

  normalizeScore(
    _state: CycleState,
    _pod: PodInfo,
    _nodes: readonly NodeInfo[],
    scores: Float64Array,
  ): void {
    let max = 0;
    let min = 0;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i] > max) max = scores[i];
      if (scores[i] < min) min = scores[i];
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? Math.trunc((maxNodeScore * (scores[i] - min)) / diff) : 0;
    }
  }
}

/**
 * InterPodAffinity: required pod affinity and anti-affinity over any topology key, in the
 * namespaces the terms select, and existing pods' anti-affinity towards the incoming pod;
 * preferred terms (its own and existing pods') move the score.
 */
export const interPodAffinity: PluginFactory = (args, handle) =>
  new InterPodAffinity(
    handle,
    (args as InterPodAffinityArgs | undefined)?.hardPodAffinityWeight ?? 1,
  );
