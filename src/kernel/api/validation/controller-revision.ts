/**
 * apps/v1 ControllerRevision validation (ValidateControllerRevision,
 * ValidateControllerRevisionUpdate): a DNS subdomain name, data present, a non-negative
 * revision, and data that never changes once written.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import {
  fieldImmutableErrorMsg,
  invalidValue,
  required,
  validateNonnegative,
} from './field-errors.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { deepEqual } from './values.ts';

function validateRevision(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (obj.data === undefined || obj.data === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...validateNonnegative(obj.revision, 'revision'));
  return errs;
}

/** ValidateControllerRevision (create). */
export function validateControllerRevisionCreate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateRevision(obj),
  ];
}

/** ValidateControllerRevisionUpdate: only metadata and the revision number may change. */
export function validateControllerRevisionUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateRevision(obj),
  ];
  if (!deepEqual(obj.data, old.data))
    errs.push(invalidValue('data', obj.data ?? null, fieldImmutableErrorMsg));
  return errs;
}
