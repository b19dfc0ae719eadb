/** What `kubectl apply -f` prints for each document of a manifest, and for a manifest it rejects. */
import type { Status } from '../../kernel/api/errors.ts';
import type { ApplyResult } from '../../kernel/client/apply.ts';

export interface OutputLine {
  text: string;
  error: boolean;
}

/**
 * A Status as kubectl's StandardErrorMessage prints it: `Error from server (<Reason>): <message>`,
 * or `Error from server: <message>` without a reason. A missing kind or version is found by
 * kubectl itself, before any request, so that one prints as a client error (`error: ...`).
 */
export function statusLine(status: Pick<Status, 'reason' | 'message'>): string {
  const message = status.message ?? '';
  if (message.startsWith('resource mapping not found')) return `error: ${message}`;
  return status.reason
    ? `Error from server (${status.reason}): ${message}`
    : `Error from server: ${message}`;
}

/** One document's line: `deployment.apps/ticker created`, or its error. */
export function applyResultLine(result: ApplyResult): OutputLine {
  if (result.error) return { text: statusLine(result.error), error: true };
  return { text: `${result.ref} ${result.action ?? 'unchanged'}`, error: false };
}

/**
 * A manifest rejected as a whole (it does not parse): kubectl's `error: <message>`, whose
 * prefix kubectl adds unless the message already starts with it.
 */
export function applyFailureLine(err: unknown): OutputLine {
  const message = errorMessage(err);
  return { text: message.startsWith('error: ') ? message : `error: ${message}`, error: true };
}

/** The message of anything thrown or rejected: an Error, a Status, or a string. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'message' in err) {
    return String((err as { message: unknown }).message);
  }
  return String(err);
}
