import type { ContainerSample, KubeletMetricsScrape } from '../types/metrics.ts';

/** One container's usage over a window: CPU as a rate, memory as held at its end. */
export interface ContainerUsage {
  name: string;
  /** CPU use in nanocores (nanoseconds of CPU per second). */
  nanocores: number;
  memoryBytes: number;
}

/** A pod's usage: every running container of it, measured over `window` ending at `timestamp`. */
export interface PodUsage {
  namespace: string;
  name: string;
  /** Cluster ms since the epoch. */
  timestamp: number;
  /** Cluster ms. */
  window: number;
  containers: ContainerUsage[];
}

export interface NodeUsage {
  name: string;
  timestamp: number;
  window: number;
  nanocores: number;
  memoryBytes: number;
}

interface NodeSamples {
  last: KubeletMetricsScrape;
  prev?: KubeletMetricsScrape;
}

const containerKey = (c: ContainerSample) => `${c.namespace}/${c.pod}/${c.name}`;

/**
 * The in-memory store of the metrics API, in metrics-server's place: per node, the last two
 * samples its kubelet posted. A container's CPU usage is the rate between its two samples
 * (same instance, counters not gone backwards), or, for an instance started since the older
 * sample, between its start and the newer one (as metrics-server does for new containers).
 * Rates use the samples' real time, since CPU time is real time; windows and timestamps are
 * cluster time. A node whose kubelet has not posted for two of its intervals is forgotten,
 * as metrics-server drops a node it cannot scrape.
 */
export class MetricsStore {
  private readonly nodes = new Map<string, NodeSamples>();

  /** Keeps a node's new sample; one not newer than the last is ignored. */
  record(nodeName: string, scrape: KubeletMetricsScrape): void {
    const known = this.nodes.get(nodeName);
    if (known && scrape.timestamp <= known.last.timestamp) return;
    this.nodes.set(nodeName, { last: scrape, prev: known?.last });
  }

  /** Forgets a node's samples. */
  forget(nodeName: string): void {
    this.nodes.delete(nodeName);
  }

  /** The usage of every pod on fresh nodes that has metrics for all its running containers. */
  pods(now: number): PodUsage[] {
    const result: PodUsage[] = [];
    for (const samples of this.freshNodes(now)) result.push(...podUsages(samples));
    return result;
  }

  /** One pod's usage, when it has metrics. */
  pod(namespace: string, name: string, now: number): PodUsage | undefined {
    return this.pods(now).find((p) => p.namespace === namespace && p.name === name);
  }

  /** A node's usage (the sum of its containers'), once it has posted two fresh samples. */
  node(nodeName: string, now: number): NodeUsage | undefined {
    const samples = this.nodes.get(nodeName);
    if (!samples || !isFresh(samples.last, now) || !samples.prev) return undefined;
    const { last, prev } = samples;
    let nanocores = 0;
    for (const c of last.containers) nanocores += containerRate(c, last, prev)?.nanocores ?? 0;
    return {
      name: nodeName,
      timestamp: last.timestamp,
      window: last.timestamp - prev.timestamp,
      nanocores,
      memoryBytes: last.containers.reduce((sum, c) => sum + c.memoryWorkingSetBytes, 0),
    };
  }

  private *freshNodes(now: number): Iterable<NodeSamples> {
    for (const samples of this.nodes.values()) {
      if (isFresh(samples.last, now)) yield samples;
    }
  }
}

function isFresh(scrape: KubeletMetricsScrape, now: number): boolean {
  return now - scrape.timestamp <= 2 * scrape.interval;
}

/** A container's CPU rate and window in `last`, or undefined when it has only one point. */
function containerRate(
  c: ContainerSample,
  last: KubeletMetricsScrape,
  prev: KubeletMetricsScrape | undefined,
): { nanocores: number; window: number } | undefined {
  const before = prev?.containers.find(
    (p) => containerKey(p) === containerKey(c) && p.containerID === c.containerID,
  );
  if (prev && before && before.cpuUsageNanoseconds <= c.cpuUsageNanoseconds) {
    const wallMs = last.wallTime - prev.wallTime;
    if (wallMs <= 0) return undefined;
    return {
      nanocores: ((c.cpuUsageNanoseconds - before.cpuUsageNanoseconds) * 1000) / wallMs,
      window: last.timestamp - prev.timestamp,
    };
  }
  // A new instance: its start is the earlier point, with nothing used yet.
  if (prev && c.startTime < prev.timestamp) return undefined;
  const wallMs = last.wallTime - c.startWallTime;
  const window = last.timestamp - c.startTime;
  if (wallMs <= 0 || window <= 0) return undefined;
  return { nanocores: (c.cpuUsageNanoseconds * 1000) / wallMs, window };
}

/** The pods of one node's last sample whose every container has a rate. */
function podUsages({ last, prev }: NodeSamples): PodUsage[] {
  const byPod = new Map<string, PodUsage | null>();
  for (const c of last.containers) {
    const key = `${c.namespace}/${c.pod}`;
    const pod = byPod.get(key);
    if (pod === null) continue;
    const rate = containerRate(c, last, prev);
    if (!rate) {
      byPod.set(key, null);
      continue;
    }
    const usage = { name: c.name, nanocores: rate.nanocores, memoryBytes: c.memoryWorkingSetBytes };
    if (pod) {
      pod.containers.push(usage);
      pod.window = Math.max(pod.window, rate.window);
    } else {
      byPod.set(key, {
        namespace: c.namespace,
        name: c.pod,
        timestamp: last.timestamp,
        window: rate.window,
        containers: [usage],
      });
    }
  }
  return [...byPod.values()].filter((p): p is PodUsage => p !== null);
}
