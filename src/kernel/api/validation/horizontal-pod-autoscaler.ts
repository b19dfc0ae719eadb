/**
 * autoscaling/v2 HorizontalPodAutoscaler validation (ValidateHorizontalPodAutoscaler and its
 * update and status checks): replica bounds, the scale target reference, each metric's one
 * source and its target, and the behavior's scaling rules, with apiserver's wording.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { parseQuantityValue } from '../quantity.ts';
import {
  child,
  forbidden,
  index,
  invalidValue,
  notSupported,
  required,
  validateNonnegative,
} from './field-errors.ts';
import { isPathSegmentName } from './ingress.ts';
import { isDNS1123Label, nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asArray, asObject, asString, isObject } from './values.ts';

/** MaxPeriodSeconds: the longest scaling policy period. */
export const maxPeriodSeconds = 1800;
/** MaxStabilizationWindowSeconds: the longest stabilization window. */
export const maxStabilizationWindowSeconds = 3600;

const metricSourceTypes = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const selectPolicies = ['Disabled', 'Max', 'Min'];
const policyTypes = ['Percent', 'Pods'];

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** ValidateCrossVersionObjectReference. */
export function validateCrossVersionObjectReference(refValue: unknown, path: string): FieldError[] {
  const ref = asObject(refValue);
  const errs: FieldError[] = [];
  for (const field of ['kind', 'name']) {
    const value = asString(ref[field]);
    if (value === '') errs.push(required(child(path, field)));
    else {
      for (const msg of isPathSegmentName(value)) {
        errs.push(invalidValue(child(path, field), value, msg));
      }
    }
  }
  return errs;
}

/** The sign of a quantity, 0 for one that does not parse (the decoder refused those already). */
function quantitySign(value: unknown): number {
  if (typeof value !== 'string' && typeof value !== 'number') return 0;
  try {
    const { nanos } = parseQuantityValue(value);
    return nanos > 0n ? 1 : nanos < 0n ? -1 : 0;
  } catch {
    return 0;
  }
}

