import { fitErrorMessage } from './fit-error.ts';
import {
  CycleState,
  PreFilterResult,
  Status,
  type Diagnosis,
  type FilterPlugin,
  type NodeInfo,
  type PodInfo,
  type Snapshot,
} from './framework.ts';
import type { Framework } from './framework-runtime.ts';

/** The message when the cluster has no nodes at all (ErrNoNodesAvailable). */
export const noNodesAvailable = 'no nodes available to schedule pods';

/** The outcome of one scheduling attempt. */
export type ScheduleOutcome =
  | { ok: true; nodeName: string; evaluatedNodes: number; feasibleNodes: number }
  | {
      ok: false;
      /** Unschedulable: no node fits (condition reason Unschedulable); Error: something broke (SchedulerError). */
      code: 'Unschedulable' | 'Error';
      message: string;
      /** Plugins that rejected the pod somewhere, which decide what cluster events retry it. */
      unschedulablePlugins: ReadonlySet<string>;
    };

const minFeasibleNodesToFind = 100;
const minFeasibleNodesPercentageToFind = 5;

/**
 * numFeasibleNodesToFind: how many feasible nodes to find before scoring. Small clusters are
 * searched whole; otherwise `percentage` of the nodes, or with 0 an adaptive share (50% minus
 * 1% per 125 nodes, at least 5%), and never fewer than 100 nodes.
 */
export function numFeasibleNodesToFind(
  percentage: number | undefined,
  numAllNodes: number,
): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let pct = percentage ?? 0;
  if (pct <= 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < minFeasibleNodesPercentageToFind) pct = minFeasibleNodesPercentageToFind;
  }
  if (pct >= 100) return numAllNodes;
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < minFeasibleNodesToFind ? minFeasibleNodesToFind : n;
}

function newDiagnosis(): Diagnosis {
  return {
    nodeToStatus: new Map(),
    absentNodesStatus: Status.unresolvable(),
    unschedulablePlugins: new Set(),
    preFilterMsg: '',
    postFilterMsg: '',
  };
}

function failed(
  code: 'Unschedulable' | 'Error',
  message: string,
  plugins: ReadonlySet<string> = new Set(),
): ScheduleOutcome {
  return { ok: false, code, message, unschedulablePlugins: plugins };
}

/**
 * kube-scheduler's schedulePod over one profile: PreFilter, Filter over the nodes (starting
 * where the last attempt stopped, and only until enough feasible nodes are found), PostFilter
 * when none fits, then PreScore, Score with normalization and weights, and a random pick among
 * the best. Synchronous and allocation-light: it reads the snapshot, never copies it.
 */
export class SchedulingAlgorithm {
  private nextStartNodeIndex = 0;
  private readonly feasible: NodeInfo[] = [];
  private readonly filters: FilterPlugin[] = [];
  private totals = new Float64Array(64);
  private scores = new Float64Array(64);

  constructor(
    private readonly framework: Framework,
    private readonly snapshot: Snapshot,
    private readonly random: () => number = Math.random,
  ) {}

  schedule(pod: PodInfo): ScheduleOutcome {
    try {
      return this.attempt(pod);
    } catch (err) {
      return failed('Error', err instanceof Error ? err.message : String(err));
    }
  }

