/**
 * policy/v1 PodDisruptionBudget validation (ValidatePodDisruptionBudget): at most one of
 * minAvailable and maxUnavailable, each a non-negative number or a percentage up to 100%, a
 * valid selector and eviction policy. The name only needs to be a valid path segment (the
 * generic registry's check), and on create it is looked at only once the spec passed.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, invalidValue, notSupported } from './field-errors.ts';
import { isPathSegmentName } from './ingress.ts';
import {
  intOrStringJson,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
} from './int-or-percent.ts';
import { validateLabelSelector } from './label-selector.ts';
import type { NameValidator } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asObject, isObject, labelSelectorJson } from './values.ts';

/** path.ValidatePathSegmentName: a prefix may not contain `/` or `%`; a name may not be `.` or `..` either. */
const pathSegmentName: NameValidator = (name, prefix) =>
  prefix
    ? isPathSegmentName(name).filter((m) => m.startsWith('may not contain'))
    : isPathSegmentName(name);

/** An optional IntOrString as encoding/json prints a pointer to one. */
const optionalIntOrString = (v: unknown): unknown =>
  v === undefined || v === null ? null : intOrStringJson(v);

/** The internal PodDisruptionBudgetSpec as encoding/json prints it (Go field names). */
function specJson(spec: Record<string, unknown>): unknown {
  return {
    MinAvailable: optionalIntOrString(spec.minAvailable),
    Selector: isObject(spec.selector) ? labelSelectorJson(spec.selector) : null,
    MaxUnavailable: optionalIntOrString(spec.maxUnavailable),
    UnhealthyPodEvictionPolicy:
      typeof spec.unhealthyPodEvictionPolicy === 'string' ? spec.unhealthyPodEvictionPolicy : null,
  };
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** ValidatePodDisruptionBudgetSpec at `spec`. */
export function validatePodDisruptionBudgetSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  if (present(spec.minAvailable) && present(spec.maxUnavailable)) {
    errs.push(
      invalidValue('spec', specJson(spec), 'minAvailable and maxUnavailable cannot be both set'),
    );
  }
  for (const field of ['minAvailable', 'maxUnavailable'] as const) {
    if (!present(spec[field])) continue;
    const path = child('spec', field);
    errs.push(...validatePositiveIntOrPercent(spec[field], path));
    errs.push(...validateNotMoreThan100Percent(spec[field], path));
  }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (present(policy) && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') {
    errs.push(
      notSupported('spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']),
    );
  }
  return errs;
}

const metaOptions = { namespaced: true, nameFn: pathSegmentName };

/** The strategy's Validate, then the generic metadata checks once it passed (rest.BeforeCreate). */
export function validatePodDisruptionBudgetCreate(obj: KubeObject): FieldError[] {
  const errs = validatePodDisruptionBudgetSpec(obj.spec);
  return errs.length > 0 ? errs : validateObjectMeta(obj.metadata, metaOptions);
}

/** rest.BeforeUpdate: the generic metadata checks, then the strategy's (the spec may change). */
export function validatePodDisruptionBudgetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, metaOptions),
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validatePodDisruptionBudgetSpec(obj.spec),
  ];
}
