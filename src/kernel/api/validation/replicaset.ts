/** apps/v1 ReplicaSet validation (ValidateReplicaSet, ValidateReplicaSetUpdate). */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { validateNonnegative } from './field-errors.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asObject } from './values.ts';
import { validateSelectorAndTemplate, validateSelectorImmutable } from './workload-template.ts';

/** ValidateReplicaSetSpec at `spec`. */
export function validateReplicaSetSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  return [
    ...validateNonnegative(spec.replicas, 'spec.replicas'),
    ...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateSelectorAndTemplate(spec, 'spec'),
  ];
}

/** ValidateReplicaSet (create). */
export function validateReplicaSetCreate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, {
      namespaced: true,
      nameFn: nameIsDNSSubdomain,
      kubeFinalizers: true,
    }),
    ...validateReplicaSetSpec(obj.spec),
  ];
}

/** ValidateReplicaSetUpdate, plus apps/v1's immutable selector. */
export function validateReplicaSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateReplicaSetSpec(obj.spec),
    ...validateSelectorImmutable(obj.spec, old.spec),
  ];
}
