/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger): a new pod's containers
 * get the namespace's default limits and requests where they state none (and the
 * `kubernetes.io/limit-ranger` annotation says what was set), then pods and claims are held to
 * each LimitRange's min, max and limit/request ratio, with upstream's messages
 * (`maximum cpu usage per Container is 500m, but limit is 1`). On a claim's update only a
 * storage request the update changes is held to the bounds again (kubernetes#142170): a
 * claim stored before a stricter LimitRange can still be relabelled or bound.
 */
import type { Container, Pod, ResourceList } from '../../types/core.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { LimitRange, LimitRangeItem } from '../../types/quota.ts';
import type { PersistentVolumeClaim } from '../../types/storage.ts';
import {
  canonicalQuantity,
  formatQuantity,
  parseQuantityValue,
  quantityError,
  type Quantity,
} from '../quantity.ts';
import { podLimits, podRequests } from './pod-resources.ts';
import { amountsOf, type Amounts } from './resource-lists.ts';

const limitRangerAnnotation = 'kubernetes.io/limit-ranger';

const sortedEntries = (list: ResourceList | undefined): [string, string][] =>
  Object.entries(list ?? {})
    .filter(([, q]) => quantityError(q) === undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** defaultContainerResourceRequirements: the Container items' defaults of one LimitRange. */
function containerDefaults(range: LimitRange): { requests: ResourceList; limits: ResourceList } {
  const requests: ResourceList = {};
  const limits: ResourceList = {};
  for (const item of range.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, item.defaultRequest ?? {});
    Object.assign(limits, item.default ?? {});
  }
  return { requests, limits };
}

/** mergeContainerResources: fills what the container lacks; returns the annotation parts. */
function mergeContainer(
  c: Container,
  defaults: { requests: ResourceList; limits: ResourceList },
  prefix: string,
): string[] {
  const limits = { ...c.resources?.limits };
  const requests = { ...c.resources?.requests };
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [name, q] of Object.entries(defaults.limits)) {
    if (name in limits) continue;
    limits[name] = q;
    setLimits.push(name);
  }
  for (const [name, q] of Object.entries(defaults.requests)) {
    if (name in requests) continue;
    requests[name] = q;
    setRequests.push(name);
  }
  // Only what was filled in changes; empty lists stay as the request had them.
  if (setLimits.length > 0) c.resources = { ...c.resources, limits };
  if (setRequests.length > 0) c.resources = { ...c.resources, requests };
  const parts: string[] = [];
  if (setRequests.length > 0)
    parts.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
  if (setLimits.length > 0)
    parts.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
  return parts;
}

/** PodMutateLimitFunc for each LimitRange in turn: defaults, and the annotation naming them. */
export function applyLimitRangeDefaults(pod: Pod, ranges: readonly LimitRange[]): void {
  for (const range of ranges) {
    const defaults = containerDefaults(range);
    const parts: string[] = [];
    for (const c of pod.spec.containers ?? [])
      parts.push(...mergeContainer(c, defaults, 'container'));
    for (const c of pod.spec.initContainers ?? [])
      parts.push(...mergeContainer(c, defaults, 'init container'));
    if (parts.length > 0) {
      pod.metadata.annotations = {
        ...pod.metadata.annotations,
        [limitRangerAnnotation]: `LimitRanger plugin set: ${parts.join('; ')}`,
      };
    }
  }
}

/** MaxMilliValue: past it, values are compared in whole units. */
const maxMilliValue = 9223372036854775807n / 1000n;

const ceilDiv = (n: bigint, d: bigint): bigint =>
  n % d === 0n ? n / d : n / d + (n > 0n ? 1n : 0n);

/** requestLimitEnforcedValues: three values at a common precision (milli when it fits). */
function common(values: (Quantity | undefined)[]): bigint[] {
  const whole = values.map((q) => ceilDiv(q?.nanos ?? 0n, 1_000_000_000n));
  if (whole.every((v) => v <= maxMilliValue))
    return values.map((q) => ceilDiv(q?.nanos ?? 0n, 1_000_000n));
  return whole;
}

/** Quantity.String of a stored (canonical) or parsed quantity. */
const show = (q: Quantity | string): string =>
  typeof q === 'string' ? canonicalQuantity(q) : formatQuantity(q);

function minConstraint(
  type: string,
  name: string,
  enforced: string,
  requests: Amounts,
  limits: Amounts,
): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const [r, l, e] = common([req, lim, parseQuantityValue(enforced)]);
  const shown = show(enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${shown}.  No request is specified`;
  if (r < e) return `minimum ${name} usage per ${type} is ${shown}, but request is ${show(req)}`;
  if (lim && l < e)
    return `minimum ${name} usage per ${type} is ${shown}, but limit is ${show(lim)}`;
  return undefined;
}

function maxConstraint(
  type: string,
  name: string,
  enforced: string,
  requests: Amounts,
  limits: Amounts,
): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const [r, l, e] = common([req, lim, parseQuantityValue(enforced)]);
  const shown = show(enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${shown}.  No limit is specified`;
  if (l > e) return `maximum ${name} usage per ${type} is ${shown}, but limit is ${show(lim)}`;
  if (req && r > e)
    return `maximum ${name} usage per ${type} is ${shown}, but request is ${show(req)}`;
  return undefined;
}

