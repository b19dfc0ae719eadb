/**
 * storage.k8s.io/v1 StorageClass validation (ValidateStorageClass, ValidateStorageClassUpdate):
 * a qualified provisioner name, bounded parameters, the supported reclaim policies and binding
 * modes, and a class whose provisioner, parameters, reclaim policy and binding mode never
 * change.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import {
  fieldImmutableErrorMsg,
  forbidden,
  invalidValue,
  notSupported,
  required,
} from './field-errors.ts';
import { isQualifiedName } from './labels.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { deepEqual, isObject } from './values.ts';

const maxParameterSize = 256 * 1024;
const maxParameters = 512;
const reclaimPolicies = ['Delete', 'Retain'];
const bindingModes = ['Immediate', 'WaitForFirstConsumer'];

function validateBody(sc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = typeof sc.provisioner === 'string' ? sc.provisioner : '';
  if (provisioner === '') errs.push(required('provisioner'));
  else {
    for (const msg of isQualifiedName(provisioner.toLowerCase())) {
      errs.push(invalidValue('provisioner', provisioner, msg));
    }
  }
  if (isObject(sc.parameters)) {
    const entries = Object.entries(sc.parameters);
    if (entries.length > maxParameters) {
      errs.push({
        type: 'FieldValueTooLong',
        field: 'parameters',
        detail: `may not have more than ${maxParameters} items`,
      });
    } else {
      let total = 0;
      for (const [k, v] of entries) {
        if (k === '') errs.push(invalidValue('parameters', k, 'field can not be empty.'));
        total += k.length + (typeof v === 'string' ? v.length : 0);
      }
      if (total > maxParameterSize) {
        errs.push({
          type: 'FieldValueTooLong',
          field: 'parameters',
          detail: `may not be more than ${maxParameterSize} bytes`,
        });
      }
    }
  }
  const policy = sc.reclaimPolicy;
  if (typeof policy === 'string' && policy !== '' && !reclaimPolicies.includes(policy)) {
    errs.push(notSupported('reclaimPolicy', policy, reclaimPolicies));
  }
  const mode = sc.volumeBindingMode;
  if (mode === undefined || mode === null) errs.push(required('volumeBindingMode'));
  else if (typeof mode !== 'string' || !bindingModes.includes(mode)) {
    errs.push(notSupported('volumeBindingMode', mode, bindingModes));
  }
  return errs;
}

/** ValidateStorageClass (create). */
export function validateStorageClassCreate(object: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(object.metadata, { namespaced: false, nameFn: nameIsDNSSubdomain }),
    ...validateBody(object),
  ];
}

/** ValidateStorageClassUpdate: provisioner, parameters, reclaim policy and binding mode are fixed. */
export function validateStorageClassUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(object.metadata, old.metadata);
  errs.push(...validateBody(object));
  if (!deepEqual(object.parameters ?? {}, old.parameters ?? {})) {
    errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  }
  if (object.provisioner !== old.provisioner) {
    errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  }
  if (object.reclaimPolicy !== old.reclaimPolicy) {
    errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  }
  if (object.volumeBindingMode !== old.volumeBindingMode) {
    errs.push(
      invalidValue('volumeBindingMode', object.volumeBindingMode ?? null, fieldImmutableErrorMsg),
    );
  }
  return errs;
}
