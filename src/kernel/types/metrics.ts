/**
 * metrics.k8s.io/v1beta1 types (the resource metrics API metrics-server serves), and the
 * sample a kubelet sends in place of metrics-server's scrape of its `/metrics/resource`.
 */
import type { ResourceList } from './core.ts';
import type { KubeObject, ObjectMeta } from './meta.ts';

/** One container's usage: `cpu` in cores (`12345678n`), `memory` in bytes (`2048Ki`). */
export interface ContainerMetrics {
  name: string;
  usage: ResourceList;
}

export interface PodMetrics extends KubeObject {
  apiVersion?: 'metrics.k8s.io/v1beta1';
  kind?: 'PodMetrics';
  metadata: ObjectMeta;
  /** The end of the window the usage was measured over (RFC 3339). */
  timestamp: string;
  /** How long the usage was measured over, as a Go duration (`15.002s`). */
  window: string;
  containers: ContainerMetrics[];
}

export interface NodeMetrics extends KubeObject {
  apiVersion?: 'metrics.k8s.io/v1beta1';
  kind?: 'NodeMetrics';
  metadata: ObjectMeta;
  timestamp: string;
  window: string;
  usage: ResourceList;
}

/** One running container as its kubelet measured it. */
export interface ContainerSample {
  namespace: string;
  pod: string;
  /** The container's name in the pod. */
  name: string;
  /** Changes when the container restarts: cumulative counters start again from zero. */
  containerID: string;
  /** When this instance started: cluster time and real time (ms since the epoch). */
  startTime: number;
  startWallTime: number;
  /** CPU time the container has used since it started (container_cpu_usage_seconds_total). */
  cpuUsageNanoseconds: number;
  /** Memory it holds now (container_memory_working_set_bytes): its module's linear memory. */
  memoryWorkingSetBytes: number;
}

/**
 * What a kubelet posts to `/apis/metrics.k8s.io/v1beta1/nodes/{node}/scrape` once per metric
 * resolution: the counters metrics-server would have scraped from it. The API server keeps
 * the last two per node and serves rates from them (the stand-in for metrics-server).
 */
export interface KubeletMetricsScrape {
  apiVersion: 'metrics.k8s.io/v1beta1';
  kind: 'KubeletMetricsScrape';
  /** When it was taken: cluster time (ms since the epoch). */
  timestamp: number;
  /** The same moment in real time (ms, sub-millisecond): CPU time is real time, so rates use it. */
  wallTime: number;
  /** How often the kubelet posts (cluster ms): its data is stale after two of these. */
  interval: number;
  containers: ContainerSample[];
}
