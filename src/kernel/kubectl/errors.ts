import { isStatus, StatusError, type Status } from '../api/errors.ts';
import { UsageError } from './flags.ts';

/** A failure a command reports itself, printed as `error: <message>` (exit code 1 by default). */
export class KubectlError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'KubectlError';
  }
}

/** `error when creating "x.yaml": ...`: which file an API error came from (cli-runtime AddSourceToErr). */
export class SourcedError extends Error {
  constructor(
    readonly verb: string,
    readonly source: string,
    override readonly cause: unknown,
  ) {
    super(`error when ${verb} "${source}"`);
    this.name = 'SourcedError';
  }
}

/** One API error as kubectl prints it; `prefix` (the file it came from) is not shown for Invalid, as kubectl builds that line from the details alone. */
function statusLine(status: Status, prefix = ''): string {
  if (status.reason === 'Invalid' && status.details?.causes?.length) {
    const kind = status.details.kind ?? '';
    const name = status.details.name ?? '';
    const causes = status.details.causes;
    if (causes.length === 1) {
      const c = causes[0];
      return `The ${kind} "${name}" is invalid: ${c.field ? `${c.field}: ` : ''}${c.message}`;
    }
    return `The ${kind} "${name}" is invalid: \n${causes
      .map((c) => `* ${c.field ? `${c.field}: ` : ''}${c.message}`)
      .join('\n')}`;
  }
  if (status.reason === 'Unauthorized') {
    return `error: You must be logged in to the server (${status.message ?? 'Unauthorized'})`;
  }
  const message = `${prefix}${status.message ?? ''}`;
  return status.reason
    ? `Error from server (${status.reason}): ${message}`
    : `Error from server: ${message}`;
}

/**
 * How kubectl prints an error on stderr (cmdutil.CheckErr / StandardErrorMessage): API Status
 * errors as `Error from server (Reason): message` (Invalid ones as `The Kind "name" is
 * invalid: ...`), everything else as `error: message`. Usage errors add the help hint.
 */
export function formatError(err: unknown, command?: string): string {
  if (err instanceof SourcedError) {
    const inner =
      err.cause instanceof StatusError
        ? err.cause.status
        : isStatus(err.cause)
          ? err.cause
          : undefined;
    if (inner) return statusLine(inner, `${err.message}: `);
    return `error: ${err.message}: ${err.cause instanceof Error ? err.cause.message : String(err.cause)}`;
  }
  if (err instanceof StatusError) return statusLine(err.status);
  if (isStatus(err)) return statusLine(err);
  if (err instanceof UsageError) {
    return `error: ${err.message}\nSee 'kubectl${command ? ` ${command}` : ''} -h' for help and examples`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith('error: ') ? message : `error: ${message}`;
}
