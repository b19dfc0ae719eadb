import { selectorMatcher } from '../../kernel/controllers/util/selector-matcher.ts';
import type { Deployment } from '../../kernel/types/apps.ts';
import type { Pod } from '../../kernel/types/core.ts';
import type { EndpointSlice } from '../../kernel/types/discovery.ts';
import type { Service } from '../../kernel/types/service.ts';
import type { TrafficCounts } from '../../workers/node/network/node-network.ts';
import type { PageTrafficCounts } from '../page-traffic.ts';

/** What the page knows at one moment, for one sample of every Deployment's series. */
export interface ClusterSnapshot {
  /** Cluster time (ms): the chart's x axis. */
  clusterMs: number;
  /** Page time (ms, performance.now): rates are per second of it. */
  realMs: number;
  deployments: readonly Deployment[];
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
  pods: readonly Pod[];
  /** The nodes' cumulative connection counts, with the page's own failures when known. */
  traffic?: TrafficCounts & { page?: PageTrafficCounts };
}

/**
 * One Deployment's history, one entry per sample (uPlot's columns): `t` in cluster seconds;
 * desired, ready and updated (new-template) replicas; ready endpoints of the Services that
 * select its pods; connections per second its pods accepted; the page's failed connections
 * per second to its Services and pods. A rate is null where it cannot be known yet.
 */
export interface WorkloadSeries {
  t: number[];
  desired: number[];
  ready: number[];
  updated: number[];
  endpoints: number[];
  connections: (number | null)[];
  failures: (number | null)[];
}

/** One sample of a WorkloadSeries. */
interface WorkloadPoint {
  desired: number;
  ready: number;
  updated: number;
  endpoints: number;
  connections: number | null;
  failures: number | null;
}

/** How many samples each series keeps: five minutes at one a second. */
export const defaultCapacity = 300;

const serviceNameLabel = 'kubernetes.io/service-name';

/**
 * Samples of every Deployment's replicas, endpoints, traffic and errors over cluster time,
 * kept for the last `capacity` samples each. DOM-free: the page feeds it a snapshot once a
 * second and a chart reads the columns.
 */
export class WorkloadSeriesRecorder {
  private readonly byKey = new Map<string, WorkloadSeries>();
  private previous?: {
    realMs: number;
    pods: Record<string, number>;
    failed: Record<string, number>;
  };

  constructor(private readonly capacity = defaultCapacity) {}

  /** Deployments with a history, `namespace/name`, sorted. */
  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  series(key: string): WorkloadSeries | undefined {
    return this.byKey.get(key);
  }

  /** Appends one sample for every Deployment in the snapshot. */
  sample(snapshot: ClusterSnapshot): void {
    const before = this.previous;
    const counts = snapshot.traffic;
    const seconds = before ? (snapshot.realMs - before.realMs) / 1000 : 0;
    const rate = (now: Record<string, number>, then: Record<string, number>, keys: string[]) =>
      keys.reduce((sum, key) => sum + Math.max(0, (now[key] ?? 0) - (then[key] ?? 0)), 0) / seconds;
    for (const d of snapshot.deployments) {
      const namespace = d.metadata.namespace ?? 'default';
      const key = `${namespace}/${d.metadata.name ?? ''}`;
      const matches = selectorMatcher(d.spec.selector);
      const pods = snapshot.pods.filter(
        (pod) => pod.metadata.namespace === namespace && !!matches?.(pod.metadata.labels),
      );
      const services = servicesOf(d, snapshot.services);
      const row: WorkloadPoint = {
        desired: d.spec.replicas ?? 1,
        ready: d.status?.readyReplicas ?? 0,
        updated: d.status?.updatedReplicas ?? 0,
        endpoints: readyEndpoints(services, snapshot.endpointSlices),
        connections: null,
        failures: null,
      };
      if (before && counts && seconds > 0) {
        const podKeys = pods.map((pod) => `${namespace}/${pod.metadata.name}`);
        row.connections = rate(counts.pods, before.pods, podKeys);
        if (counts.page) {
          const targets = destinations(services, pods);
          const failedKeys = Object.keys(counts.page.failed).filter((k) => targets(k));
          row.failures = rate(counts.page.failed, before.failed, failedKeys);
        }
      }
      this.append(key, snapshot.clusterMs / 1000, row);
    }
    if (counts) {
      this.previous = {
        realMs: snapshot.realMs,
        pods: { ...counts.pods },
        failed: { ...counts.page?.failed },
      };
    }
  }

  private append(key: string, t: number, row: WorkloadPoint): void {
    let series = this.byKey.get(key);
    if (!series) {
      series = {
        t: [],
        desired: [],
        ready: [],
        updated: [],
        endpoints: [],
        connections: [],
        failures: [],
      };
      this.byKey.set(key, series);
    }
    // Cluster time that stood still (paused) gives no new point: the last one is updated.
    const last = series.t.length - 1;
    const replace = last >= 0 && series.t[last] >= t;
    const at = replace ? last : series.t.length;
    series.t[at] = replace ? series.t[last] : t;
    series.desired[at] = row.desired;
    series.ready[at] = row.ready;
    series.updated[at] = row.updated;
    series.endpoints[at] = row.endpoints;
    series.connections[at] = row.connections;
    series.failures[at] = row.failures;
    if (series.t.length > this.capacity) {
      for (const column of Object.values(series) as unknown[][]) column.shift();
    }
  }
}

/** Services in the Deployment's namespace whose selector its pod template matches. */
function servicesOf(d: Deployment, services: readonly Service[]): Service[] {
  const labels = d.spec.template.metadata?.labels ?? {};
  return services.filter((svc) => {
    const selector = svc.spec?.selector;
    if (svc.metadata.namespace !== (d.metadata.namespace ?? 'default')) return false;
    if (!selector || Object.keys(selector).length === 0) return false;
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
  });
}

/** Distinct ready addresses in the Services' EndpointSlices (ready unset counts as ready). */
function readyEndpoints(services: Service[], slices: readonly EndpointSlice[]): number {
  const addresses = new Set<string>();
  for (const svc of services) {
    for (const slice of slices) {
      if (slice.metadata.namespace !== svc.metadata.namespace) continue;
      if (slice.metadata.labels?.[serviceNameLabel] !== svc.metadata.name) continue;
      for (const endpoint of slice.endpoints ?? []) {
        if (endpoint.conditions?.ready === false) continue;
        for (const address of endpoint.addresses) addresses.add(address);
      }
    }
  }
  return addresses.size;
}

/** Whether an `ip:port` the page connected to is one of these Services or pods. */
function destinations(services: Service[], pods: Pod[]): (key: string) => boolean {
  const ips = new Set<string>();
  for (const svc of services) {
    for (const ip of [svc.spec?.clusterIP, ...(svc.spec?.clusterIPs ?? [])]) if (ip) ips.add(ip);
    for (const ingress of svc.status?.loadBalancer?.ingress ?? [])
      if (ingress.ip) ips.add(ingress.ip);
  }
  for (const pod of pods) if (pod.status?.podIP) ips.add(pod.status.podIP);
  return (key) => ips.has(key.slice(0, key.lastIndexOf(':')));
}
