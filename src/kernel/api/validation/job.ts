/**
 * batch/v1 Job validation (ValidateJob, ValidateJobUpdate): object metadata, the generated
 * selector and labels, the spec, the selector against the template, and what may not change
 * once the Job exists.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import {
  controllerUidLabel,
  jobNameLabel,
  legacyControllerUidLabel,
  legacyJobNameLabel,
} from '../defaults/job-selector.ts';
import { child, fieldImmutableErrorMsg, invalidValue, key, required } from './field-errors.ts';
import { validateJobSpecFields } from './job-spec.ts';
import { isConvertibleSelector, selectorMatches, validateLabelSelector } from './label-selector.ts';
import { isDNS1123Label, nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asObject, deepEqual, isObject, labelSelectorJson, sortedMap } from './values.ts';

const templateMetaPath = 'spec.template.metadata';

function templateLabels(spec: Record<string, unknown>): Record<string, string> | undefined {
  const labels = asObject(asObject(spec.template).metadata).labels;
  return isObject(labels) ? (labels as Record<string, string>) : undefined;
}

/** ValidateHasLabel. */
function validateHasLabel(
  labels: Record<string, string> | undefined,
  name: string,
  expected: string,
): FieldError[] {
  const field = key(child(templateMetaPath, 'labels'), name);
  if (!labels || !(name in labels)) return [required(field, expected)];
  if (labels[name] !== expected) {
    return [invalidValue(field, sortedMap(labels), `must be '${expected}'`)];
  }
  return [];
}

/**
 * validateGeneratedSelector: a generated selector must select the Job's own uid and name, and
 * the template must carry them. `prefixed` checks the batch.kubernetes.io/ labels too (always
 * on create; on update only when the Job already had them).
 */
function validateGeneratedSelector(job: KubeObject, prefixed: boolean): FieldError[] {
  const spec = asObject(job.spec);
  if (spec.manualSelector === true || !isObject(spec.selector)) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  if (!uid) errs.push(required('metadata.uid'));
  const labels = templateLabels(spec);
  errs.push(...validateHasLabel(labels, legacyControllerUidLabel, uid));
  errs.push(...validateHasLabel(labels, legacyJobNameLabel, name));
  const expected: Record<string, string> = {};
  if (prefixed) {
    errs.push(...validateHasLabel(labels, controllerUidLabel, uid));
    errs.push(...validateHasLabel(labels, jobNameLabel, name));
    expected[controllerUidLabel] = uid;
    expected[jobNameLabel] = name;
  }
  expected[legacyControllerUidLabel] = uid;
  expected[legacyJobNameLabel] = name;
  if (isConvertibleSelector(spec.selector) && !selectorMatches(spec.selector, expected)) {
    errs.push(
      invalidValue(
        'spec.selector',
        labelSelectorJson(spec.selector),
        '`selector` not auto-generated',
      ),
    );
  }
  return errs;
}

