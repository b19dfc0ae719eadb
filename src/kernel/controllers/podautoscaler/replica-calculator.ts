/**
 * The HPA's replica calculation (podautoscaler's ReplicaCalculator), free of I/O: from the
 * pods the scale target selects and their metrics, the replica count a resource metric asks
 * for. Values are milli-units, as Quantity.MilliValue() gives them; times are ms.
 */
import { parseQuantityValue } from '../../api/quantity.ts';
import type { Pod } from '../../types/core.ts';
import { podReadyCondition } from '../util/pod-readiness.ts';

/** One pod's usage of a metric: milli-units, measured over `window` ending at `timestamp`. */
export interface PodMetric {
  timestamp: number;
  window: number;
  value: number;
}

/** Pod name → its metric (PodMetricsInfo). */
export type PodMetricsInfo = Map<string, PodMetric>;

/** How the calculation treats pods and ratios (the controller's flags). */
export interface CalculatorOptions {
  /** --horizontal-pod-autoscaler-tolerance: 0.1. */
  tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period (5 min), ms. */
  cpuInitializationPeriod: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (30 s), ms. */
  delayOfInitialReadinessStatus: number;
  now: number;
}

/** A replica count asked for, with the metric's current value. */
export interface ResourceProposal {
  replicas: number;
  /** Average utilization in percent of the requests (Utilization targets only). */
  utilization: number;
  /** Average usage per pod, milli-units. */
  rawUsage: number;
}

/** Quantity.MilliValue(): rounded up. */
export function milliValue(q: string | number | undefined): number {
  if (q === undefined) return 0;
  const nanos = parseQuantityValue(q).nanos;
  const milli = nanos >= 0n ? (nanos + 999_999n) / 1_000_000n : nanos / 1_000_000n;
  return Number(milli);
}

/** Within the tolerance of 1: the change would be too small to act on. */
function within(usageRatio: number, tolerance: number): boolean {
  return 1 - tolerance <= usageRatio && usageRatio <= 1 + tolerance;
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export interface PodGroups {
  readyPodCount: number;
  /** Pending, or (for CPU) not ready or measured too soon after becoming ready. */
  unreadyPods: Set<string>;
  /** Running but without a metric. */
  missingPods: Set<string>;
  /** Being deleted or finished. */
  ignoredPods: Set<string>;
}

/**
 * groupPods: which pods count. For CPU, a pod still in its initialization period counts only
 * once ready and measured for a whole window since; after it, a pod that is not ready and
 * never was since its start (within the readiness delay) does not count.
 */
export function groupPods(
  pods: readonly Pod[],
  metrics: PodMetricsInfo,
  resource: string,
  options: Pick<
    CalculatorOptions,
    'cpuInitializationPeriod' | 'delayOfInitialReadinessStatus' | 'now'
  >,
): PodGroups {
  const groups: PodGroups = {
    readyPodCount: 0,
    unreadyPods: new Set(),
    missingPods: new Set(),
    ignoredPods: new Set(),
  };
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    if (pod.metadata.deletionTimestamp || isTerminal(pod)) {
      groups.ignoredPods.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      groups.unreadyPods.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      groups.missingPods.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const condition = podReadyCondition(pod);
      const started = Date.parse(pod.status?.startTime ?? '');
      let unready: boolean;
      if (!condition || !Number.isFinite(started)) unready = true;
      else {
        const transition = Date.parse(condition.lastTransitionTime ?? '') || 0;
        if (started + options.cpuInitializationPeriod > options.now) {
          unready = condition.status === 'False' || metric.timestamp < transition + metric.window;
        } else {
          unready =
            condition.status === 'False' &&
            started + options.delayOfInitialReadinessStatus > transition;
        }
      }
      if (unready) {
        groups.unreadyPods.add(name);
        continue;
      }
    }
    groups.readyPodCount++;
  }
  return groups;
}

/**
 * calculateRequests: each pod's request of the resource (the named container's, or the sum
 * over its containers and sidecars), milli-units; a container without one is an error.
 */
export function calculateRequests(
  pods: readonly Pod[],
  container: string,
  resource: string,
): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const containers = [
      ...pod.spec.containers,
      ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
    ];
    let request = 0;
    let found = false;
    for (const c of containers) {
      if (container === '' || container === c.name) {
        const q = c.resources?.requests?.[resource];
        if (q === undefined) {
          throw new Error(
            `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name ?? ''}`,
          );
        }
        request += milliValue(q);
      }
      if (container === c.name) {
        found = true;
        break;
      }
    }
    if (container !== '' && !found) {
      throw new Error(`container ${container} not found in Pod ${pod.metadata.name ?? ''}`);
    }
    requests.set(pod.metadata.name ?? '', request);
  }
  return requests;
}

/** GetResourceUtilizationRatio: usage over requests of the pods that have both. */
export function resourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: Map<string, number>,
  targetUtilization: number,
): { usageRatio: number; utilization: number; rawUsage: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [pod, metric] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue;
    metricsTotal += metric.value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    usageRatio: utilization / targetUtilization,
    utilization,
    rawUsage: Math.trunc(metricsTotal / entries),
  };
}

