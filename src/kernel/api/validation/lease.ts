/** coordination.k8s.io/v1 Lease validation (ValidateLease, ValidateLeaseUpdate). */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, forbidden, invalidValue, notSupported } from './field-errors.ts';
import { isQualifiedName } from './labels.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asObject, asString } from './values.ts';

const leaseStrategies = ['OldestEmulationVersion'];

/** ValidateLeaseSpec at `spec`. */
export function validateLeaseSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  const duration = spec.leaseDurationSeconds;
  if (typeof duration === 'number' && duration <= 0) {
    errs.push(invalidValue('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  }
  const transitions = spec.leaseTransitions;
  if (typeof transitions === 'number' && transitions < 0) {
    errs.push(
      invalidValue('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'),
    );
  }
  const strategy = spec.strategy;
  if (typeof strategy === 'string') {
    // Upstream nests the field name twice here (fldPath.Child("strategy") of spec.strategy).
    const field = child('spec.strategy', 'strategy');
    if (strategy.split('/').length === 1) {
      if (!leaseStrategies.includes(strategy))
        errs.push(notSupported(field, strategy, leaseStrategies));
    } else {
      for (const msg of isQualifiedName(strategy)) errs.push(invalidValue(field, strategy, msg));
    }
  }
  if (asString(spec.preferredHolder) && !asString(spec.strategy)) {
    errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

/** ValidateLease (create). */
export function validateLeaseCreate(lease: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(lease.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateLeaseSpec(lease.spec),
  ];
}

/** ValidateLeaseUpdate. */
export function validateLeaseUpdate(lease: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(lease.metadata, old.metadata),
    ...validateLeaseSpec(lease.spec),
  ];
}
