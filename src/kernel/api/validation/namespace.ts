/** Namespace validation (ValidateNamespace, ValidateNamespaceUpdate): a DNS-label name and finalizers. */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { invalidValue } from './field-errors.ts';
import { isQualifiedName } from './labels.ts';
import { nameIsDNSLabel } from './names.ts';
import {
  validateKubeFinalizerName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-meta.ts';
import { asArray, asObject } from './values.ts';

/** ValidateNamespace (create). */
export function validateNamespaceCreate(ns: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, {
    namespaced: false,
    nameFn: nameIsDNSLabel,
    kubeFinalizers: true,
  });
  for (const f of asArray<string>(asObject(ns.spec).finalizers)) {
    for (const msg of isQualifiedName(f)) errs.push(invalidValue('spec.finalizers', f, msg));
    errs.push(...validateKubeFinalizerName(f, 'spec.finalizers'));
  }
  return errs;
}

/** ValidateNamespaceUpdate: only metadata rules apply (spec.finalizers change through /finalize). */
export function validateNamespaceUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  return validateObjectMetaUpdate(ns.metadata, old.metadata);
}
