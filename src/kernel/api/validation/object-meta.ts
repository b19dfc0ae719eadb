/**
 * metadata checks shared by every kind: apimachinery's ValidateObjectMeta on create and
 * ValidateObjectMetaUpdate on update (names, namespace, labels, annotations, ownerReferences,
 * finalizers, immutable fields), plus core's extra rule for unqualified finalizer names.
 */
import type { FieldError } from '../errors.ts';
import type { ObjectMeta, OwnerReference } from '../../types/meta.ts';
import {
  child,
  fieldImmutableErrorMsg,
  forbidden,
  index,
  invalidValue,
  required,
  validateNonnegative,
} from './field-errors.ts';
import { isQualifiedName, validateAnnotations, validateLabels } from './labels.ts';
import { nameIsDNSLabel, type NameValidator } from './names.ts';
import { deepEqual, goJson } from './values.ts';

export interface ObjectMetaOptions {
  /** Namespaced kinds must carry a namespace; cluster-scoped ones must not. */
  namespaced: boolean;
  /** How metadata.name (and generateName as a prefix) must look. */
  nameFn: NameValidator;
  /** core/v1 kinds also refuse unqualified finalizer names other than the standard ones. */
  kubeFinalizers?: boolean;
}

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Kinds that may never be owners (apimachinery BannedOwners). */
const bannedOwners = new Set(['v1/Event']);

function ownerReferenceJson(ref: OwnerReference): Record<string, unknown> {
  return goJson(ref as unknown as Record<string, unknown>, [
    'apiVersion',
    'kind',
    'name',
    'uid',
    'controller',
    'blockOwnerDeletion',
  ]);
}

function validateOwnerReference(ref: OwnerReference, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = ref.apiVersion ?? '';
  const parts = apiVersion.split('/');
  const version = parts.length === 1 ? parts[0] : parts.length === 2 ? parts[1] : '';
  if (!apiVersion) errs.push(required(child(path, 'apiVersion'), 'must not be empty'));
  else if (parts.length > 2 || !version) {
    errs.push(
      invalidValue(child(path, 'apiVersion'), apiVersion, 'must be <group>/<version> or <version>'),
    );
  }
  if (!ref.kind) errs.push(required(child(path, 'kind'), 'must not be empty'));
  if (!ref.name) errs.push(required(child(path, 'name'), 'must not be empty'));
  if (!ref.uid) errs.push(required(child(path, 'uid'), 'must not be empty'));
  const group = parts.length === 2 ? parts[0] : '';
  const gvk = `${group ? `${group}/` : ''}${version}/${ref.kind ?? ''}`;
  if (bannedOwners.has(gvk)) {
    const printed = `${group}/${version}, Kind=${ref.kind}`;
    errs.push(
      invalidValue(path, ownerReferenceJson(ref), `${printed} is disallowed from being an owner`),
    );
  }
  return errs;
}

/** ValidateOwnerReferences, including the single-controller rule. */
export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(refs)) return errs;
  let firstController = '';
  refs.forEach((ref: OwnerReference, i) => {
    errs.push(...validateOwnerReference(ref, index(path, i)));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(
          invalidValue(
            path,
            refs.map(ownerReferenceJson),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  });
  return errs;
}

/** ValidateFinalizers: qualified names, and `orphan` with `foregroundDeletion` never together. */
export function validateFinalizers(
  finalizers: unknown,
  path: string,
  kubeFinalizers = false,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(finalizers)) return errs;
  for (const f of finalizers as string[]) {
    for (const msg of isQualifiedName(f)) errs.push(invalidValue(path, f, msg));
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(
      invalidValue(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'),
    );
  }
  if (kubeFinalizers) {
    for (const f of finalizers as string[]) errs.push(...validateKubeFinalizerName(f, path));
  }
  return errs;
}

/** core's validateKubeFinalizerName: an unprefixed finalizer must be a standard one. */
export function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  if (name.split('/').length === 1 && !standardFinalizers.has(name)) {
    return [
      invalidValue(
        path,
        name,
        'name is neither a standard finalizer name nor is it fully qualified',
      ),
    ];
  }
  return [];
}

/**
 * ValidateObjectMeta for a create. The name is expected to be generated already; when only
 * generateName is present (the caller validates before generating), the missing name is not
 * reported and generateName is checked as a prefix.
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  opts: ObjectMetaOptions,
): FieldError[] {
  const m: ObjectMeta = meta ?? {};
  const path = 'metadata';
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of opts.nameFn(m.generateName, true)) {
      errs.push(invalidValue(child(path, 'generateName'), m.generateName, msg));
    }
  }
  if (!m.name) {
    if (!m.generateName)
      errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of opts.nameFn(m.name, false))
      errs.push(invalidValue(child(path, 'name'), m.name, msg));
  }
  if (opts.namespaced) {
    if (!m.namespace) errs.push(required(child(path, 'namespace')));
    else {
      for (const msg of nameIsDNSLabel(m.namespace, false)) {
        errs.push(invalidValue(child(path, 'namespace'), m.namespace, msg));
      }
    }
  } else if (m.namespace) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegative(m.generation, child(path, 'generation')));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers')));
  if (opts.kubeFinalizers && Array.isArray(m.finalizers)) {
    for (const f of m.finalizers)
      errs.push(...validateKubeFinalizerName(f, child(path, 'finalizers')));
  }
  return errs;
}

function immutable(newValue: unknown, oldValue: unknown, field: string): FieldError[] {
  return deepEqual(newValue, oldValue)
    ? []
    : [invalidValue(field, newValue ?? null, fieldImmutableErrorMsg)];
}

/**
 * ValidateObjectMetaUpdate. The new object must carry a resourceVersion (the API server fills
 * it in from the stored object for an unconditional update before validating).
 */
export function validateObjectMetaUpdate(
  meta: ObjectMeta | undefined,
  old: ObjectMeta | undefined,
): FieldError[] {
  const m: ObjectMeta = meta ?? {};
  const o: ObjectMeta = old ?? {};
  const path = 'metadata';
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const extra = [...new Set(m.finalizers ?? [])]
      .filter((f) => !(o.finalizers ?? []).includes(f))
      .sort();
    if (extra.length > 0) {
      const list = `[]string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`;
      errs.push(
        forbidden(
          child(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${list}`,
        ),
      );
    }
  }
  if (!m.resourceVersion) {
    errs.push(
      invalidValue(
        child(path, 'resourceVersion'),
        m.resourceVersion ?? '',
        'must be specified for an update',
      ),
    );
  }
  errs.push(...validateNonnegative(m.generation, child(path, 'generation')));
  if ((m.generation ?? 0) < (o.generation ?? 0)) {
    errs.push(
      invalidValue(child(path, 'generation'), m.generation ?? 0, 'must not be decremented'),
    );
  }
  errs.push(...immutable(m.name ?? '', o.name ?? '', child(path, 'name')));
  errs.push(...immutable(m.namespace ?? '', o.namespace ?? '', child(path, 'namespace')));
  errs.push(...immutable(m.uid ?? '', o.uid ?? '', child(path, 'uid')));
  errs.push(
    ...immutable(m.creationTimestamp, o.creationTimestamp, child(path, 'creationTimestamp')),
  );
  errs.push(
    ...immutable(m.deletionTimestamp, o.deletionTimestamp, child(path, 'deletionTimestamp')),
  );
  errs.push(
    ...immutable(
      m.deletionGracePeriodSeconds,
      o.deletionGracePeriodSeconds,
      child(path, 'deletionGracePeriodSeconds'),
    ),
  );
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')));
  return errs;
}
