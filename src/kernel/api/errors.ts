/**
 * Kubernetes `Status` objects and the error that carries one. Every failure that leaves the API
 * server is a Status with a reason, an HTTP code and Kubernetes' own message wording
 * (apimachinery pkg/api/errors), so clients test the reason and never parse English.
 */

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'Timeout'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable';

/** One field-level problem, as in `details.causes` (`spec.containers[0].image: Required value`). */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** An error that is a Kubernetes Status: thrown inside the kernel, returned as data at its edges. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'unknown error');
    this.name = 'StatusError';
  }
  get reason(): StatusReason | undefined {
    return this.status.reason;
  }
  get code(): number {
    return this.status.code;
  }
}

/** The plural resource name with its group, as apimachinery's GroupResource.String() prints it. */
export interface GroupResource {
  group: string;
  resource: string;
}

function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function failure(
  code: number,
  reason: StatusReason,
  message: string,
  details?: StatusDetails,
): StatusError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details) status.details = details;
  return new StatusError(status);
}

function resourceDetails(gr: GroupResource, name: string): StatusDetails {
  const details: StatusDetails = { name, kind: gr.resource };
  if (gr.group) details.group = gr.group;
  return details;
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return failure(
    404,
    'NotFound',
    `${qualifiedResource(gr)} "${name}" not found`,
    resourceDetails(gr, name),
  );
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return failure(
    409,
    'AlreadyExists',
    `${qualifiedResource(gr)} "${name}" already exists`,
    resourceDetails(gr, name),
  );
}

/** 409 for a stale resourceVersion (apiserver OptimisticLockErrorMsg). */
export function conflict(gr: GroupResource, name: string, why?: string): StatusError {
  const cause =
    why ??
    'the object has been modified; please apply your changes to the latest version and try again';
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${cause}`,
    resourceDetails(gr, name),
  );
}

/** Field error types, as apimachinery's field.ErrorType prints them. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueNotFound'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid';

/** One validation problem at a field path. `detail` follows the type's own wording. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The offending value, shown by Invalid/NotSupported/Duplicate as Kubernetes does. */
  value?: unknown;
  detail?: string;
}

const fieldErrorLabels: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueNotFound: 'Not found',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Formats a value the way field.Error does (%q for strings, plain for numbers and booleans). */
function formatFieldValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return JSON.stringify(value);
}

/** `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function formatFieldError(e: FieldError): string {
  const label = fieldErrorLabels[e.type];
  const showsValue =
    e.value !== undefined &&
    (e.type === 'FieldValueInvalid' ||
      e.type === 'FieldValueNotSupported' ||
      e.type === 'FieldValueNotFound' ||
      e.type === 'FieldValueDuplicate' ||
      e.type === 'FieldValueTypeInvalid');
  let text = `${e.field}: ${label}`;
  if (showsValue) text += `: ${formatFieldValue(e.value)}`;
  if (e.detail) text += `: ${e.detail}`;
  return text;
}

/**
 * 422 Invalid, as apimachinery's NewInvalid builds it:
 * `Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: ..., ...]`.
 */
export function invalid(
  kind: string,
  group: string,
  name: string,
  errors: FieldError[],
): StatusError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  // ErrorList.ToAggregate: a message repeated (a rule checked twice) is listed once; the
  // causes keep every error.
  const messages = [...new Set(errors.map(formatFieldError))];
  const list = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  const details: StatusDetails = {
    name,
    kind,
    causes: errors.map((e) => ({
      reason: e.type,
      message: formatFieldError(e).slice(e.field.length + 2),
      field: e.field,
    })),
  };
  if (group) details.group = group;
  return failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${list}`, details);
}

export function badRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

export function forbidden(gr: GroupResource, name: string, why: string): StatusError {
  const subject = name ? `${qualifiedResource(gr)} "${name}"` : qualifiedResource(gr);
  return failure(403, 'Forbidden', `${subject} is forbidden: ${why}`, resourceDetails(gr, name));
}

export function methodNotAllowed(
  message = 'the server does not allow this method on the requested resource',
): StatusError {
  return failure(405, 'MethodNotAllowed', message);
}

export function unsupportedMediaType(contentType: string): StatusError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got ${contentType}`,
  );
}

/** 410 for a watch or list from a resourceVersion older than the kept history. */
export function gone(message: string): StatusError {
  return failure(410, 'Expired', message);
}

/** 504 for a resourceVersion the server has not reached (the apiserver's wait timed out). */
export function tooLargeResourceVersion(requested: number, current: number): StatusError {
  const err = failure(
    504,
    'Timeout',
    `Too large resource version: ${requested}, current: ${current}`,
    {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
  );
  return err;
}

/**
 * 429 TooManyRequests (NewTooManyRequests): the request may succeed later; `retryAfterSeconds`
 * is the server's hint, `causes` say why (the eviction API's `DisruptionBudget` cause).
 */
export function tooManyRequests(
  message: string,
  retryAfterSeconds: number,
  causes: StatusCause[] = [],
): StatusError {
  const details: StatusDetails = {};
  if (causes.length > 0) details.causes = causes;
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds;
  return failure(429, 'TooManyRequests', message, details);
}

export function internalError(message: string): StatusError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`);
}

export function serviceUnavailable(message: string): StatusError {
  return failure(503, 'ServiceUnavailable', message);
}

/** The Success Status a delete returns for kinds that reply with a Status. */
export function successStatus(gr: GroupResource, name: string, uid?: string): Status {
  const details = resourceDetails(gr, name);
  if (uid) details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}

export function isStatus(value: unknown): value is Status {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'Status' &&
    typeof (value as { code?: unknown }).code === 'number'
  );
}

/** Turns anything thrown into a Status: StatusErrors keep theirs, the rest become InternalError. */
export function toStatus(err: unknown): Status {
  if (err instanceof StatusError) return err.status;
  if (isStatus(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return internalError(message).status;
}

export function reasonOf(err: unknown): StatusReason | undefined {
  if (err instanceof StatusError) return err.reason;
  if (isStatus(err)) return err.reason;
  return undefined;
}

export const isNotFound = (err: unknown): boolean => reasonOf(err) === 'NotFound';
export const isAlreadyExists = (err: unknown): boolean => reasonOf(err) === 'AlreadyExists';
export const isConflict = (err: unknown): boolean => reasonOf(err) === 'Conflict';
export const isInvalid = (err: unknown): boolean => reasonOf(err) === 'Invalid';
export const isGone = (err: unknown): boolean => {
  const r = reasonOf(err);
  return r === 'Gone' || r === 'Expired';
};