  private attempt(pod: PodInfo): ScheduleOutcome {
    const fw = this.framework;
    const allNodes = this.snapshot.nodes;
    if (allNodes.length === 0) return failed('Unschedulable', noNodesAvailable);
    const state = new CycleState();
    const diagnosis = newDiagnosis();

    // PreFilter.
    let allowed: Set<string> | undefined;
    const narrowedBy: string[] = [];
    let skipped: Set<string> | undefined;
    for (const plugin of fw.preFilter) {
      const result = plugin.preFilter(state, pod, allNodes);
      if (result === null) continue;
      if (result instanceof PreFilterResult) {
        narrowedBy.push(plugin.name);
        allowed = allowed
          ? new Set([...allowed].filter((n) => result.nodeNames.has(n)))
          : new Set(result.nodeNames);
        continue;
      }
      if (result.code === 'Skip') {
        (skipped ??= new Set()).add(plugin.name);
      } else if (result.isRejected()) {
        // Every node gets the PreFilter status, for PostFilter to see.
        diagnosis.unschedulablePlugins.add(plugin.name);
        diagnosis.absentNodesStatus = result;
        diagnosis.preFilterMsg = result.message;
        return this.fitError(state, pod, allNodes, diagnosis);
      } else if (result.code !== 'Success') {
        return failed('Error', `running PreFilter plugin "${plugin.name}": ${result.message}`);
      }
    }
    let candidates = allNodes;
    if (allowed) {
      for (const name of narrowedBy) diagnosis.unschedulablePlugins.add(name);
      const list =
        narrowedBy.length === 1
          ? `plugin ${narrowedBy[0]}`
          : `plugin(s) [${narrowedBy.join(' ')}] simultaneously`;
      if (allowed.size === 0) {
        diagnosis.absentNodesStatus = Status.unresolvable(`node(s) didn't satisfy ${list}`);
        diagnosis.preFilterMsg = diagnosis.absentNodesStatus.message;
        return this.fitError(state, pod, allNodes, diagnosis);
      }
      candidates = allNodes.filter((n) => allowed.has(n.name));
      diagnosis.absentNodesStatus = Status.unresolvable(
        `node(s) didn't satisfy plugin(s) [${narrowedBy.join(' ')}]`,
      );
    }

    // Filter, until enough feasible nodes are found.
    const filters = this.filters;
    filters.length = 0;
    for (const f of fw.filter) if (!skipped?.has(f.name)) filters.push(f);
    const feasible = this.feasible;
    feasible.length = 0;
    const n = candidates.length;
    const wanted = numFeasibleNodesToFind(fw.profile.percentageOfNodesToScore, n);
    const start = allowed ? 0 : this.nextStartNodeIndex % n;
    let processed = 0;
    for (let i = 0; i < n && feasible.length < wanted; i++) {
      const node = candidates[(start + i) % n];
      processed++;
      let status: Status | null = null;
      let rejectedBy = '';
      for (let j = 0; j < filters.length; j++) {
        status = filters[j].filter(state, pod, node);
        if (status !== null) {
          rejectedBy = filters[j].name;
          break;
        }
      }
      if (status === null) {
        feasible.push(node);
      } else if (status.code === 'Error') {
        return failed('Error', `running "${rejectedBy}" filter plugin: ${status.message}`);
      } else {
        diagnosis.nodeToStatus.set(node.name, status);
        diagnosis.unschedulablePlugins.add(rejectedBy);
      }
    }
    if (!allowed) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % allNodes.length;
    if (feasible.length === 0) return this.fitError(state, pod, allNodes, diagnosis);
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) {
      return { ok: true, nodeName: feasible[0].name, evaluatedNodes, feasibleNodes: 1 };
    }

    // PreScore and Score.
    let skippedScore: Set<string> | undefined;
    for (const plugin of fw.preScore) {
      const status = plugin.preScore(state, pod, feasible);
      if (status === null || status.code === 'Success') continue;
      if (status.code === 'Skip') (skippedScore ??= new Set()).add(plugin.name);
      else return failed('Error', `running PreScore plugin "${plugin.name}": ${status.message}`);
    }
    const count = feasible.length;
    if (this.totals.length < count) {
      this.totals = new Float64Array(count * 2);
      this.scores = new Float64Array(count * 2);
    }
    const totals = this.totals.subarray(0, count);
    const scores = this.scores.subarray(0, count);
    totals.fill(0);
    for (const { plugin, weight } of fw.score) {
      if (skippedScore?.has(plugin.name)) continue;
      for (let i = 0; i < count; i++) scores[i] = plugin.score(state, pod, feasible[i]);
      plugin.normalizeScore?.(state, pod, feasible, scores);
      for (let i = 0; i < count; i++) totals[i] += scores[i] * weight;
    }
    return {
      ok: true,
      nodeName: feasible[this.selectHost(totals)].name,
      evaluatedNodes,
      feasibleNodes: count,
    };
  }

  /** The index of a highest total, chosen uniformly among ties (reservoir sampling). */
  private selectHost(totals: Float64Array): number {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        if (Math.floor(this.random() * ties) === 0) best = i;
      }
    }
    return best;
  }

  /** No node fits: run PostFilter for its explanation and build the FitError message. */
  private fitError(
    state: CycleState,
    pod: PodInfo,
    allNodes: readonly NodeInfo[],
    diagnosis: Diagnosis,
  ): ScheduleOutcome {
    const reasons: string[] = [];
    for (const plugin of this.framework.postFilter) {
      const status = plugin.postFilter(state, pod, diagnosis, allNodes);
      if (status.code === 'Success') break;
      if (status.code === 'UnschedulableAndUnresolvable') {
        reasons.length = 0;
        reasons.push(status.message);
        break;
      }
      if (!status.isRejected())
        return failed('Error', `running PostFilter plugin "${plugin.name}": ${status.message}`);
      reasons.push(...status.reasons);
    }
    diagnosis.postFilterMsg = reasons.join(', ');
    return failed(
      'Unschedulable',
      fitErrorMessage(allNodes.length, diagnosis),
      diagnosis.unschedulablePlugins,
    );
  }
}
