/**
 * Quota's pod evaluator (pkg/quota/v1/evaluator/core/pods.go): what a pod charges (`pods` and
 * compute while it is not finished, `count/pods` always), which quota scopes it falls in, and
 * the old rule that a quota on cpu or memory makes every container state them.
 */
import type { Pod } from '../../types/core.ts';
import type { ScopedResourceSelectorRequirement } from '../../types/quota.ts';
import { podQosClass } from '../defaults/qos-class.ts';
import { parseQuantityValue } from '../quantity.ts';
import { podLimits, podRequests } from './pod-resources.ts';
import { add, amountsOf, type Amounts } from './resource-lists.ts';

const one = () => parseQuantityValue('1');

/** The resources a pod can be charged for. */
const podResources = new Set([
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
]);

/** The resources whose quota makes every container state them (validationSet). */
const validationSet = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

const isHugePagesQuota = (name: string): boolean =>
  name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');

/** Extended resources are quota'd as `requests.<domain>/<name>` only. */
const isExtendedQuota = (name: string): boolean =>
  name.startsWith('requests.') && name.includes('/') && !name.includes('kubernetes.io/');

/** MatchingResources: the names among `names` a pod can use up. */
export function podMatchingResources(names: readonly string[]): string[] {
  return names.filter((n) => podResources.has(n) || isHugePagesQuota(n) || isExtendedQuota(n));
}

/** podComputeUsageHelper: requests and limits under their quota names, plus one pod. */
export function podComputeUsage(requests: Amounts, limits: Amounts): Amounts {
  const out: Amounts = new Map([['pods', one()]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [name, q] of requests) {
    if (name.startsWith('hugepages-')) {
      out.set(name, q);
      out.set(`requests.${name}`, q);
    } else if (name.includes('/') && !name.includes('kubernetes.io/')) {
      out.set(`requests.${name}`, q);
    }
  }
  return out;
}

/**
 * QuotaV1Pod: a finished pod no longer counts, nor does one whose deletion grace period has
 * run out (a pod stuck terminating on a lost node).
 */
export function podCountsForQuota(pod: Pod, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deletion = pod.metadata.deletionTimestamp;
  const grace = pod.metadata.deletionGracePeriodSeconds;
  if (deletion && grace !== undefined && grace !== null) {
    if (now > Date.parse(deletion) + grace * 1000) return false;
  }
  return true;
}

/** PodUsageFunc: `count/pods` always; `pods` and compute while the pod counts. */
export function podUsage(pod: Pod, now: number): Amounts {
  const result: Amounts = new Map([['count/pods', one()]]);
  if (!podCountsForQuota(pod, now)) return result;
  return add(result, podComputeUsage(podRequests(pod), podLimits(pod)));
}

function isTerminating(pod: Pod): boolean {
  const deadline = pod.spec.activeDeadlineSeconds;
  return typeof deadline === 'number' && deadline >= 0;
}

function usesCrossNamespaceAffinity(pod: Pod): boolean {
  const affinity = pod.spec.affinity as Record<string, unknown> | undefined;
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = affinity?.[kind] as Record<string, unknown[]> | undefined;
    const terms = [
      ...(a?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(
        (a?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Record<string, unknown>[]
      ).map((w) => (w as Record<string, unknown>).podAffinityTerm),
    ] as Record<string, unknown>[];
    if (terms.some((t) => (t?.namespaces as unknown[])?.length || t?.namespaceSelector))
      return true;
  }
  return false;
}

/** podMatchesScopeFunc: whether the pod falls in one scope expression. */
export function podMatchesScope(scope: ScopedResourceSelectorRequirement, pod: Pod): boolean {
  switch (scope.scopeName) {
    case 'Terminating':
      return isTerminating(pod);
    case 'NotTerminating':
      return !isTerminating(pod);
    case 'BestEffort':
      return podQosClass(pod.spec) === 'BestEffort';
    case 'NotBestEffort':
      return podQosClass(pod.spec) !== 'BestEffort';
    case 'PriorityClass': {
      const cls = pod.spec.priorityClassName ?? '';
      switch (scope.operator) {
        case 'Exists':
          return cls !== '';
        case 'DoesNotExist':
          return cls === '';
        case 'In':
          return cls !== '' && (scope.values ?? []).includes(cls);
        case 'NotIn':
          return !(scope.values ?? []).includes(cls);
        default:
          return false;
      }
    }
    case 'CrossNamespacePodAffinity':
      return usesCrossNamespaceAffinity(pod);
    default:
      return false;
  }
}

/**
 * Constraints: with a quota on cpu or memory, each container must state that resource; the
 * message lists each missing resource with its containers (`must specify limits.cpu for: app;
 * requests.cpu for: app`), or is undefined when nothing is missing.
 */
export function podConstraints(required: readonly string[], pod: Pod): string | undefined {
  const needed = required.filter((r) => validationSet.has(r));
  if (needed.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
    const have = podComputeUsage(amountsOf(c.resources?.requests), amountsOf(c.resources?.limits));
    for (const r of needed) {
      if (have.has(r)) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)!.add(c.name);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}
