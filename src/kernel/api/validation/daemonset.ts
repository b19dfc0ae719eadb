/**
 * apps/v1 DaemonSet validation (ValidateDaemonSet, ValidateDaemonSetUpdate): selector and
 * template, a template whose pods always restart, the update strategy with its exactly-one-of
 * maxUnavailable/maxSurge rule, and apps/v1's immutable selector.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import {
  child,
  forbidden,
  invalidValue,
  notSupported,
  required,
  validateNonnegative,
} from './field-errors.ts';
import {
  intOrPercentValue,
  intOrStringJson,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
} from './int-or-percent.ts';
import {
  isConvertibleSelector,
  isEmptySelector,
  selectorMatches,
  validateLabelSelector,
} from './label-selector.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validatePodTemplateSpec } from './pod-spec.ts';
import { asObject, isObject, labelSelectorJson, sortedMap } from './values.ts';
import { validateSelectorImmutable } from './workload-template.ts';

/** ValidateRollingUpdateDaemonSet: both values well formed, and exactly one of them non-zero. */
function validateRollingUpdate(ru: Record<string, unknown>, path: string): FieldError[] {
  const maxUnavailable = child(path, 'maxUnavailable');
  const maxSurge = child(path, 'maxSurge');
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, maxUnavailable),
    ...validatePositiveIntOrPercent(ru.maxSurge, maxSurge),
    ...validateNotMoreThan100Percent(ru.maxUnavailable, maxUnavailable),
    ...validateNotMoreThan100Percent(ru.maxSurge, maxSurge),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(
      invalidValue(
        maxSurge,
        intOrStringJson(ru.maxSurge),
        'may not be set when maxUnavailable is non-zero',
      ),
    );
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(maxUnavailable, 'cannot be 0 when maxSurge is 0'));
  }
  return errs;
}

/** The internal DaemonSetUpdateStrategy as encoding/json prints it (Go field names). */
function strategyJson(strategy: Record<string, unknown>): unknown {
  const ru = strategy.rollingUpdate;
  return {
    Type: typeof strategy.type === 'string' ? strategy.type : '',
    RollingUpdate: isObject(ru)
      ? {
          MaxUnavailable: intOrStringJson(ru.maxUnavailable),
          MaxSurge: intOrStringJson(ru.maxSurge),
        }
      : null,
  };
}

/** ValidateDaemonSetUpdateStrategy. */
function validateUpdateStrategy(value: unknown, path: string): FieldError[] {
  const strategy = asObject(value);
  switch (strategy.type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate':
      return isObject(strategy.rollingUpdate)
        ? validateRollingUpdate(strategy.rollingUpdate, child(path, 'rollingUpdate'))
        : [required(child(path, 'rollingUpdate'))];
    default:
      return [notSupported(path, strategyJson(strategy), ['RollingUpdate', 'OnDelete'])];
  }
}

/** ValidateDaemonSetSpec at `spec`, in upstream's order. */
export function validateDaemonSetSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  const selector = spec.selector;
  errs.push(...validateLabelSelector(selector, 'spec.selector'));
  const template = asObject(spec.template);
  const templateLabels = asObject(template.metadata).labels;
  if (isConvertibleSelector(selector)) {
    // A missing selector selects nothing (labels.Nothing), an empty one everything.
    const matches = isObject(selector)
      ? isEmptySelector(selector) ||
        selectorMatches(selector, asObject(templateLabels) as Record<string, string>)
      : false;
    if (!matches) {
      errs.push(
        invalidValue(
          'spec.template.metadata.labels',
          isObject(templateLabels) ? sortedMap(templateLabels) : null,
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  if (isObject(selector) && isEmptySelector(selector)) {
    errs.push(
      invalidValue(
        'spec.selector',
        labelSelectorJson(selector),
        'empty selector is invalid for daemonset',
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const podSpec = asObject(template.spec);
  if (podSpec.restartPolicy !== 'Always') {
    errs.push(
      notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy ?? '', ['Always']),
    );
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  }
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateUpdateStrategy(spec.updateStrategy, 'spec.updateStrategy'));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** ValidateDaemonSet (create). */
export function validateDaemonSetCreate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, {
      namespaced: true,
      nameFn: nameIsDNSSubdomain,
      kubeFinalizers: true,
    }),
    ...validateDaemonSetSpec(obj.spec),
  ];
}

/**
 * The daemon set strategy's ValidateUpdate: ValidateDaemonSet, then ValidateDaemonSetUpdate
 * (which checks the spec again, so a spec problem is listed twice in the causes, once in the
 * message), then apps/v1's immutable selector. The template generation rules hold by
 * construction: the strategy alone moves the generation annotation.
 */
export function validateDaemonSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateDaemonSetCreate(obj),
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateDaemonSetSpec(obj.spec),
    ...validateSelectorImmutable(obj.spec, old.spec),
  ];
}