/** GetMetricUsageRatio: the average over the pods against the target. */
export function metricUsageRatio(
  metrics: PodMetricsInfo,
  targetUsage: number,
): { usageRatio: number; usage: number } {
  let total = 0;
  for (const metric of metrics.values()) total += metric.value;
  const usage = Math.trunc(total / metrics.size);
  return { usageRatio: usage / targetUsage, usage };
}

function removePods(metrics: PodMetricsInfo, pods: Set<string>): void {
  for (const pod of pods) metrics.delete(pod);
}

/**
 * The shared second half of both calculations: with pods missing metrics (counted at the
 * fallback on a scale-down, at 0 on a scale-up) and unready pods (at 0, on a scale-up only),
 * recompute, and keep the current count when that would be within tolerance or would turn
 * the direction of the change.
 */
function rebalance(
  currentReplicas: number,
  usageRatio: number,
  readyPodCount: number,
  groups: PodGroups,
  metrics: PodMetricsInfo,
  tolerance: number,
  missingValue: (pod: string) => number,
  ratioOf: (metrics: PodMetricsInfo) => number,
): number {
  const scaleUpWithUnready = groups.unreadyPods.size > 0 && usageRatio > 1;
  if (!scaleUpWithUnready && groups.missingPods.size === 0) {
    if (within(usageRatio, tolerance)) return currentReplicas;
    return Math.ceil(usageRatio * readyPodCount);
  }
  if (groups.missingPods.size > 0) {
    if (usageRatio < 1) {
      for (const pod of groups.missingPods)
        metrics.set(pod, { timestamp: 0, window: 0, value: missingValue(pod) });
    } else if (usageRatio > 1) {
      for (const pod of groups.missingPods) metrics.set(pod, { timestamp: 0, window: 0, value: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const pod of groups.unreadyPods) metrics.set(pod, { timestamp: 0, window: 0, value: 0 });
  }
  const newUsageRatio = ratioOf(metrics);
  if (
    within(newUsageRatio, tolerance) ||
    (usageRatio < 1 && newUsageRatio > 1) ||
    (usageRatio > 1 && newUsageRatio < 1)
  ) {
    return currentReplicas;
  }
  const replicas = Math.ceil(newUsageRatio * metrics.size);
  if (
    (newUsageRatio < 1 && replicas > currentReplicas) ||
    (newUsageRatio > 1 && replicas < currentReplicas)
  ) {
    return currentReplicas;
  }
  return replicas;
}

/**
 * GetResourceReplicas: the replicas a Utilization target of a resource asks for, from the
 * pods' usage against their requests. `metricsIn` is not changed.
 */
export function resourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  container: string,
  pods: readonly Pod[],
  metricsIn: PodMetricsInfo,
  options: CalculatorOptions,
): ResourceProposal {
  if (pods.length === 0)
    throw new Error('no pods returned by selector while calculating replica count');
  const metrics = new Map(metricsIn);
  const groups = groupPods(pods, metrics, resource, options);
  removePods(metrics, groups.ignoredPods);
  removePods(metrics, groups.unreadyPods);
  if (metrics.size === 0) {
    throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  }
  const requests = calculateRequests(pods, container, resource);
  const { usageRatio, utilization, rawUsage } = resourceUtilizationRatio(
    metrics,
    requests,
    targetUtilization,
  );
  // Missing pods count as using 100% of their request, or the target when it is higher.
  const fallback = Math.max(100, targetUtilization);
  const replicas = rebalance(
    currentReplicas,
    usageRatio,
    groups.readyPodCount,
    groups,
    metrics,
    options.tolerance,
    (pod) => Math.trunc(((requests.get(pod) ?? 0) * fallback) / 100),
    (m) => resourceUtilizationRatio(m, requests, targetUtilization).usageRatio,
  );
  return { replicas, utilization, rawUsage };
}

/**
 * GetRawResourceReplicas (calcPlainMetricReplicas): the replicas an AverageValue target asks
 * for, from the pods' average usage; a missing pod counts as using exactly the target.
 */
export function rawResourceReplicas(
  currentReplicas: number,
  targetUsage: number,
  resource: string,
  pods: readonly Pod[],
  metricsIn: PodMetricsInfo,
  options: CalculatorOptions,
): { replicas: number; usage: number } {
  if (pods.length === 0)
    throw new Error('no pods returned by selector while calculating replica count');
  const metrics = new Map(metricsIn);
  const groups = groupPods(pods, metrics, resource, options);
  removePods(metrics, groups.ignoredPods);
  removePods(metrics, groups.unreadyPods);
  if (metrics.size === 0) {
    throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  }
  const { usageRatio, usage } = metricUsageRatio(metrics, targetUsage);
  const replicas = rebalance(
    currentReplicas,
    usageRatio,
    groups.readyPodCount,
    groups,
    metrics,
    options.tolerance,
    () => targetUsage,
    (m) => metricUsageRatio(m, targetUsage).usageRatio,
  );
  return { replicas, usage };
}