function validateMetricTarget(targetValue: unknown, path: string): FieldError[] {
  const target = asObject(targetValue);
  const errs: FieldError[] = [];
  const type = asString(target.type);
  if (type === '') errs.push(required(child(path, 'type'), 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') {
    errs.push(
      invalidValue(child(path, 'type'), type, 'must be either Utilization, Value, or AverageValue'),
    );
  }
  for (const field of ['value', 'averageValue']) {
    if (present(target[field]) && quantitySign(target[field]) !== 1) {
      errs.push(invalidValue(child(path, field), String(target[field]), 'must be positive'));
    }
  }
  const utilization = target.averageUtilization;
  if (typeof utilization === 'number' && utilization < 1) {
    errs.push(
      invalidValue(child(path, 'averageUtilization'), utilization, 'must be greater than 0'),
    );
  }
  return errs;
}

function validateMetricIdentifier(idValue: unknown, path: string): FieldError[] {
  const name = asString(asObject(idValue).name);
  if (name === '') return [required(child(path, 'name'), 'must specify a metric name')];
  return isPathSegmentName(name).map((msg) => invalidValue(child(path, 'name'), name, msg));
}

function validateResourceSource(
  sourceValue: unknown,
  path: string,
  container: boolean,
): FieldError[] {
  const source = asObject(sourceValue);
  const errs: FieldError[] = [];
  if (asString(source.name) === '') {
    errs.push(required(child(path, 'name'), 'must specify a resource name'));
  }
  if (container) {
    const name = asString(source.container);
    if (name === '') errs.push(required(child(path, 'container'), 'must specify a container'));
    else {
      for (const msg of isDNS1123Label(name)) {
        errs.push(invalidValue(child(path, 'container'), name, msg));
      }
    }
  }
  const targetPath = child(path, 'target');
  errs.push(...validateMetricTarget(source.target, targetPath));
  const target = asObject(source.target);
  if (!present(target.averageUtilization) && !present(target.averageValue)) {
    errs.push(
      required(
        child(targetPath, 'averageUtilization'),
        'must set either a target raw value or a target utilization',
      ),
    );
  }
  if (present(target.averageUtilization) && present(target.averageValue)) {
    errs.push(
      forbidden(
        child(targetPath, 'averageValue'),
        'may not set both a target raw value and a target utilization',
      ),
    );
  }
  return errs;
}

function validatePodsSource(sourceValue: unknown, path: string): FieldError[] {
  const source = asObject(sourceValue);
  const errs = [
    ...validateMetricIdentifier(source.metric, child(path, 'metric')),
    ...validateMetricTarget(source.target, child(path, 'target')),
  ];
  if (!present(asObject(source.target).averageValue)) {
    errs.push(
      required(
        child(path, 'target', 'averageValue'),
        'must specify a positive target averageValue',
      ),
    );
  }
  return errs;
}

function validateObjectSource(sourceValue: unknown, path: string): FieldError[] {
  const source = asObject(sourceValue);
  const target = asObject(source.target);
  const errs = [
    ...validateCrossVersionObjectReference(source.describedObject, child(path, 'describedObject')),
    ...validateMetricIdentifier(source.metric, child(path, 'metric')),
    ...validateMetricTarget(source.target, child(path, 'target')),
  ];
  if (!present(target.value) && !present(target.averageValue)) {
    errs.push(
      required(
        child(path, 'target', 'averageValue'),
        'must set either a target value or averageValue',
      ),
    );
  }
  return errs;
}

function validateExternalSource(sourceValue: unknown, path: string): FieldError[] {
  const source = asObject(sourceValue);
  const target = asObject(source.target);
  const errs = [
    ...validateMetricIdentifier(source.metric, child(path, 'metric')),
    ...validateMetricTarget(source.target, child(path, 'target')),
  ];
  if (!present(target.value) && !present(target.averageValue)) {
    errs.push(
      required(
        child(path, 'target', 'averageValue'),
        'must set either a target value for metric or a per-pod target',
      ),
    );
  }
  if (present(target.value) && present(target.averageValue)) {
    errs.push(
      forbidden(
        child(path, 'target', 'value'),
        'may not set both a target value for metric and a per-pod target',
      ),
    );
  }
  return errs;
}

/** The spec field that holds each source type, and how it is checked. */
const sources: [field: string, type: string, check: (v: unknown, p: string) => FieldError[]][] = [
  ['object', 'Object', validateObjectSource],
  ['external', 'External', validateExternalSource],
  ['pods', 'Pods', validatePodsSource],
  ['resource', 'Resource', (v, p) => validateResourceSource(v, p, false)],
  ['containerResource', 'ContainerResource', (v, p) => validateResourceSource(v, p, true)],
];

function validateMetricSpec(specValue: unknown, path: string): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  const type = asString(spec.type);
  if (type === '') {
    errs.push(required(child(path, 'type'), 'must specify a metric source type'));
  }
  if (!metricSourceTypes.includes(type)) {
    errs.push(notSupported(child(path, 'type'), type, metricSourceTypes));
  }
  const given = sources.filter(([field]) => present(spec[field]));
  // Only the first source given is looked into, as upstream does.
  if (given.length > 0) {
    const [field, , check] = given[0];
    errs.push(...check(spec[field], child(path, field)));
  }
  const expected = sources.find(([, t]) => t === type);
  if (expected && !present(spec[expected[0]])) {
    errs.push(
      required(child(path, expected[0]), 'must populate information for the given metric source'),
    );
  }
  if (!expected) errs.push(notSupported(child(path, 'type'), type, metricSourceTypes));
  if (given.length !== 1) {
    for (const [field] of given) {
      if (field === expected?.[0]) continue;
      errs.push(forbidden(child(path, field), 'must populate the given metric source only'));
    }
  }
  return errs;
}

