/**
 * apps/v1 Deployment validation (ValidateDeployment, ValidateDeploymentUpdate): replicas,
 * selector and template, strategy with maxSurge/maxUnavailable, revisionHistoryLimit and
 * progressDeadlineSeconds.
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
import { nameIsDNSSubdomain, regexError } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asObject, isObject } from './values.ts';
import { validateSelectorAndTemplate, validateSelectorImmutable } from './workload-template.ts';

const percentFmt = '[0-9]+%';
const percentRegexp = /^[0-9]+%$/;

/** IsValidPercent's message. */
export const percentError = regexError(
  "a valid percent string must be a numeric string followed by an ending '%'",
  percentFmt,
  '1%',
  '93%',
);

/** An IntOrString as it prints inside messages (JSON). */
function intOrStringValue(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'string' ? v : 0;
}

/** ValidatePositiveIntOrPercent. */
function validatePositiveIntOrPercent(value: unknown, field: string): FieldError[] {
  if (typeof value === 'string')
    return percentRegexp.test(value) ? [] : [invalidValue(field, value, percentError)];
  if (typeof value === 'number') return validateNonnegative(value, field);
  return [];
}

/** getIntOrPercentValue: `25%` → 25, 3 → 3, anything else → 0 (as strconv.Atoi failing). */
function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (percentRegexp.test(value)) return Number(value.slice(0, -1));
    return /^[+-]?\d+$/.test(value) ? Number(value) : 0;
  }
  return 0;
}

function validateRollingUpdate(ru: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, child(path, 'maxUnavailable')));
  errs.push(...validatePositiveIntOrPercent(ru.maxSurge, child(path, 'maxSurge')));
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(
      invalidValue(
        child(path, 'maxUnavailable'),
        intOrStringValue(ru.maxUnavailable),
        'may not be 0 when `maxSurge` is 0',
      ),
    );
  }
  const mu = ru.maxUnavailable;
  if (typeof mu === 'string' && percentRegexp.test(mu) && Number(mu.slice(0, -1)) > 100) {
    errs.push(invalidValue(child(path, 'maxUnavailable'), mu, 'must not be greater than 100%'));
  }
  return errs;
}

/** The internal DeploymentStrategy as encoding/json prints it (Go field names). */
function strategyJson(strategy: Record<string, unknown>): unknown {
  const ru = strategy.rollingUpdate;
  return {
    Type: typeof strategy.type === 'string' ? strategy.type : '',
    RollingUpdate: isObject(ru)
      ? {
          MaxUnavailable: intOrStringValue(ru.maxUnavailable),
          MaxSurge: intOrStringValue(ru.maxSurge),
        }
      : null,
  };
}

function validateStrategy(strategyValue: unknown, path: string): FieldError[] {
  const strategy = asObject(strategyValue);
  switch (strategy.type) {
    case 'Recreate':
      return isObject(strategy.rollingUpdate)
        ? [
            forbidden(
              child(path, 'rollingUpdate'),
              "may not be specified when strategy `type` is 'Recreate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      return isObject(strategy.rollingUpdate)
        ? validateRollingUpdate(strategy.rollingUpdate, child(path, 'rollingUpdate'))
        : [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
    default:
      return [notSupported(path, strategyJson(strategy), ['Recreate', 'RollingUpdate'])];
  }
}

/** ValidateDeploymentSpec at `spec`. */
export function validateDeploymentSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateSelectorAndTemplate(spec, 'spec'));
  errs.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === 'number') {
    errs.push(...validateNonnegative(deadline, 'spec.progressDeadlineSeconds'));
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (deadline <= minReady) {
      errs.push(
        invalidValue(
          'spec.progressDeadlineSeconds',
          deadline,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errs;
}

/** ValidateDeployment (create). */
export function validateDeploymentCreate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, {
      namespaced: true,
      nameFn: nameIsDNSSubdomain,
      kubeFinalizers: true,
    }),
    ...validateDeploymentSpec(obj.spec),
  ];
}

/** ValidateDeploymentUpdate, plus apps/v1's immutable selector. */
export function validateDeploymentUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateDeploymentSpec(obj.spec),
    ...validateSelectorImmutable(obj.spec, old.spec),
  ];
}