/** ValidateJobSpec: the spec fields, then a required, valid selector matching the template. */
function validateJobSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  const errs = validateJobSpecFields(spec, 'spec');
  if (!isObject(spec.selector)) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (isConvertibleSelector(spec.selector)) {
    const labels = templateLabels(spec);
    // A missing selector selects nothing.
    const matches = isObject(spec.selector) && selectorMatches(spec.selector, labels);
    if (!matches) {
      errs.push(
        invalidValue(
          child(templateMetaPath, 'labels'),
          labels ? sortedMap(labels) : null,
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  return errs;
}

/** ValidateJob, with `prefixed` as in validateGeneratedSelector. */
function validateJob(job: KubeObject, prefixed: boolean): FieldError[] {
  const errs = validateObjectMeta(job.metadata, {
    namespaced: true,
    nameFn: nameIsDNSSubdomain,
    kubeFinalizers: true,
  });
  errs.push(...validateGeneratedSelector(job, prefixed));
  errs.push(...validateJobSpec(job.spec));
  const spec = asObject(job.spec);
  const completions = spec.completions;
  if (spec.completionMode === 'Indexed' && typeof completions === 'number' && completions > 0) {
    // Indexed pods get the hostname `<job>-<index>`, which must be a DNS label.
    const hostname = `${job.metadata.name ?? ''}-${completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(
        invalidValue(
          'metadata.name',
          job.metadata.name ?? '',
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      );
    }
  }
  return errs;
}

/** ValidateJob on create (after the selector was generated). */
export function validateJobCreate(job: KubeObject): FieldError[] {
  return validateJob(job, true);
}

function immutable(value: unknown, old: unknown, field: string): FieldError[] {
  return deepEqual(value, old) ? [] : [invalidValue(field, value ?? null, fieldImmutableErrorMsg)];
}

/** validateCompletions: fixed, but an Indexed Job may change it together with parallelism. */
function validateCompletionsUpdate(
  spec: Record<string, unknown>,
  old: Record<string, unknown>,
): FieldError[] {
  if (spec.completionMode !== 'Indexed') {
    return immutable(spec.completions, old.completions, 'spec.completions');
  }
  if (deepEqual(spec.completions, old.completions) || typeof spec.completions !== 'number')
    return [];
  if (spec.completions !== spec.parallelism) {
    return [
      invalidValue(
        'spec.completions',
        spec.completions,
        'can only be modified in tandem with spec.parallelism',
      ),
    ];
  }
  return [];
}

/**
 * validatePodTemplateUpdate: the template is fixed unless the Job is suspended; a suspended
 * Job that never started may change its scheduling directives, labels and annotations.
 */
function validateTemplateUpdate(
  spec: Record<string, unknown>,
  old: Record<string, unknown>,
  oldStatus: Record<string, unknown>,
): FieldError[] {
  const template = asObject(spec.template);
  let oldTemplate = asObject(old.template);
  const suspended = old.suspend === true;
  if (suspended && !oldStatus.startTime) {
    const t = structuredClone(oldTemplate);
    const meta = asObject(template.metadata);
    const oldMeta = asObject(t.metadata);
    oldMeta.labels = meta.labels;
    oldMeta.annotations = meta.annotations;
    t.metadata = oldMeta;
    const podSpec = asObject(template.spec);
    const oldPodSpec = asObject(t.spec);
    oldPodSpec.nodeSelector = podSpec.nodeSelector;
    oldPodSpec.tolerations = podSpec.tolerations;
    oldPodSpec.schedulingGates = podSpec.schedulingGates;
    const affinity = isObject(podSpec.affinity) ? podSpec.affinity : undefined;
    const oldAffinity = isObject(oldPodSpec.affinity) ? { ...oldPodSpec.affinity } : undefined;
    if (oldAffinity || affinity) {
      const merged = { ...(oldAffinity ?? {}), nodeAffinity: affinity?.nodeAffinity };
      const rest = Object.entries(merged).filter(([, v]) => v !== undefined);
      oldPodSpec.affinity = !affinity && rest.length === 0 ? undefined : merged;
    }
    t.spec = oldPodSpec;
    oldTemplate = t;
  }
  return immutable(template, oldTemplate, 'spec.template');
}

/** ValidateJob and ValidateJobUpdate of `job` replacing `old`. */
export function validateJobUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const oldSpec = asObject(old.spec);
  const oldLabels = templateLabels(oldSpec) ?? {};
  // Jobs created before the prefixed labels existed are not held to them.
  const prefixed = controllerUidLabel in oldLabels && jobNameLabel in oldLabels;
  const spec = asObject(job.spec);
  return [
    ...validateJob(job, prefixed),
    ...validateObjectMetaUpdate(job.metadata, old.metadata),
    ...validateCompletionsUpdate(spec, oldSpec),
    ...immutable(spec.selector, oldSpec.selector, 'spec.selector'),
    ...validateTemplateUpdate(spec, oldSpec, asObject(old.status)),
    ...immutable(spec.completionMode, oldSpec.completionMode, 'spec.completionMode'),
    ...immutable(spec.podFailurePolicy, oldSpec.podFailurePolicy, 'spec.podFailurePolicy'),
    ...immutable(
      spec.backoffLimitPerIndex,
      oldSpec.backoffLimitPerIndex,
      'spec.backoffLimitPerIndex',
    ),
    ...immutable(spec.managedBy, oldSpec.managedBy, 'spec.managedBy'),
    ...immutable(spec.successPolicy, oldSpec.successPolicy, 'spec.successPolicy'),
  ];
}