function validateScalingRules(rulesValue: unknown, path: string): FieldError[] {
  if (!isObject(rulesValue)) return [];
  const rules = rulesValue;
  const errs: FieldError[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (typeof window === 'number' && window < 0) {
    errs.push(
      invalidValue(
        child(path, 'stabilizationWindowSeconds'),
        window,
        'must be greater than or equal to zero',
      ),
    );
  }
  if (typeof window === 'number' && window > maxStabilizationWindowSeconds) {
    errs.push(
      invalidValue(
        child(path, 'stabilizationWindowSeconds'),
        window,
        `must be less than or equal to ${maxStabilizationWindowSeconds}`,
      ),
    );
  }
  if (present(rules.selectPolicy) && !selectPolicies.includes(asString(rules.selectPolicy))) {
    errs.push(notSupported(child(path, 'selectPolicy'), rules.selectPolicy, selectPolicies));
  }
  const policiesPath = child(path, 'policies');
  const policies = asArray(rules.policies);
  if (policies.length === 0) errs.push(required(policiesPath, 'must specify at least one Policy'));
  policies.forEach((policyValue, i) => {
    const policy = asObject(policyValue);
    const at = index(policiesPath, i);
    if (policy.type !== 'Pods' && policy.type !== 'Percent') {
      errs.push(notSupported(child(at, 'type'), asString(policy.type), policyTypes));
    }
    const value = typeof policy.value === 'number' ? policy.value : 0;
    if (value <= 0) errs.push(invalidValue(child(at, 'value'), value, 'must be greater than zero'));
    const period = typeof policy.periodSeconds === 'number' ? policy.periodSeconds : 0;
    if (period <= 0) {
      errs.push(invalidValue(child(at, 'periodSeconds'), period, 'must be greater than zero'));
    }
    if (period > maxPeriodSeconds) {
      errs.push(
        invalidValue(
          child(at, 'periodSeconds'),
          period,
          `must be less than or equal to ${maxPeriodSeconds}`,
        ),
      );
    }
  });
  return errs;
}

/** validateHorizontalPodAutoscalerSpec at `spec` (minReplicas at least 1: no HPAScaleToZero). */
export function validateHorizontalPodAutoscalerSpec(
  specValue: unknown,
  minReplicasLowerBound = 1,
): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : undefined;
  const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0;
  if (min !== undefined && min < minReplicasLowerBound) {
    errs.push(
      invalidValue(
        'spec.minReplicas',
        min,
        `must be greater than or equal to ${minReplicasLowerBound}`,
      ),
    );
  }
  if (max < 1) errs.push(invalidValue('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min) {
    errs.push(
      invalidValue('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'),
    );
  }
  errs.push(...validateCrossVersionObjectReference(spec.scaleTargetRef, 'spec.scaleTargetRef'));
  const metrics = asArray(spec.metrics);
  metrics.forEach((m, i) => errs.push(...validateMetricSpec(m, index('spec.metrics', i))));
  if (min === 0) {
    const scalesToZero = metrics.some((m) => {
      const type = asObject(m).type;
      return type === 'Object' || type === 'External';
    });
    if (!scalesToZero) {
      errs.push(
        forbidden(
          'spec.metrics',
          'must specify at least one Object or External metric to support scaling to zero replicas',
        ),
      );
    }
  }
  if (isObject(spec.behavior)) {
    errs.push(...validateScalingRules(spec.behavior.scaleUp, 'spec.behavior.scaleUp'));
    errs.push(...validateScalingRules(spec.behavior.scaleDown, 'spec.behavior.scaleDown'));
  }
  return errs;
}

const metaOptions = { namespaced: true, nameFn: nameIsDNSSubdomain, kubeFinalizers: true };

/** ValidateHorizontalPodAutoscaler (create). */
export function validateHorizontalPodAutoscalerCreate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, metaOptions),
    ...validateHorizontalPodAutoscalerSpec(obj.spec),
  ];
}

/**
 * ValidateHorizontalPodAutoscalerUpdate (a spec update) or, when only the status changed,
 * ValidateHorizontalPodAutoscalerStatusUpdate: replica counts not negative.
 */
export function validateHorizontalPodAutoscalerUpdate(
  obj: KubeObject,
  old: KubeObject,
): FieldError[] {
  const oldMin = asObject(old.spec).minReplicas;
  const status = asObject(obj.status);
  return [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateHorizontalPodAutoscalerSpec(obj.spec, oldMin === 0 ? 0 : 1),
    ...validateNonnegative(status.currentReplicas, 'status.currentReplicas'),
    ...validateNonnegative(status.desiredReplicas, 'status.desiredReplicas'),
  ];
}
