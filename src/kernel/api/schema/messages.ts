/**
 * The wording the apiserver wraps decode problems in: the BadRequest message for a body it
 * cannot decode (`Deployment in version "v1" cannot be handled as a Deployment: ...`), the
 * strict decoding error for unknown fields under fieldValidation=Strict, and the per-field
 * warning under fieldValidation=Warn.
 */
import { badRequest, type StatusError } from '../errors.ts';

/** `v1` from `apps/v1` or `v1`. */
function versionOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
}

/** The warning text for one unknown field: `unknown field "spec.replicass"`. */
export function unknownFieldWarning(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

/** The strict decoder's error: `strict decoding error: unknown field "a", unknown field "b"`. */
export function strictDecodingError(paths: readonly string[]): string {
  return `strict decoding error: ${paths.map(unknownFieldWarning).join(', ')}`;
}

/** `<Kind> in version "<v>" cannot be handled as a <Kind>: <cause>` (transformDecodeError). */
export function cannotBeHandledMessage(kind: string, apiVersion: string, cause: string): string {
  return `${kind} in version ${JSON.stringify(versionOf(apiVersion))} cannot be handled as a ${kind}: ${cause}`;
}

/** The full BadRequest message for unknown fields with fieldValidation=Strict. */
export function strictDecodingMessage(
  kind: string,
  apiVersion: string,
  paths: readonly string[],
): string {
  return cannotBeHandledMessage(kind, apiVersion, strictDecodingError(paths));
}

/** 400 BadRequest for unknown fields under fieldValidation=Strict. */
export function strictDecodingStatus(
  kind: string,
  apiVersion: string,
  paths: readonly string[],
): StatusError {
  return badRequest(strictDecodingMessage(kind, apiVersion, paths));
}

/** 400 BadRequest for a body whose values do not fit the kind's types. */
export function decodeErrorStatus(kind: string, apiVersion: string, cause: string): StatusError {
  return badRequest(cannotBeHandledMessage(kind, apiVersion, cause));
}
