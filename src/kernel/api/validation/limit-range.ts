/**
 * core/v1 LimitRange validation (ValidateLimitRange): one item per limit type, standard (or
 * fully qualified) types and resource names, no defaults on Pod items, a storage bound on
 * claim items, and bounds that agree with each other: min ≤ default request ≤ default ≤ max,
 * ratios of at least 1 and no larger than max/min, and equal defaults for resources that
 * cannot be overcommitted.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import {
  canonicalQuantity,
  compareQuantities,
  parseQuantityValue,
  quantityError,
} from '../quantity.ts';
import { child, duplicate, forbidden, index, invalidValue, key, required } from './field-errors.ts';
import { isQualifiedName } from './labels.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validateContainerResourceName, validateResourceName } from './resources.ts';
import { asArray, asObject, asString } from './values.ts';

const standardLimitTypes = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

/** MaxMilliValue: past it, comparisons fall back to whole units. */
const maxMilliValue = 9223372036854775807n / 1000n;

/** validateLimitRangeTypeName. */
function validateTypeName(value: string, field: string): FieldError[] {
  const errs = isQualifiedName(value).map((msg) => invalidValue(field, value, msg));
  if (errs.length > 0) return errs;
  if (!value.includes('/') && !standardLimitTypes.has(value))
    errs.push(invalidValue(field, value, 'must be a standard limit type or fully qualified'));
  return errs;
}

/** validateLimitRangeResourceName: containers and pods take container resources only. */
function validateLimitResourceName(type: string, name: string, field: string): FieldError[] {
  return type === 'Pod' || type === 'Container'
    ? validateContainerResourceName(name, field)
    : validateResourceName(name, field);
}

type Quantities = Map<string, string | number>;

const parses = (q: unknown): q is string | number =>
  (typeof q === 'string' || typeof q === 'number') && quantityError(q) === undefined;

/** Whole units, rounded up (Quantity.Value). */
function wholeValue(q: string | number): bigint {
  const nanos = parseQuantityValue(q).nanos;
  const step = 1_000_000_000n;
  return nanos % step === 0n ? nanos / step : nanos / step + (nanos > 0n ? 1n : 0n);
}

/** Milli units, rounded up (Quantity.MilliValue). */
function milliValue(q: string | number): bigint {
  const nanos = parseQuantityValue(q).nanos;
  const step = 1_000_000n;
  return nanos % step === 0n ? nanos / step : nanos / step + (nanos > 0n ? 1n : 0n);
}

/** Go's %f: six decimals. */
const goFloat = (n: number): string => n.toFixed(6);

const overcommitAllowed = (name: string): boolean =>
  (!name.includes('/') || name.includes('kubernetes.io/')) && !name.startsWith('hugepages-');

/** Reads one of an item's resource lists, checking its names and keeping the quantities. */
function readList(
  item: Record<string, unknown>,
  listName: string,
  type: string,
  path: string,
  keys: Set<string>,
  errs: FieldError[],
): Quantities {
  const out: Quantities = new Map();
  for (const [name, q] of Object.entries(asObject(item[listName]))) {
    errs.push(...validateLimitResourceName(type, name, key(child(path, listName), name)));
    keys.add(name);
    if (parses(q)) out.set(name, q);
  }
  return out;
}

