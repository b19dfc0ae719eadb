/**
 * Container resource requirements (ValidateResourceRequirements): resource names, non-negative
 * quantities, requests not above limits, and equal requests/limits for resources that cannot be
 * overcommitted (hugepages, extended resources).
 */
import type { FieldError } from '../errors.ts';
import {
  canonicalQuantity,
  compareQuantities,
  isNegativeQuantity,
  parseQuantityValue,
  quantityError,
} from '../quantity.ts';
import { child, invalidValue, isNegativeErrorMsg, key, required } from './field-errors.ts';
import { isQualifiedName } from './labels.ts';
import { asObject } from './values.ts';

const standardResourceNames = new Set([
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
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const standardContainerResourceNames = new Set(['cpu', 'memory', 'ephemeral-storage']);

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isExtended = (name: string): boolean =>
  !isNative(name) &&
  !name.startsWith('requests.') &&
  isQualifiedName(`requests.${name}`).length === 0;
/** Only native resources other than hugepages may have requests below limits. */
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

/** validateResourceName: a qualified name, and a standard one unless it has a domain. */
export function validateResourceName(name: string, field: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalidValue(field, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !standardResourceNames.has(name) && !isHugePages(name)) {
    errs.push(invalidValue(field, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

/** validateContainerResourceName: cpu, memory, ephemeral-storage, hugepages or extended. */
export function validateContainerResourceName(name: string, field: string): FieldError[] {
  const errs = validateResourceName(name, field);
  if (!name.includes('/')) {
    if (!standardContainerResourceNames.has(name) && !isHugePages(name)) {
      errs.push(invalidValue(field, name, 'must be a standard resource for containers'));
    }
  } else if (!isNative(name) && !isExtended(name)) {
    errs.push(invalidValue(field, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validateQuantityValue(name: string, value: unknown, field: string): FieldError[] {
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const bad = quantityError(value);
  if (bad) return [invalidValue(field, value, bad)];
  const errs: FieldError[] = [];
  if (isNegativeQuantity(value))
    errs.push(invalidValue(field, canonicalQuantity(value), isNegativeErrorMsg));
  if (isExtended(name) && parseQuantityValue(value).nanos % 1_000_000_000n !== 0n) {
    errs.push(invalidValue(field, canonicalQuantity(value), 'must be an integer'));
  }
  return errs;
}

const parses = (v: unknown): v is string | number =>
  (typeof v === 'string' || typeof v === 'number') && quantityError(v) === undefined;

/** ValidateResourceRequirements for one container's `resources` at `path`. */
export function validateResourceRequirements(resources: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = asObject(asObject(resources).limits);
  const requests = asObject(asObject(resources).requests);
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  let limCpuOrMemory = false;
  let reqCpuOrMemory = false;
  let hugePages = false;
  for (const [name, q] of Object.entries(limits)) {
    const field = key(limPath, name);
    errs.push(...validateContainerResourceName(name, field));
    errs.push(...validateQuantityValue(name, q, field));
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') limCpuOrMemory = true;
  }
  for (const [name, q] of Object.entries(requests)) {
    const field = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, field));
    errs.push(...validateQuantityValue(name, q, field));
    const limit = limits[name];
    if (limit !== undefined) {
      if (parses(q) && parses(limit)) {
        const cmp = compareQuantities(q, limit);
        const shown = canonicalQuantity(q);
        const limitShown = canonicalQuantity(limit);
        if (cmp !== 0 && !overcommitAllowed(name)) {
          errs.push(
            invalidValue(reqPath, shown, `must be equal to ${name} limit of ${limitShown}`),
          );
        } else if (cmp > 0) {
          errs.push(
            invalidValue(
              reqPath,
              shown,
              `must be less than or equal to ${name} limit of ${limitShown}`,
            ),
          );
        }
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') reqCpuOrMemory = true;
  }
  if (hugePages && !limCpuOrMemory && !reqCpuOrMemory) {
    errs.push({
      type: 'FieldValueForbidden',
      field: path,
      detail: 'HugePages require cpu or memory',
    });
  }
  return errs;
}
