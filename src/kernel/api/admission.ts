import type { KubeObject } from '../types/meta.ts';
import { applyDefaults } from './defaults/index.ts';
import { invalid } from './errors.ts';
import { groupVersion, type ResourceInfo } from './resources.ts';
import { findDecodeError, findUnknownFields } from './schema/index.ts';
import { decodeErrorStatus, strictDecodingStatus, unknownFieldWarning } from './schema/messages.ts';
import type { FinishFunc } from './storage-hooks.ts';
import { validateCreate, validateUpdate } from './validation/index.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The `fieldValidation` query parameter; the apiserver's default is Warn. */
export function fieldValidationOf(query: Record<string, string>): FieldValidation {
  const v = query.fieldValidation;
  if (v === 'Strict' || v === 'Ignore') return v;
  return 'Warn';
}

/**
 * Decodes a request body against the kind's schema as the apiserver does: a value of the
 * wrong type is always a 400; unknown fields are refused under Strict, returned as warnings
 * under Warn, and let through under Ignore.
 */
export function checkBodyFields(
  info: ResourceInfo,
  body: KubeObject,
  mode: FieldValidation,
): string[] {
  const decodeError = findDecodeError(info.kind, body);
  if (decodeError) throw decodeErrorStatus(info.kind, groupVersion(info), decodeError);
  if (mode === 'Ignore') return [];
  const unknown = findUnknownFields(info.kind, body);
  if (unknown.length === 0) return [];
  if (mode === 'Strict') throw strictDecodingStatus(info.kind, groupVersion(info), unknown);
  return unknown.map(unknownFieldWarning);
}

/**
 * Defaults then validates a new object; throws 422 Invalid with every problem found. `mutate`
 * (mutating admission that needs the defaulted object, such as LimitRanger) runs right after
 * defaulting. `begin` (the storage's BeginCreate) runs before validation; its transaction is
 * reverted when validation fails and otherwise returned for the caller to settle after the
 * write.
 */
export function admitCreate(
  info: ResourceInfo,
  object: KubeObject,
  begin?: (object: KubeObject) => FinishFunc,
  mutate?: (object: KubeObject) => void,
): FinishFunc | undefined {
  applyDefaults(info.kind, object);
  mutate?.(object);
  const finish = begin?.(object);
  const errors = validateCreate(info.kind, object);
  if (errors.length > 0) {
    finish?.(false);
    throw invalid(info.kind, info.group, object.metadata.name ?? '', errors);
  }
  return finish;
}

/** Defaults then validates an update against the stored object, with `begin` as in admitCreate. */
export function admitUpdate(
  info: ResourceInfo,
  object: KubeObject,
  old: KubeObject,
  begin?: (object: KubeObject) => FinishFunc,
): FinishFunc | undefined {
  applyDefaults(info.kind, object);
  const finish = begin?.(object);
  const errors = validateUpdate(info.kind, object, old);
  if (errors.length > 0) {
    finish?.(false);
    throw invalid(info.kind, info.group, object.metadata.name ?? '', errors);
  }
  return finish;
}
