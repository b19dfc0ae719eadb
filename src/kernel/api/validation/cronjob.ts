/**
 * batch/v1 CronJob validation (ValidateCronJobCreate, ValidateCronJobUpdate): the schedule
 * as the cron library parses it, the time zone, the concurrency policy, history limits and
 * the Job template, whose selector is always generated.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { parseCronSchedule } from '../../util/cron-schedule.ts';
import { loadLocationError } from '../../util/time-zone.ts';
import {
  child,
  invalidValue,
  notSupported,
  required,
  validateNonnegative,
} from './field-errors.ts';
import { validateJobSpecFields } from './job-spec.ts';
import { dns1035LabelMaxLength, maxLenError, nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asObject, isObject, labelSelectorJson } from './values.ts';

/** A CronJob's Jobs are named `<cronjob>-<minutes>`: 11 more characters within 63. */
const maxCronJobNameLength = dns1035LabelMaxLength - 11;

/** validateScheduleFormat: parses as the controller will, and keeps TZ out of new schedules. */
function validateSchedule(
  schedule: string,
  allowTZ: boolean,
  timeZone: unknown,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  try {
    parseCronSchedule(schedule);
  } catch (err) {
    errs.push(invalidValue(path, schedule, (err as Error).message));
  }
  const hasTZ = schedule.includes('TZ');
  if (allowTZ && hasTZ && timeZone !== undefined && timeZone !== null) {
    errs.push(
      invalidValue(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'),
    );
  } else if (!allowTZ && hasTZ) {
    errs.push(
      invalidValue(
        path,
        schedule,
        'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ),
    );
  }
  return errs;
}

/** IANA name components: letters, digits, `.`, `-`, `_`, `+`, at most 14 characters. */
const timeZonePart = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** validateTimeZone. */
function validateTimeZone(timeZone: unknown, path: string): FieldError[] {
  if (timeZone === undefined || timeZone === null) return [];
  const zone = String(timeZone);
  if (zone.length === 0) {
    return [invalidValue(path, zone, 'timeZone must be nil or non-empty string')];
  }
  for (const part of zone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !timeZonePart.test(part)) {
      return [invalidValue(path, zone, `unknown time zone ${zone}`)];
    }
  }
  const errs: FieldError[] = [];
  if (zone.toLowerCase() === 'local') {
    errs.push(
      invalidValue(
        path,
        zone,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  }
  const error = loadLocationError(zone);
  if (error) errs.push(invalidValue(path, zone, error));
  return errs;
}

/** ValidateJobTemplateSpec at `spec.jobTemplate`. */
function validateJobTemplate(value: unknown, path: string): FieldError[] {
  const spec = asObject(asObject(value).spec);
  const specPath = child(path, 'spec');
  const errs = validateJobSpecFields(spec, specPath);
  if (isObject(spec.selector)) {
    errs.push(
      invalidValue(
        child(specPath, 'selector'),
        labelSelectorJson(spec.selector),
        '`selector` will be auto-generated',
      ),
    );
  }
  if (spec.manualSelector === true) {
    errs.push(notSupported(child(specPath, 'manualSelector'), true, ['nil', 'false']));
  }
  return errs;
}

/** validateCronJobSpec; `old` is the stored spec on update. */
function validateCronJobSpec(specValue: unknown, old: Record<string, unknown> | undefined) {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  const schedule = typeof spec.schedule === 'string' ? spec.schedule : '';
  if (schedule === '') errs.push(required('spec.schedule'));
  else {
    // A stored schedule with TZ may keep it (it predates the timeZone field).
    const allowTZ = old !== undefined && String(old.schedule ?? '').includes('TZ');
    errs.push(...validateSchedule(schedule, allowTZ, spec.timeZone, 'spec.schedule'));
  }
  errs.push(...validateNonnegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (old === undefined || old.timeZone !== spec.timeZone) {
    errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  }
  const policy = spec.concurrencyPolicy;
  if (!policy) errs.push(required('spec.concurrencyPolicy'));
  else if (policy !== 'Allow' && policy !== 'Forbid' && policy !== 'Replace') {
    errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  }
  errs.push(...validateJobTemplate(spec.jobTemplate, 'spec.jobTemplate'));
  errs.push(
    ...validateNonnegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'),
  );
  errs.push(...validateNonnegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

/** ValidateCronJobCreate. */
export function validateCronJobCreate(cronJob: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cronJob.metadata, {
    namespaced: true,
    nameFn: nameIsDNSSubdomain,
    kubeFinalizers: true,
  });
  errs.push(...validateCronJobSpec(cronJob.spec, undefined));
  const name = cronJob.metadata.name ?? '';
  if (name.length > maxCronJobNameLength) {
    errs.push(invalidValue('metadata.name', name, maxLenError(maxCronJobNameLength)));
  }
  return errs;
}

/** ValidateCronJobUpdate (names longer than 52 characters stay updatable). */
export function validateCronJobUpdate(cronJob: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(cronJob.metadata, old.metadata),
    ...validateCronJobSpec(cronJob.spec, asObject(old.spec)),
  ];
}
