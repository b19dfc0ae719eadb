/**
 * core/v1 ResourceQuota validation (ValidateResourceQuota, ValidateResourceQuotaUpdate): hard
 * limits on standard quota resources (or fully qualified ones) with non-negative values,
 * whole numbers for counted objects, scopes and scope selectors that fit the limited
 * resources, and scopes that never change.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import {
  canonicalQuantity,
  isNegativeQuantity,
  parseQuantityValue,
  quantityError,
} from '../quantity.ts';
import {
  child,
  fieldImmutableErrorMsg,
  invalidValue,
  isNegativeErrorMsg,
  key,
  required,
} from './field-errors.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validateResourceName } from './resources.ts';
import { asArray, asObject, asString, isObject } from './values.ts';

/** Resources the quota system knows by their bare names (standardQuotaResources). */
export const standardQuotaResources = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
]);

/** Counted objects, whose limits must be whole numbers. */
const integerResources = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

const standardScopes = new Set([
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
]);

const podComputeResources = new Set([
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
]);

const isHugePages = (name: string): boolean =>
  name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');

/** IsStandardQuotaResourceName. */
export function isStandardQuotaResourceName(name: string): boolean {
  return standardQuotaResources.has(name) || isHugePages(name);
}

/** IsResourceQuotaScopeValidForResource: which scopes may limit which resources. */
function scopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return resource === 'pods' || podComputeResources.has(resource);
    case 'BestEffort':
      return resource === 'pods';
    default:
      return true;
  }
}

/** ValidateResourceQuotaResourceName. */
function validateQuotaResourceName(name: string, field: string): FieldError[] {
  const errs = validateResourceName(name, field);
  if (!name.includes('/') && !isStandardQuotaResourceName(name))
    errs.push(invalidValue(field, name, 'must be a standard resource for quota'));
  return errs;
}

/** ValidateResourceQuantityValue. */
function validateQuantityValue(name: string, value: unknown, field: string): FieldError[] {
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const bad = quantityError(value);
  if (bad) return [invalidValue(field, value, bad)];
  const errs: FieldError[] = [];
  if (isNegativeQuantity(value))
    errs.push(invalidValue(field, canonicalQuantity(value), isNegativeErrorMsg));
  if (integerResources.has(name) && parseQuantityValue(value).nanos % 1_000_000_000n !== 0n)
    errs.push(invalidValue(field, canonicalQuantity(value), 'must be an integer'));
  return errs;
}

function validateResourceList(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const entries = Object.entries(asObject(list)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, q] of entries) {
    const field = key(path, name);
    errs.push(...validateQuotaResourceName(name, field));
    errs.push(...validateQuantityValue(name, q, field));
  }
  return errs;
}

const conflictingPairs = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

function validateScopes(spec: Record<string, unknown>, path: string): FieldError[] {
  const scopes = asArray<string>(spec.scopes);
  if (scopes.length === 0) return [];
  const errs: FieldError[] = [];
  const field = child(path, 'scopes');
  const hard = Object.keys(asObject(spec.hard)).sort();
  for (const scope of scopes) {
    if (!standardScopes.has(scope)) errs.push(invalidValue(field, scopes, 'unsupported scope'));
    for (const resource of hard) {
      if (isStandardQuotaResourceName(resource) && !scopeValidForResource(scope, resource))
        errs.push(invalidValue(field, scopes, 'unsupported scope applied to resource'));
    }
  }
  for (const pair of conflictingPairs) {
    if (pair.every((s) => scopes.includes(s)))
      errs.push(invalidValue(field, scopes, 'conflicting scopes'));
  }
  return errs;
}

function validateScopeSelector(spec: Record<string, unknown>, path: string): FieldError[] {
  if (!isObject(spec.scopeSelector)) return [];
  const errs: FieldError[] = [];
  const field = child(path, 'scopeSelector', 'matchExpressions');
  const hard = Object.keys(asObject(spec.hard)).sort();
  const seen = new Set<string>();
  for (const req of asArray<Record<string, unknown>>(spec.scopeSelector.matchExpressions)) {
    const r = asObject(req);
    const scope = asString(r.scopeName);
    const op = asString(r.operator);
    const values = asArray<string>(r.values);
    if (!standardScopes.has(scope))
      errs.push(invalidValue(child(field, 'scopeName'), scope, 'unsupported scope'));
    for (const resource of hard) {
      if (isStandardQuotaResourceName(resource) && !scopeValidForResource(scope, resource))
        errs.push(invalidValue(field, spec.scopeSelector, 'unsupported scope applied to resource'));
    }
    if (['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating'].includes(scope)) {
      if (op !== 'Exists') {
        errs.push(
          invalidValue(
            child(field, 'operator'),
            op,
            "must be 'Exist' only operator when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort and ResourceQuotaScopeNotBestEffort",
          ),
        );
      }
    }
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0)
        errs.push(
          required(
            child(field, 'values'),
            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
          ),
        );
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length !== 0)
        errs.push(
          invalidValue(
            child(field, 'values'),
            values,
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          ),
        );
    } else {
      errs.push(invalidValue(child(field, 'operator'), op, 'not a valid selector operator'));
    }
    seen.add(scope);
  }
  for (const pair of conflictingPairs) {
    if (pair.every((s) => seen.has(s)))
      errs.push(invalidValue(field, asArray(spec.scopes), 'conflicting scopes'));
  }
  return errs;
}

/** ValidateResourceQuotaSpec at `spec`. */
function validateSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  return [
    ...validateResourceList(spec.hard, 'spec.hard'),
    ...validateScopes(spec, 'spec'),
    ...validateScopeSelector(spec, 'spec'),
  ];
}

/** ValidateResourceQuota (create). */
export function validateResourceQuotaCreate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateSpec(obj.spec),
    ...validateResourceList(asObject(obj.status).hard, 'status.hard'),
    ...validateResourceList(asObject(obj.status).used, 'status.used'),
  ];
}

/** ValidateResourceQuotaUpdate: a valid spec whose scopes are the old ones. */
export function validateResourceQuotaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(obj.spec)];
  const scopes = new Set(asArray<string>(asObject(obj.spec).scopes));
  const oldScopes = new Set(asArray<string>(asObject(old.spec).scopes));
  const same = scopes.size === oldScopes.size && [...scopes].every((s) => oldScopes.has(s));
  if (!same)
    errs.push(
      invalidValue('spec.scopes', asArray(asObject(obj.spec).scopes), fieldImmutableErrorMsg),
    );
  return errs;
}
