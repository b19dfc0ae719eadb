import type { Node, Pod, PodSpec, Taint, Toleration } from '../../../src/kernel/types/core.ts';
import { SchedulerCache } from '../../../src/kernel/scheduler/cache.ts';
import {
  CycleState,
  PreFilterResult,
  implementsFilter,
  implementsPreFilter,
  implementsPreScore,
  implementsScore,
  type Handle,
  type Plugin,
  type PluginFactory,
  type Status,
} from '../../../src/kernel/scheduler/framework.ts';
import { PodInfo } from '../../../src/kernel/scheduler/pod-info.ts';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  extra?: Record<string, string>;
}

/** A Ready node with allocatable cpu/memory/pods and the hostname label. */
export function makeNode(name: string, o: NodeOptions = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `node-${name}`,
      labels: { 'kubernetes.io/hostname': name, ...o.labels },
    },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: {
      allocatable: {
        cpu: o.cpu ?? '4',
        memory: o.memory ?? '8Gi',
        pods: o.pods ?? '110',
        ...o.extra,
      },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

export interface PodOptions {
  namespace?: string;
  uid?: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  tolerations?: Toleration[];
  owner?: string;
  priority?: number;
  spec?: Partial<PodSpec>;
  deleting?: boolean;
}

let uids = 0;

/** A pod with one container requesting the given cpu/memory (none when both are absent). */
export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `uid-${name}-${++uids}`,
      labels: o.labels,
      ...(o.owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: o.owner,
                uid: o.owner,
                controller: true,
              },
            ],
          }
        : {}),
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: {
      containers: [
        { name: 'c', image: 'app:1', ...(o.cpu || o.memory ? { resources: { requests } } : {}) },
      ],
      nodeName: o.nodeName,
      tolerations: o.tolerations,
      priority: o.priority,
      ...o.spec,
    },
    status: { phase: o.nodeName ? 'Running' : 'Pending' },
  };
}

/** A cache holding the nodes and the (bound) pods. */
export function clusterOf(nodes: Node[], pods: Pod[] = []): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(n);
  for (const p of pods) cache.addPod(p);
  return cache;
}

/** A plugin handle over a cache, with optional namespace labels. */
export function handleOf(
  cache: SchedulerCache,
  namespaceLabels: Record<string, Record<string, string>> = {},
): Handle {
  return { snapshot: cache, namespaceLabels: (ns) => namespaceLabels[ns] };
}

export function instantiate(
  factory: PluginFactory,
  cache: SchedulerCache,
  args?: unknown,
  namespaces?: Record<string, Record<string, string>>,
): Plugin {
  return factory(args, handleOf(cache, namespaces));
}

/** What PreFilter then Filter say for each node: null when it fits, else the status. */
export interface FilterRun {
  preFilter: Status | PreFilterResult | null;
  byNode: Record<string, Status | null>;
}

export function runFilter(plugin: Plugin, pod: Pod, cache: SchedulerCache): FilterRun {
  const info = new PodInfo(pod);
  const state = new CycleState();
  const preFilter = implementsPreFilter(plugin) ? plugin.preFilter(state, info, cache.nodes) : null;
  const byNode: Record<string, Status | null> = {};
  if (!implementsFilter(plugin)) throw new Error(`${plugin.name} has no Filter`);
  const skipped =
    preFilter !== null && !(preFilter instanceof PreFilterResult) && preFilter.code === 'Skip';
  for (const node of cache.nodes)
    byNode[node.name] = skipped ? null : plugin.filter(state, info, node);
  return { preFilter, byNode };
}

/** Reasons per node from a filter run ('' for a fit). */
export function reasonsByNode(run: FilterRun): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, status] of Object.entries(run.byNode))
    out[name] = status ? status.reasons.join(', ') : '';
  return out;
}

/** PreScore, Score and NormalizeScore over the given (or all) nodes; `skipped` when PreScore said Skip. */
export function runScore(
  plugin: Plugin,
  pod: Pod,
  cache: SchedulerCache,
  nodeNames?: string[],
): Record<string, number> | 'skipped' {
  if (!implementsScore(plugin)) throw new Error(`${plugin.name} has no Score`);
  const info = new PodInfo(pod);
  const state = new CycleState();
  const nodes = nodeNames ? nodeNames.map((n) => cache.get(n)!) : [...cache.nodes];
  if (implementsPreFilter(plugin)) plugin.preFilter(state, info, cache.nodes);
  if (implementsPreScore(plugin)) {
    const status = plugin.preScore(state, info, nodes);
    if (status?.code === 'Skip') return 'skipped';
  }
  const scores = new Float64Array(nodes.length);
  nodes.forEach((node, i) => (scores[i] = plugin.score(state, info, node)));
  plugin.normalizeScore?.(state, info, nodes, scores);
  const out: Record<string, number> = {};
  nodes.forEach((node, i) => (out[node.name] = scores[i]));
  return out;
}
