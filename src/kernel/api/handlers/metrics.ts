import { rfc3339 } from '../../clock/clock.ts';
import { memoryQuantity, cpuQuantity, windowDuration } from '../../metrics/usage-quantities.ts';
import type { MetricsStore, NodeUsage, PodUsage } from '../../metrics/metrics-store.ts';
import type { Node, Pod } from '../../types/core.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { KubeletMetricsScrape, NodeMetrics, PodMetrics } from '../../types/metrics.ts';
import { badRequest, methodNotAllowed, notFound } from '../errors.ts';
import type { ResourceRequest } from '../request.ts';
import { nodes, pods } from '../resources.ts';
import type { ApiRequest, ApiResponse } from '../types.ts';
import { ok, type ServerContext } from './context.ts';
import { filterFor } from './selection.ts';

const apiVersion = 'metrics.k8s.io/v1beta1';
const podMetricsResource = { group: 'metrics.k8s.io', resource: 'podmetrics' };
const nodeMetricsResource = { group: 'metrics.k8s.io', resource: 'nodemetrics' };
/** What client-go listers call a missing pod (`pod "x" not found`), as metrics-server answers. */
const podListerResource = { group: '', resource: 'pod' };

function podMetrics(pod: Pod, usage: PodUsage, now: number): PodMetrics {
  const { name, namespace, labels } = pod.metadata;
  return {
    kind: 'PodMetrics',
    apiVersion,
    metadata: {
      name,
      namespace,
      creationTimestamp: rfc3339(now),
      ...(labels ? { labels } : {}),
    },
    timestamp: rfc3339(usage.timestamp),
    window: windowDuration(usage.window),
    containers: usage.containers.map((c) => ({
      name: c.name,
      usage: { cpu: cpuQuantity(c.nanocores), memory: memoryQuantity(c.memoryBytes) },
    })),
  };
}

function nodeMetrics(node: Node, usage: NodeUsage, now: number): NodeMetrics {
  const { name, labels } = node.metadata;
  return {
    kind: 'NodeMetrics',
    apiVersion,
    metadata: { name, creationTimestamp: rfc3339(now), ...(labels ? { labels } : {}) },
    timestamp: rfc3339(usage.timestamp),
    window: windowDuration(usage.window),
    usage: { cpu: cpuQuantity(usage.nanocores), memory: memoryQuantity(usage.memoryBytes) },
  };
}

function list(kind: string, items: KubeObject[]): ApiResponse {
  return ok({ kind, apiVersion, metadata: {}, items });
}

/**
 * The metrics API (metrics.k8s.io/v1beta1 PodMetrics and NodeMetrics), served read-only from
 * the metrics store as metrics-server serves it: only pods and nodes that exist, with their
 * labels (label and field selectors select on those), created "now". Anything but get and
 * list is 405 MethodNotAllowed, as an aggregated API without those verbs answers.
 */
export async function handleMetrics(
  ctx: ServerContext,
  store: MetricsStore,
  r: ResourceRequest,
): Promise<ApiResponse> {
  if (r.verb !== 'get' && r.verb !== 'list') throw methodNotAllowed();
  const now = ctx.clock.now();
  if (r.resource.kind === 'NodeMetrics') {
    if (r.verb === 'get') {
      const node = (await ctx.registry(nodes).tryGet(undefined, r.name!)) as Node | undefined;
      const usage = node && store.node(r.name!, now);
      if (!node || !usage) throw notFound(nodeMetricsResource, r.name!);
      return ok(nodeMetrics(node, usage, now));
    }
    const matches = filterFor(r.resource, r.query);
    const items: NodeMetrics[] = [];
    for (const node of (await ctx.registry(nodes).list()).items as Node[]) {
      const usage = store.node(node.metadata.name ?? '', now);
      if (!usage) continue;
      const metrics = nodeMetrics(node, usage, now);
      if (matches(metrics)) items.push(metrics);
    }
    return list('NodeMetricsList', items);
  }
  const namespace = r.namespace;
  if (r.verb === 'get') {
    const pod = (await ctx.registry(pods).tryGet(namespace, r.name!)) as Pod | undefined;
    if (!pod) throw notFound(podListerResource, r.name!);
    const usage = store.pod(namespace ?? '', r.name!, now);
    if (!usage) throw notFound(podMetricsResource, `${namespace ?? ''}/${r.name!}`);
    return ok(podMetrics(pod, usage, now));
  }
  const matches = filterFor(r.resource, r.query);
  const usages = new Map(store.pods(now).map((u) => [`${u.namespace}/${u.name}`, u]));
  const items: PodMetrics[] = [];
  for (const pod of (await ctx.registry(pods).list(namespace)).items as Pod[]) {
    const usage = usages.get(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
    if (!usage) continue;
    const metrics = podMetrics(pod, usage, now);
    if (matches(metrics)) items.push(metrics);
  }
  return list('PodMetricsList', items);
}

const scrapePath = /^\/apis\/metrics\.k8s\.io\/v1beta1\/nodes\/([^/?]+)\/scrape(?:\?|$)/;

/** The node a kubelet's sample is for, when the request posts one; undefined otherwise. */
export function scrapeTarget(request: ApiRequest, method: string): string | undefined {
  if (method !== 'POST') return undefined;
  const m = scrapePath.exec(request.path);
  return m ? decodeURIComponent(m[1]) : undefined;
}

function isScrape(body: unknown): body is KubeletMetricsScrape {
  const s = body as Partial<KubeletMetricsScrape> | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    s.kind === 'KubeletMetricsScrape' &&
    typeof s.timestamp === 'number' &&
    typeof s.wallTime === 'number' &&
    typeof s.interval === 'number' &&
    Array.isArray(s.containers)
  );
}

/**
 * A kubelet's sample of its node's usage (what metrics-server would have scraped from it):
 * kept for the metrics API. Not part of the metrics API's discovery; the stand-in for
 * metrics-server's scrape, see KubeletMetricsScrape.
 */
export function handleScrape(store: MetricsStore, nodeName: string, body: unknown): ApiResponse {
  const scrape = typeof body === 'string' ? (JSON.parse(body) as unknown) : body;
  if (!isScrape(scrape)) throw badRequest('the body is not a KubeletMetricsScrape');
  store.record(nodeName, scrape);
  return ok({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 });
}
