import type { KubeObject } from '../types/meta.ts';
import { applyDefaults } from './defaults/index.ts';
import { badRequest, invalid } from './errors.ts';
import type { ResourceInfo } from './resources.ts';
import { findUnknownFields } from './schema/index.ts';
import { validateCreate, validateUpdate } from './validation/index.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The `fieldValidation` query parameter; the apiserver's default is Warn. */
export function fieldValidationOf(query: Record<string, string>): FieldValidation {
  const v = query.fieldValidation;
  if (v === 'Strict' || v === 'Ignore') return v;
  return 'Warn';
}

/**
 * Checks a request body for fields the kind does not have. Strict refuses the request as the
 * apiserver's strict decoder does; Warn returns the warnings to pass back to the client.
 */
export function checkUnknownFields(
  info: ResourceInfo,
  body: KubeObject,
  mode: FieldValidation,
): string[] {
  if (mode === 'Ignore') return [];
  const unknown = findUnknownFields(info.kind, body);
  if (unknown.length === 0) return [];
  const messages = unknown.map((path) => `unknown field "${path}"`);
  if (mode === 'Strict') {
    throw badRequest(
      `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${messages.join(', ')}`,
    );
  }
  return messages;
}

/** Defaults then validates a new object; throws 422 Invalid with every problem found. */
export function admitCreate(info: ResourceInfo, object: KubeObject): void {
  applyDefaults(info.kind, object);
  const errors = validateCreate(info.kind, object);
  if (errors.length > 0) throw invalid(info.kind, info.group, object.metadata.name ?? '', errors);
}

/** Defaults then validates an update against the stored object. */
export function admitUpdate(info: ResourceInfo, object: KubeObject, old: KubeObject): void {
  applyDefaults(info.kind, object);
  const errors = validateUpdate(info.kind, object, old);
  if (errors.length > 0) throw invalid(info.kind, info.group, object.metadata.name ?? '', errors);
}
