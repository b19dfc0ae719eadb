/**
 * The two patch failures that errors.ts has no helper for, shaped exactly as the apiserver
 * sends them. Both are StatusErrors, so they travel as data like every other API error.
 */
import { StatusError } from '../errors.ts';

/**
 * 422 from a patch the server understood but could not apply (a failing JSON Patch `test`, a
 * missing path, a strategic-merge list of lists). The apiserver builds it with
 * NewGenericServerResponse, which keeps only this generic message; kubectl prints
 * `The request is invalid: the server rejected our request due to an error in our request`.
 * `cause` (the specific reason) is kept as the Error's `cause` for logs, not in the Status.
 */
export function patchNotApplicable(cause?: string): StatusError {
  const error = new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: {},
    code: 422,
  });
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: new Error(cause) });
  return error;
}

/**
 * 500 without a reason: what the apiserver answers when patching fails with an error that is
 * not a Status (its StatusReasonUnknown), such as a strategic-merge list element missing its
 * merge key. The message is the underlying error's text.
 */
export function patchFailed(message: string): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    code: 500,
  });
}