/** maxRequestConstraint: for claims, whose limits are not user input. */
function maxRequestConstraint(
  type: string,
  name: string,
  enforced: string,
  requests: Amounts,
): string | undefined {
  const req = requests.get(name);
  const [r, , e] = common([req, undefined, parseQuantityValue(enforced)]);
  const shown = show(enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${shown}.  No request is specified`;
  if (r > e) return `maximum ${name} usage per ${type} is ${shown}, but request is ${show(req)}`;
  return undefined;
}

function ratioConstraint(
  type: string,
  name: string,
  enforced: string,
  requests: Amounts,
  limits: Amounts,
): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const [r, l] = common([req, lim, parseQuantityValue(enforced)]);
  const shown = show(enforced);
  if (!req || r === 0n)
    return `${name} max limit to request ratio per ${type} is ${shown}, but no request is specified or request is 0`;
  if (!lim || l === 0n)
    return `${name} max limit to request ratio per ${type} is ${shown}, but no limit is specified or limit is 0`;
  const observed = Number(l) / Number(r);
  const enforcedQ = parseQuantityValue(enforced);
  const enforcedWhole = ceilDiv(enforcedQ.nanos, 1_000_000_000n);
  let ratio = observed;
  let maxRatio = Number(enforcedWhole);
  if (enforcedWhole <= maxMilliValue) {
    ratio = observed * 1000;
    maxRatio = Number(ceilDiv(enforcedQ.nanos, 1_000_000n));
  }
  if (ratio > maxRatio)
    return `${name} max limit to request ratio per ${type} is ${shown}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

/** Min, max and ratio of one item against one set of requests and limits. */
function checkItem(item: LimitRangeItem, requests: Amounts, limits: Amounts): string[] {
  const errs: string[] = [];
  const push = (e: string | undefined) => e !== undefined && errs.push(e);
  for (const [name, q] of sortedEntries(item.min))
    push(minConstraint(item.type, name, q, requests, limits));
  for (const [name, q] of sortedEntries(item.max))
    push(maxConstraint(item.type, name, q, requests, limits));
  for (const [name, q] of sortedEntries(item.maxLimitRequestRatio))
    push(ratioConstraint(item.type, name, q, requests, limits));
  return errs;
}

/** PodValidateLimitFunc: each container (and init container), then the pod as a whole. */
function validatePod(range: LimitRange, pod: Pod): string[] {
  const errs: string[] = [];
  for (const item of range.spec?.limits ?? []) {
    if (item.type === 'Container') {
      for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
        const requests = amountsOf(c.resources?.requests);
        const limits = amountsOf(c.resources?.limits);
        errs.push(...checkItem(item, requests, limits));
      }
    }
    if (item.type === 'Pod') errs.push(...checkItem(item, podRequests(pod), podLimits(pod)));
  }
  return errs;
}

/** A request both lists hold with equal values (`20Gi` and `20480Mi` are one value). */
function unchangedRequest(name: string, requests: Amounts, oldRequests: Amounts): boolean {
  const now = requests.get(name);
  const before = oldRequests.get(name);
  return now !== undefined && before !== undefined && now.nanos === before.nanos;
}

/**
 * PersistentVolumeClaimValidateLimitFunc: a claim's storage request within min and max;
 * on an update (`old` given) a request left as stored is not checked again.
 */
function validateClaim(
  range: LimitRange,
  pvc: PersistentVolumeClaim,
  old: PersistentVolumeClaim | undefined,
): string[] {
  const errs: string[] = [];
  const requests = amountsOf(pvc.spec?.resources?.requests);
  const oldRequests = amountsOf(old?.spec?.resources?.requests);
  for (const item of range.spec?.limits ?? []) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [name, q] of sortedEntries(item.min)) {
      if (unchangedRequest(name, requests, oldRequests)) continue;
      const e = minConstraint(item.type, name, q, requests, new Map());
      if (e) errs.push(e);
    }
    for (const [name, q] of sortedEntries(item.max)) {
      if (unchangedRequest(name, requests, oldRequests)) continue;
      const e = maxRequestConstraint(item.type, name, q, requests);
      if (e) errs.push(e);
    }
  }
  return errs;
}

/**
 * LimitRanger's Validate: the first LimitRange an object breaks gives the refusal, its
 * problems aggregated as utilerrors does (one alone, or `[a, b]`); undefined when none.
 * `old` is the stored object of an update (claims only: pods are checked on create alone).
 */
export function limitRangeViolation(
  resource: string,
  object: KubeObject,
  ranges: readonly LimitRange[],
  old?: KubeObject,
): string | undefined {
  for (const range of ranges) {
    const errs =
      resource === 'pods'
        ? validatePod(range, object as Pod)
        : resource === 'persistentvolumeclaims'
          ? validateClaim(range, object as PersistentVolumeClaim, old as PersistentVolumeClaim)
          : [];
    if (errs.length === 1) return errs[0];
    if (errs.length > 1) return `[${errs.join(', ')}]`;
  }
  return undefined;
}
