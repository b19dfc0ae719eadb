/**
 * batch/v1 JobSpec validation shared by Jobs and CronJob templates (validateJobSpec): counts,
 * completion mode, per-index back-off, pod failure and success policies, pod replacement, the
 * pod template and its restart policy.
 */
import type { FieldError } from '../errors.ts';
import {
  child,
  invalidValue,
  notSupported,
  required,
  tooLong,
  validateNonnegative,
} from './field-errors.ts';
import { validatePodFailurePolicy, validateSuccessPolicy } from './job-policies.ts';
import { validatePodTemplateSpec } from './pod-spec.ts';
import { asObject, isObject } from './values.ts';

/** Indexed Jobs may not run more pods at once than this (maxParallelismForIndexedJob). */
const maxParallelismForIndexedJob = 100_000;
const maxFailedIndexesForIndexedJob = 100_000;
const completionsSoftLimit = 100_000;
const parallelismLimitForHighCompletions = 10_000;
const maxFailedIndexesLimitForHighCompletions = 10_000;
const maxManagedByLength = 63;

const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** IsDomainPrefixedPath: `example.com/name`, a DNS subdomain, a slash, then a path. */
function validateDomainPrefixedPath(value: string, field: string): FieldError[] {
  const slash = value.indexOf('/');
  if (slash < 0) {
    return [invalidValue(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const host = value.slice(0, slash);
  const path = value.slice(slash + 1);
  const errs: FieldError[] = [];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host)) {
    errs.push(
      invalidValue(
        field,
        host,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    );
  }
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(path)) {
    errs.push(invalidValue(field, path, 'Invalid path: must consist of valid path characters'));
  }
  return errs;
}

/** validatePodReplacementPolicy: only `Failed` when a pod failure policy is set. */
function validatePodReplacementPolicy(spec: Record<string, unknown>, path: string): FieldError[] {
  const policy = spec.podReplacementPolicy;
  if (!isSet(policy)) return [];
  const field = child(path, 'podReplacementPolicy');
  if (isSet(spec.podFailurePolicy)) {
    return policy === 'Failed' ? [] : [notSupported(field, policy, ['Failed'])];
  }
  return policy === 'Failed' || policy === 'TerminatingOrFailed'
    ? []
    : [notSupported(field, policy, ['Failed', 'TerminatingOrFailed'])];
}

/** Indexed-mode limits on completions, parallelism and failed indexes. */
function validateIndexedLimits(spec: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const completions = num(spec.completions);
  const parallelism = num(spec.parallelism);
  const maxFailed = num(spec.maxFailedIndexes);
  if (completions === undefined) {
    errs.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
  }
  if (parallelism !== undefined && parallelism > maxParallelismForIndexedJob) {
    errs.push(
      invalidValue(
        child(path, 'parallelism'),
        parallelism,
        `must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`,
      ),
    );
  }
  if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) {
    errs.push(
      invalidValue(
        child(path, 'maxFailedIndexes'),
        maxFailed,
        'must be less than or equal to completions',
      ),
    );
  }
  if (maxFailed !== undefined && maxFailed > maxFailedIndexesForIndexedJob) {
    errs.push(
      invalidValue(
        child(path, 'maxFailedIndexes'),
        maxFailed,
        `must be less than or equal to ${maxFailedIndexesForIndexedJob}`,
      ),
    );
  }
  if (
    completions !== undefined &&
    completions > completionsSoftLimit &&
    isSet(spec.backoffLimitPerIndex)
  ) {
    if (maxFailed === undefined) {
      errs.push(
        required(
          child(path, 'maxFailedIndexes'),
          `must be specified when completions is above ${completionsSoftLimit}`,
        ),
      );
    }
    const suffix = `when completions are above ${completionsSoftLimit} and used with backoff limit per index`;
    if (parallelism !== undefined && parallelism > parallelismLimitForHighCompletions) {
      errs.push(
        invalidValue(
          child(path, 'parallelism'),
          parallelism,
          `must be less than or equal to ${parallelismLimitForHighCompletions} ${suffix}`,
        ),
      );
    }
    if (maxFailed !== undefined && maxFailed > maxFailedIndexesLimitForHighCompletions) {
      errs.push(
        invalidValue(
          child(path, 'maxFailedIndexes'),
          maxFailed,
          `must be less than or equal to ${maxFailedIndexesLimitForHighCompletions} ${suffix}`,
        ),
      );
    }
  }
  return errs;
}

/**
 * validateJobSpec at `path` (`spec`, or `spec.jobTemplate.spec` of a CronJob): everything but
 * the selector, which only Jobs carry.
 */
export function validateJobSpecFields(specValue: unknown, path: string): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  for (const name of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
  ]) {
    errs.push(...validateNonnegative(spec[name], child(path, name)));
  }
  if (isSet(spec.maxFailedIndexes)) {
    errs.push(...validateNonnegative(spec.maxFailedIndexes, child(path, 'maxFailedIndexes')));
    if (!isSet(spec.backoffLimitPerIndex)) {
      errs.push(
        required(child(path, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified'),
      );
    }
  }
  if (typeof spec.managedBy === 'string') {
    const field = child(path, 'managedBy');
    errs.push(...validateDomainPrefixedPath(spec.managedBy, field));
    if (spec.managedBy.length > maxManagedByLength) errs.push(tooLong(field, maxManagedByLength));
  }
  const mode = spec.completionMode;
  if (isSet(mode)) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') {
      errs.push(notSupported(child(path, 'completionMode'), mode, ['NonIndexed', 'Indexed']));
    }
    if (mode === 'Indexed') errs.push(...validateIndexedLimits(spec, path));
  }
  if (!isSet(mode) || mode === 'NonIndexed') {
    for (const name of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (isSet(spec[name])) {
        errs.push(invalidValue(child(path, name), spec[name], 'requires indexed completion mode'));
      }
    }
  }
  if (isObject(spec.podFailurePolicy)) {
    errs.push(...validatePodFailurePolicy(spec, child(path, 'podFailurePolicy')));
  }
  if (isObject(spec.successPolicy)) {
    if (mode !== 'Indexed') {
      errs.push(
        invalidValue(
          child(path, 'successPolicy'),
          spec.successPolicy,
          'requires indexed completion mode',
        ),
      );
    } else {
      errs.push(...validateSuccessPolicy(spec, child(path, 'successPolicy')));
    }
  }
  errs.push(...validatePodReplacementPolicy(spec, path));
  const templatePath = child(path, 'template');
  errs.push(...validatePodTemplateSpec(spec.template, templatePath));
  const restartPolicy = asObject(asObject(spec.template).spec).restartPolicy;
  const restartPath = child(templatePath, 'spec', 'restartPolicy');
  // Defaulting turns a missing restartPolicy into Always, so both read as "not set".
  if (restartPolicy === 'Always' || !restartPolicy) {
    errs.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  } else if (isSet(spec.podFailurePolicy) && restartPolicy !== 'Never') {
    errs.push(
      invalidValue(
        restartPath,
        restartPolicy,
        'only "Never" is supported when podFailurePolicy is specified',
      ),
    );
  }
  return errs;
}
