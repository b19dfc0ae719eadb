/**
 * The scheduling framework's contracts, modelled on kube-scheduler's: plugins with PreFilter,
 * Filter, PostFilter, PreScore and Score extension points that answer with a `Status`, the
 * per-pod `CycleState` they share, the registry of plugin factories, and the snapshot of
 * NodeInfos they read. Statuses are data, never exceptions.
 */
import type { NodeInfo } from './node-info.ts';
import type { NamespaceLabels, PodInfo } from './pod-info.ts';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../types/storage.ts';

export type { NodeInfo } from './node-info.ts';
export type { PodInfo } from './pod-info.ts';

/**
 * A plugin's verdict. `Unschedulable` may be fixed by preemption; `UnschedulableAndUnresolvable`
 * cannot be; `Skip` (from PreFilter or PreScore) drops the plugin for the rest of the cycle.
 */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

/** framework.Status: a code and the reasons shown to users (`Insufficient cpu`). Immutable. */
export class Status {
  readonly reasons: readonly string[];

  constructor(
    readonly code: Code,
    ...reasons: string[]
  ) {
    this.reasons = reasons;
  }

  /** The reasons joined with `, `, as Status.Message() does. */
  get message(): string {
    return this.reasons.join(', ');
  }

  isSuccess(): boolean {
    return this.code === 'Success';
  }

  /** Unschedulable or UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }

  static unschedulable(...reasons: string[]): Status {
    return new Status('Unschedulable', ...reasons);
  }

  static unresolvable(...reasons: string[]): Status {
    return new Status('UnschedulableAndUnresolvable', ...reasons);
  }

  static error(message: string): Status {
    return new Status('Error', message);
  }
}

/** The shared Skip status. */
export const skip = new Status('Skip');

/** A typed key into CycleState; plugins keep theirs private. */
export class StateKey<T> {
  declare readonly __valueType?: T;
  constructor(readonly name: string) {}
}

/**
 * Data plugins compute once per pod (in PreFilter/PreScore) and read for every node
 * (framework.CycleState). A new one is made for each scheduling attempt.
 */
export class CycleState {
  private readonly data = new Map<StateKey<unknown>, unknown>();

  read<T>(key: StateKey<T>): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write<T>(key: StateKey<T>, value: T): void {
    this.data.set(key, value);
  }
}

/** Narrows the nodes Filter is run on (framework.PreFilterResult). */
export class PreFilterResult {
  constructor(readonly nodeNames: ReadonlySet<string>) {}
}

/**
 * What a scheduling attempt found out about a pod that fits nowhere (framework.Diagnosis): the
 * status of each rejected node, which plugins rejected it, and PreFilter/PostFilter messages.
 */
export interface Diagnosis {
  nodeToStatus: Map<string, Status>;
  /** Status of nodes missing from nodeToStatus (dropped by a PreFilterResult). */
  absentNodesStatus: Status;
  unschedulablePlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

/** Cluster changes that can make an unschedulable pod schedulable (framework.ClusterEvent). */
export type ClusterEvent =
  | 'NodeAdd'
  | 'NodeDelete'
  | 'NodeAllocatableChange'
  | 'NodeLabelChange'
  | 'NodeTaintChange'
  | 'NodeConditionChange'
  | 'AssignedPodAdd'
  | 'AssignedPodLabelChange'
  | 'AssignedPodDelete'
  | 'NamespaceChange'
  | 'PersistentVolumeClaimChange'
  | 'PersistentVolumeChange'
  | 'StorageClassChange';

export interface Plugin {
  readonly name: string;
  /** Events after which pods this plugin rejected are worth retrying (EnqueueExtensions). */
  readonly events?: readonly ClusterEvent[];
}

export interface PreFilterPlugin extends Plugin {
  /**
   * Runs once per attempt before any Filter: precomputes into `state`; returns null (go on),
   * `skip` (this plugin's Filter is not needed), a rejection for the whole cluster, or a
   * PreFilterResult narrowing the nodes to check.
   */
  preFilter(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): Status | PreFilterResult | null;
}

export interface FilterPlugin extends Plugin {
  /** Null when the pod may run on the node; otherwise why not. Called for many nodes: keep it cheap. */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
}

export interface PostFilterPlugin extends Plugin {
  /** Runs when no node fits; its message is appended to the FailedScheduling text. */
  postFilter(
    state: CycleState,
    pod: PodInfo,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
  ): Status;
}

export interface PreScorePlugin extends Plugin {
  /** Runs once over the feasible nodes before Score; `skip` drops this plugin's Score. */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
}

/** The range every score is normalized into (framework.MaxNodeScore). */
export const maxNodeScore = 100;

export interface ScorePlugin extends Plugin {
  /** A raw score for one feasible node. */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rewrites the raw scores (index i belongs to nodes[i]) into [0, maxNodeScore]. */
  normalizeScore?(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    scores: Float64Array,
  ): void;
}

/** The NodeInfos of the cluster as the current cycle sees them (framework.SharedLister). */
export interface Snapshot {
  /** Every node known with its Node object, in the order filtering walks them. */
  readonly nodes: readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  /** Nodes with at least one pod that has (anti-)affinity. */
  readonly nodesWithAffinityPods: readonly NodeInfo[];
  /** Nodes with at least one pod that has required anti-affinity. */
  readonly nodesWithRequiredAntiAffinityPods: readonly NodeInfo[];
  /** A controller's pods (not being deleted) per `topology.kubernetes.io/zone` value. */
  controllerPodsPerZone(controllerUid: string): ReadonlyMap<string, number> | undefined;
}

/** The storage objects the volume plugins read, from the scheduler's informers. */
export interface VolumeListers {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  storageClass(name: string): StorageClass | undefined;
}

/** What a plugin factory receives: the snapshot, namespace labels and storage listers. */
export interface Handle {
  readonly snapshot: Snapshot;
  readonly namespaceLabels: NamespaceLabels;
  readonly volumes?: VolumeListers;
}

/** Builds a plugin from its configured arguments. */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

/** Plugin names to factories (runtime.Registry). */
export type Registry = Readonly<Record<string, PluginFactory>>;

/** Type guards for the extension points a plugin implements. */
export const implementsPreFilter = (p: Plugin): p is PreFilterPlugin => 'preFilter' in p;
export const implementsFilter = (p: Plugin): p is FilterPlugin => 'filter' in p;
export const implementsPostFilter = (p: Plugin): p is PostFilterPlugin => 'postFilter' in p;
export const implementsPreScore = (p: Plugin): p is PreScorePlugin => 'preScore' in p;
export const implementsScore = (p: Plugin): p is ScorePlugin => 'score' in p;
