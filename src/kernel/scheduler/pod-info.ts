import type { PodAffinityTerm, Pod, WeightedPodAffinityTerm } from '../types/core.ts';
import {
  compileLabelSelector,
  matchEverything,
  matchNothing,
  type LabelMatcher,
} from './label-selector.ts';
import { computePodRequests, type PodRequests } from './pod-resources.ts';

/**
 * A processed PodAffinityTerm (framework.AffinityTerm): the namespaces it names, or its own
 * pod's namespace when it names none and has no namespaceSelector, and compiled selectors.
 */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** Selects namespaces by their labels; matchNothing when the term has no namespaceSelector. */
  readonly namespaceSelector: LabelMatcher;
  readonly selector: LabelMatcher;
  readonly topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** Namespace labels by name, for terms with a namespaceSelector. */
export type NamespaceLabels = (namespace: string) => Readonly<Record<string, string>> | undefined;

function affinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const named = term.namespaces ?? [];
  const namespaces =
    named.length === 0 && !term.namespaceSelector
      ? new Set([pod.metadata.namespace ?? 'default'])
      : new Set(named);
  return {
    namespaces,
    namespaceSelector: term.namespaceSelector
      ? compileLabelSelector(term.namespaceSelector)
      : matchNothing,
    selector: compileLabelSelector(term.labelSelector),
    topologyKey: term.topologyKey,
  };
}

function weighted(pod: Pod, terms: WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (terms ?? []).map((t) => {
    const term = affinityTerm(pod, t.podAffinityTerm);
    return {
      namespaces: term.namespaces,
      namespaceSelector: term.namespaceSelector,
      selector: term.selector,
      topologyKey: term.topologyKey,
      weight: t.weight,
    };
  });
}

/**
 * AffinityTerm.Matches: the pod is in one of the term's namespaces (named, or selected by
 * namespace labels) and its labels satisfy the term's selector.
 */
export function termMatches(
  term: AffinityTerm,
  pod: PodInfo,
  namespaceLabels: NamespaceLabels,
): boolean {
  if (!term.namespaces.has(pod.namespace)) {
    if (term.namespaceSelector === matchNothing) return false;
    if (
      term.namespaceSelector !== matchEverything &&
      !term.namespaceSelector(namespaceLabels(pod.namespace))
    ) {
      return false;
    }
  }
  return term.selector(pod.labels);
}

/** True when the pod matches every term (and there is at least one). */
export function matchesAllTerms(
  terms: readonly AffinityTerm[],
  pod: PodInfo,
  namespaceLabels: NamespaceLabels,
): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, namespaceLabels)) return false;
  return true;
}

const none: never[] = [];

/**
 * Everything the scheduler derives from a Pod, computed once when the pod enters the queue or
 * the cache (framework.PodInfo): requests, priority, owner and compiled affinity terms. The
 * Pod object itself is the informer's and is never modified.
 */
export class PodInfo {
  /** The cache key: the uid, or namespace/name for objects without one. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly requests: PodRequests;
  readonly priority: number;
  /** uid of the controlling owner (ReplicaSet, StatefulSet...), for default spreading. */
  readonly controllerUid: string | undefined;
  readonly terminating: boolean;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** The node the cache accounts this pod to (its spec.nodeName, or the assumed node). */
  nodeName = '';

  constructor(readonly pod: Pod) {
    const meta = pod.metadata;
    this.namespace = meta.namespace ?? 'default';
    this.name = meta.name ?? '';
    this.key = meta.uid || `${this.namespace}/${this.name}`;
    this.labels = meta.labels ?? {};
    this.requests = computePodRequests(pod);
    this.priority = pod.spec.priority ?? 0;
    this.controllerUid = meta.ownerReferences?.find((o) => o.controller)?.uid;
    this.terminating = !!meta.deletionTimestamp;
    this.nodeName = pod.spec.nodeName ?? '';
    const affinity = pod.spec.affinity;
    const podAffinity = affinity?.podAffinity;
    const antiAffinity = affinity?.podAntiAffinity;
    this.requiredAffinityTerms = podAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ? podAffinity.requiredDuringSchedulingIgnoredDuringExecution.map((t) => affinityTerm(pod, t))
      : none;
    this.requiredAntiAffinityTerms = antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ? antiAffinity.requiredDuringSchedulingIgnoredDuringExecution.map((t) => affinityTerm(pod, t))
      : none;
    this.preferredAffinityTerms = podAffinity
      ? weighted(pod, podAffinity.preferredDuringSchedulingIgnoredDuringExecution)
      : none;
    this.preferredAntiAffinityTerms = antiAffinity
      ? weighted(pod, antiAffinity.preferredDuringSchedulingIgnoredDuringExecution)
      : none;
  }

  /** The pod has pod affinity or anti-affinity of any kind (NodeInfo.PodsWithAffinity). */
  get hasAffinity(): boolean {
    const a = this.pod.spec.affinity;
    return !!(a?.podAffinity || a?.podAntiAffinity);
  }
}
