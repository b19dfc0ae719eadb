/**
 * apps/v1 StatefulSet validation (ValidateStatefulSet, ValidateStatefulSetUpdate): pod
 * management policy, update strategy, claim retention, counts, the headless Service name, the
 * selector and the template's labels, and on update the one rule that freezes everything in
 * the spec but the fields a StatefulSet may change.
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
import { percentError } from './deployment.ts';
import { isConvertibleSelector, isEmptySelector, selectorMatches } from './label-selector.ts';
import { validateLabelSelector } from './label-selector.ts';
import { validateAnnotations, validateLabels } from './labels.ts';
import { isDNS1123Label, nameIsDNSLabel } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asObject, deepEqual, isObject, labelSelectorJson, sortedMap } from './values.ts';

/** The spec fields an update may change (1.34's list, in the order of its message). */
const mutableSpecFields = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
] as const;

const frozenSpecMessage =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

const percentRegexp = /^[0-9]+%$/;

/** getIntOrPercentValue: `25%` → 25, 3 → 3. */
function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && percentRegexp.test(value)) return Number(value.slice(0, -1));
  return 0;
}

/** validateRollingUpdateStatefulSet: partition ≥ 0; maxUnavailable a positive int or ≤ 100%. */
function validateRollingUpdate(ru: Record<string, unknown>, path: string): FieldError[] {
  const errs = validateNonnegative(ru.partition, child(path, 'partition'));
  const mu = ru.maxUnavailable;
  if (mu === undefined || mu === null) return errs;
  const muPath = child(path, 'maxUnavailable');
  if (typeof mu === 'string' && !percentRegexp.test(mu)) {
    errs.push(invalidValue(muPath, mu, percentError));
  } else if (typeof mu === 'number') {
    errs.push(...validateNonnegative(mu, muPath));
  }
  if (intOrPercentValue(mu) === 0) errs.push(invalidValue(muPath, mu, 'cannot be 0'));
  if (typeof mu === 'string' && percentRegexp.test(mu) && Number(mu.slice(0, -1)) > 100) {
    errs.push(invalidValue(muPath, mu, 'must not be greater than 100%'));
  }
  return errs;
}

/** The internal strategy structs as Go prints them inside messages. */
function rollingUpdateJson(ru: unknown): unknown {
  const r = asObject(ru);
  return { Partition: r.partition ?? 0, MaxUnavailable: r.maxUnavailable ?? null };
}

function validateUpdateStrategy(value: unknown, path: string): FieldError[] {
  const strategy = asObject(value);
  switch (strategy.type) {
    case undefined:
    case null:
    case '':
      return [required(path)];
    case 'OnDelete':
      return isObject(strategy.rollingUpdate)
        ? [
            invalidValue(
              child(path, 'rollingUpdate'),
              rollingUpdateJson(strategy.rollingUpdate),
              "only allowed for updateStrategy 'RollingUpdate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      return isObject(strategy.rollingUpdate)
        ? validateRollingUpdate(strategy.rollingUpdate, child(path, 'rollingUpdate'))
        : [];
    default:
      return [
        invalidValue(
          path,
          {
            Type: strategy.type,
            RollingUpdate: isObject(strategy.rollingUpdate)
              ? rollingUpdateJson(strategy.rollingUpdate)
              : null,
          },
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      ];
  }
}

function validateRetentionPolicy(value: unknown, path: string): FieldError[] {
  if (!isObject(value)) return [];
  const errs: FieldError[] = [];
  for (const field of ['whenDeleted', 'whenScaled']) {
    const v = value[field];
    if (v !== 'Retain' && v !== 'Delete')
      errs.push(notSupported(child(path, field), v ?? '', ['Retain', 'Delete']));
  }
  return errs;
}

/** ValidatePodTemplateSpecForStatefulSet: the selector must match; labels and annotations valid. */
function validateTemplate(spec: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObject(spec.template)) return [required(path)];
  const meta = asObject(spec.template.metadata);
  const labels = asObject(meta.labels) as Record<string, string>;
  if (isObject(spec.selector) && !isEmptySelector(spec.selector)) {
    if (!selectorMatches(spec.selector, labels)) {
      errs.push(
        invalidValue(
          child(path, 'metadata', 'labels'),
          isObject(meta.labels) ? sortedMap(labels) : null,
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  // Upstream reports these at `template.labels`/`template.annotations`, not under metadata.
  errs.push(...validateLabels(meta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  return errs;
}

/** ValidateStatefulSetSpec at `spec`; the service name is checked on create only. */
export function validateStatefulSetSpec(
  specValue: unknown,
  options: { checkServiceName: boolean },
): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (policy === undefined || policy === null || policy === '') {
    errs.push(required('spec.podManagementPolicy'));
  } else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(
      invalidValue('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"),
    );
  }
  errs.push(...validateUpdateStrategy(spec.updateStrategy, 'spec.updateStrategy'));
  errs.push(
    ...validateRetentionPolicy(
      spec.persistentVolumeClaimRetentionPolicy,
      'spec.persistentVolumeClaimRetentionPolicy',
    ),
  );
  errs.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (isObject(spec.ordinals))
    errs.push(...validateNonnegative(spec.ordinals.start, 'spec.ordinals.start'));
  const serviceName = spec.serviceName;
  if (options.checkServiceName && typeof serviceName === 'string' && serviceName !== '') {
    for (const msg of isDNS1123Label(serviceName))
      errs.push(invalidValue('spec.serviceName', serviceName, msg));
  }
  const selector = spec.selector;
  if (!isObject(selector)) {
    errs.push(required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (isEmptySelector(selector)) {
      errs.push(
        invalidValue(
          'spec.selector',
          labelSelectorJson(selector),
          'empty selector is invalid for statefulset',
        ),
      );
    }
  }
  if (!isConvertibleSelector(selector)) {
    errs.push(invalidValue('spec.selector', labelSelectorJson(selector)));
  } else {
    errs.push(...validateTemplate(spec, 'spec.template'));
  }
  const podSpec = asObject(asObject(spec.template).spec);
  if (podSpec.restartPolicy !== 'Always') {
    errs.push(
      notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy ?? '', ['Always']),
    );
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  }
  return errs;
}

/** ValidateStatefulSet (create): the name must be a DNS label, since pods are `<name>-<n>`. */
export function validateStatefulSetCreate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, {
      namespaced: true,
      nameFn: nameIsDNSLabel,
      kubeFinalizers: true,
    }),
    ...validateStatefulSetSpec(obj.spec, { checkServiceName: true }),
  ];
}

/** ValidateStatefulSetUpdate: the spec is valid, and only the mutable fields changed. */
export function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateStatefulSetSpec(obj.spec, { checkServiceName: false }),
  ];
  const next = { ...asObject(obj.spec) };
  const prev = asObject(old.spec);
  for (const field of mutableSpecFields) {
    if (prev[field] === undefined) delete next[field];
    else next[field] = prev[field];
  }
  if (!deepEqual(next, prev)) errs.push(forbidden('spec', frozenSpecMessage));
  return errs;
}