function validateBounds(
  k: string,
  path: string,
  lists: Record<'min' | 'max' | 'default' | 'defaultRequest' | 'ratio', Quantities>,
): FieldError[] {
  const errs: FieldError[] = [];
  const min = lists.min.get(k);
  const max = lists.max.get(k);
  const def = lists.default.get(k);
  const defReq = lists.defaultRequest.get(k);
  const ratio = lists.ratio.get(k);
  const c = canonicalQuantity;
  const at = (list: string) => key(child(path, list), k);
  if (min !== undefined && max !== undefined && compareQuantities(min, max) > 0)
    errs.push(
      invalidValue(at('min'), c(min), `min value ${c(min)} is greater than max value ${c(max)}`),
    );
  if (defReq !== undefined && min !== undefined && compareQuantities(min, defReq) > 0)
    errs.push(
      invalidValue(
        at('defaultRequest'),
        c(defReq),
        `min value ${c(min)} is greater than default request value ${c(defReq)}`,
      ),
    );
  if (defReq !== undefined && max !== undefined && compareQuantities(defReq, max) > 0)
    errs.push(
      invalidValue(
        at('defaultRequest'),
        c(defReq),
        `default request value ${c(defReq)} is greater than max value ${c(max)}`,
      ),
    );
  if (defReq !== undefined && def !== undefined && compareQuantities(defReq, def) > 0)
    errs.push(
      invalidValue(
        at('defaultRequest'),
        c(defReq),
        `default request value ${c(defReq)} is greater than default limit value ${c(def)}`,
      ),
    );
  if (def !== undefined && min !== undefined && compareQuantities(min, def) > 0)
    errs.push(
      invalidValue(
        at('default'),
        c(min),
        `min value ${c(min)} is greater than default value ${c(def)}`,
      ),
    );
  if (def !== undefined && max !== undefined && compareQuantities(def, max) > 0)
    errs.push(
      invalidValue(
        at('default'),
        c(max),
        `default value ${c(def)} is greater than max value ${c(max)}`,
      ),
    );
  if (ratio !== undefined && compareQuantities(ratio, 1) < 0)
    errs.push(
      invalidValue(at('maxLimitRequestRatio'), c(ratio), `ratio ${c(ratio)} is less than 1`),
    );
  if (ratio !== undefined && min !== undefined && max !== undefined) {
    let ratioValue = Number(wholeValue(ratio));
    let minValue = wholeValue(min);
    let maxValue = wholeValue(max);
    if (wholeValue(ratio) < maxMilliValue && minValue < maxMilliValue && maxValue < maxMilliValue) {
      ratioValue = Number(milliValue(ratio)) / 1000;
      minValue = milliValue(min);
      maxValue = milliValue(max);
    }
    const limit = Number(maxValue) / Number(minValue);
    if (ratioValue > limit)
      errs.push(
        invalidValue(
          at('maxLimitRequestRatio'),
          c(ratio),
          `ratio ${c(ratio)} is greater than max/min = ${goFloat(limit)}`,
        ),
      );
  }
  if (
    !overcommitAllowed(k) &&
    def !== undefined &&
    defReq !== undefined &&
    compareQuantities(def, defReq) !== 0
  )
    errs.push(
      invalidValue(
        at('defaultRequest'),
        c(defReq),
        `default value ${c(def)} must equal to defaultRequest value ${c(defReq)} in ${k}`,
      ),
    );
  return errs;
}

function validateItems(spec: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const seenTypes = new Set<string>();
  asArray<Record<string, unknown>>(asObject(spec).limits).forEach((itemValue, i) => {
    const item = asObject(itemValue);
    const path = index('spec.limits', i);
    const type = asString(item.type);
    errs.push(...validateTypeName(type, child(path, 'type')));
    if (seenTypes.has(type)) errs.push(duplicate(child(path, 'type'), type));
    seenTypes.add(type);
    const keys = new Set<string>();
    const max = readList(item, 'max', type, path, keys, errs);
    const min = readList(item, 'min', type, path, keys, errs);
    let def: Quantities = new Map();
    let defaultRequest: Quantities = new Map();
    if (type === 'Pod') {
      if (Object.keys(asObject(item.default)).length > 0)
        errs.push(forbidden(child(path, 'default'), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(asObject(item.defaultRequest)).length > 0)
        errs.push(
          forbidden(child(path, 'defaultRequest'), "may not be specified when `type` is 'Pod'"),
        );
    } else {
      def = readList(item, 'default', type, path, keys, errs);
      defaultRequest = readList(item, 'defaultRequest', type, path, keys, errs);
    }
    if (type === 'PersistentVolumeClaim' && !min.has('storage') && !max.has('storage'))
      errs.push(
        required(
          child(path, 'limits'),
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    const ratio = readList(item, 'maxLimitRequestRatio', type, path, keys, errs);
    for (const k of [...keys].sort())
      errs.push(...validateBounds(k, path, { min, max, default: def, defaultRequest, ratio }));
  });
  return errs;
}

/** ValidateLimitRange (create). */
export function validateLimitRangeCreate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateItems(obj.spec),
  ];
}

/** ValidateLimitRange on update, after the immutable metadata checks. */
export function validateLimitRangeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateItems(obj.spec)];
}
