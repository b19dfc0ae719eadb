/**
 * The quota evaluators (pkg/quota/v1/evaluator/core and generic): for each kind of object,
 * which quota resources it can use up, what one object uses, whether it falls in a quota's
 * scopes, and for pods the per-container constraints. Every namespaced kind without an
 * evaluator of its own is counted as `count/<resource>[.<group>]`.
 */
import type { Pod } from '../../types/core.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { ResourceQuota, ScopedResourceSelectorRequirement } from '../../types/quota.ts';
import type { PersistentVolumeClaim } from '../../types/storage.ts';
import { parseQuantityValue, quantityError, type Quantity } from '../quantity.ts';
import type { ResourceInfo } from '../resources.ts';
import {
  podConstraints,
  podMatchesScope,
  podMatchingResources,
  podUsage,
} from './pod-evaluator.ts';
import type { Amounts } from './resource-lists.ts';

/** What quota needs to know about one kind of object. */
export interface QuotaEvaluator {
  /** The quota resource names, among `names`, that objects of this kind use up. */
  matchingResources(names: readonly string[]): string[];
  /** What one object uses (at cluster time `now`). */
  usage(object: KubeObject, now: number): Amounts;
  /** Whether the object falls in one scope expression of a quota. */
  matchesScope(scope: ScopedResourceSelectorRequirement, object: KubeObject): boolean;
  /** A refusal for an object lacking what the quota's resources require, else undefined. */
  constraints(required: readonly string[], object: KubeObject): string | undefined;
  /** Whether updates can change usage (and so are checked too), not only creations. */
  checksUpdates: boolean;
}

const one = () => parseQuantityValue('1');

/** The object-count resource name: `count/pods`, `count/deployments.apps`. */
export function objectCountName(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return `count/${info.resource}${info.group ? `.${info.group}` : ''}`;
}

/** An evaluator that charges one of each named resource per object. */
function countingEvaluator(names: readonly string[], checksUpdates = false): QuotaEvaluator {
  const set = new Set(names);
  return {
    matchingResources: (input) => input.filter((n) => set.has(n)),
    usage: () => new Map(names.map((n) => [n, one()])),
    // generic.MatchesNoScopeFunc: scoped quotas are for pods only.
    matchesScope: () => false,
    constraints: () => undefined,
    checksUpdates,
  };
}

const podEvaluator: QuotaEvaluator = {
  matchingResources: podMatchingResources,
  usage: (object, now) => podUsage(object as Pod, now),
  matchesScope: (scope, object) => podMatchesScope(scope, object as Pod),
  constraints: (required, object) => podConstraints(required, object as Pod),
  checksUpdates: false,
};

const serviceEvaluator: QuotaEvaluator = {
  matchingResources: (input) =>
    input.filter((n) =>
      ['services', 'count/services', 'services.loadbalancers', 'services.nodeports'].includes(n),
    ),
  usage: (object) => {
    const spec = (object.spec ?? {}) as {
      type?: string;
      ports?: { nodePort?: number }[];
      allocateLoadBalancerNodePorts?: boolean;
    };
    const ports = spec.ports ?? [];
    const out: Amounts = new Map([
      ['services', one()],
      ['count/services', one()],
    ]);
    const count = (n: number) => parseQuantityValue(String(n));
    if (spec.type === 'NodePort') out.set('services.nodeports', count(ports.length));
    if (spec.type === 'LoadBalancer') {
      const nodePorts =
        spec.allocateLoadBalancerNodePorts === false
          ? ports.filter((p) => p.nodePort).length
          : ports.length;
      out.set('services.nodeports', count(nodePorts));
      out.set('services.loadbalancers', one());
    }
    return out;
  },
  matchesScope: () => false,
  constraints: () => undefined,
  checksUpdates: true,
};

const storageClassSuffix = '.storageclass.storage.k8s.io/';

/** GetPersistentVolumeClaimClass: the beta annotation first, then spec.storageClassName. */
export function claimClass(pvc: PersistentVolumeClaim): string {
  const annotated = pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (annotated !== undefined) return annotated;
  return pvc.spec?.storageClassName ?? '';
}

/** getStorageUsage rounds a fractional size up to whole bytes (kubernetes#94313). */
function wholeBytes(q: Quantity): Quantity {
  const rest = q.nanos % 1_000_000_000n;
  return rest === 0n ? q : { ...q, nanos: q.nanos - rest + 1_000_000_000n };
}

const claimEvaluator: QuotaEvaluator = {
  matchingResources: (input) =>
    input.filter(
      (n) =>
        ['persistentvolumeclaims', 'count/persistentvolumeclaims', 'requests.storage'].includes(
          n,
        ) ||
        (n.includes(storageClassSuffix) &&
          (n.endsWith('/persistentvolumeclaims') || n.endsWith('/requests.storage'))),
    ),
  usage: (object) => {
    const pvc = object as PersistentVolumeClaim;
    const out: Amounts = new Map([
      ['persistentvolumeclaims', one()],
      ['count/persistentvolumeclaims', one()],
    ]);
    const cls = claimClass(pvc);
    if (cls) out.set(`${cls}${storageClassSuffix}persistentvolumeclaims`, one());
    const sizes = [pvc.spec?.resources?.requests?.storage, pvc.status?.allocatedResources?.storage]
      .filter((q): q is string => typeof q === 'string' && quantityError(q) === undefined)
      .map((q) => parseQuantityValue(q));
    if (sizes.length > 0) {
      const size = wholeBytes(sizes.reduce((a, b) => (b.nanos > a.nanos ? b : a)));
      out.set('requests.storage', size);
      if (cls) out.set(`${cls}${storageClassSuffix}requests.storage`, size);
    }
    return out;
  },
  matchesScope: () => false,
  constraints: () => undefined,
  checksUpdates: true,
};

/** Legacy names some core kinds are also counted under. */
const legacyNames: Record<string, string> = {
  configmaps: 'configmaps',
  secrets: 'secrets',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

/** The evaluator for a resource (an object count for kinds without their own). */
export function evaluatorFor(info: ResourceInfo): QuotaEvaluator {
  if (info.group === '') {
    if (info.resource === 'pods') return podEvaluator;
    if (info.resource === 'services') return serviceEvaluator;
    if (info.resource === 'persistentvolumeclaims') return claimEvaluator;
    const legacy = legacyNames[info.resource];
    if (legacy) return countingEvaluator([legacy, objectCountName(info)]);
  }
  return countingEvaluator([objectCountName(info)]);
}

/**
 * generic.Matches: the quota limits at least one resource the object uses, and the object
 * falls in every scope the quota names (scopes and scopeSelector expressions).
 */
export function quotaMatches(
  evaluator: QuotaEvaluator,
  quota: ResourceQuota,
  object: KubeObject,
): boolean {
  const hard = Object.keys(quota.status?.hard ?? {});
  if (evaluator.matchingResources(hard).length === 0) return false;
  return scopeSelectorsOf(quota).every((s) => evaluator.matchesScope(s, object));
}

/** getScopeSelectorsFromQuota: each scope as an Exists expression, then the selector's. */
export function scopeSelectorsOf(quota: ResourceQuota): ScopedResourceSelectorRequirement[] {
  return [
    ...(quota.spec?.scopes ?? []).map((scopeName): ScopedResourceSelectorRequirement => ({
      scopeName,
      operator: 'Exists',
    })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []),
  ];
}
