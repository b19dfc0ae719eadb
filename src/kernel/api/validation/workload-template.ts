/**
 * What Deployments and ReplicaSets share (apps/v1 validation): the required, non-empty
 * selector that must match the pod template's labels, a template whose pods always restart,
 * and the selector's immutability on update.
 */
import type { FieldError } from '../errors.ts';
import {
  child,
  fieldImmutableErrorMsg,
  forbidden,
  invalidValue,
  notSupported,
  required,
} from './field-errors.ts';
import {
  isConvertibleSelector,
  isEmptySelector,
  selectorMatches,
  validateLabelSelector,
} from './label-selector.ts';
import { validatePodTemplateSpec } from './pod-spec.ts';
import { asObject, deepEqual, isObject, labelSelectorJson, sortedMap } from './values.ts';

/**
 * The selector checks, then ValidatePodTemplateSpecForReplicaSet (whose messages say
 * "deployment" and "ReplicaSet" for both kinds, as upstream's do).
 */
export function validateSelectorAndTemplate(
  spec: Record<string, unknown>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const selector = spec.selector;
  const selectorPath = child(path, 'selector');
  if (!isObject(selector)) {
    errs.push(required(selectorPath));
  } else {
    errs.push(...validateLabelSelector(selector, selectorPath));
    if (isEmptySelector(selector)) {
      errs.push(
        invalidValue(
          selectorPath,
          labelSelectorJson(selector),
          'empty selector is invalid for deployment',
        ),
      );
    }
  }
  if (!isConvertibleSelector(selector)) {
    errs.push(invalidValue(selectorPath, labelSelectorJson(selector), 'invalid label selector'));
    return errs;
  }
  const templatePath = child(path, 'template');
  if (!isObject(spec.template)) {
    errs.push(required(templatePath));
    return errs;
  }
  const template = spec.template;
  const labels = asObject(asObject(template.metadata).labels) as Record<string, string>;
  // A missing selector selects nothing and an empty one everything (labels.Nothing / Everything).
  const matches = isObject(selector)
    ? isEmptySelector(selector) || selectorMatches(selector, labels)
    : false;
  if (!matches) {
    const shown = isObject(asObject(template.metadata).labels) ? sortedMap(labels) : null;
    errs.push(
      invalidValue(
        child(templatePath, 'metadata', 'labels'),
        shown,
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, templatePath));
  const podSpec = asObject(template.spec);
  if (podSpec.restartPolicy !== 'Always') {
    errs.push(
      notSupported(child(templatePath, 'spec', 'restartPolicy'), podSpec.restartPolicy ?? '', [
        'Always',
      ]),
    );
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        child(templatePath, 'spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  return errs;
}

/** apps/v1 keeps `spec.selector` immutable once created. */
export function validateSelectorImmutable(spec: unknown, oldSpec: unknown): FieldError[] {
  const selector = asObject(spec).selector;
  const oldSelector = asObject(oldSpec).selector;
  if (deepEqual(selector, oldSelector)) return [];
  return [invalidValue('spec.selector', labelSelectorJson(selector), fieldImmutableErrorMsg)];
}
