import { isStatus, StatusError } from '../api/errors.ts';
import type { KubectlContext } from './context.ts';
import { formatError } from './errors.ts';

/**
 * Prints the errors a command collected as kubectl's CheckErr prints a utilerrors.Aggregate,
 * and returns the exit code: nothing and 0 for none; one error as `formatError` prints it
 * (`error: ` added to plain messages); several one per line, API errors as
 * `Error from server (...)` and plain messages as they are.
 */
export function reportErrors(ctx: KubectlContext, errors: readonly unknown[]): number {
  if (errors.length === 0) return 0;
  let text: string;
  if (errors.length === 1) {
    text = formatError(errors[0]);
  } else {
    text = errors
      .map((e) =>
        e instanceof StatusError || isStatus(e)
          ? formatError(e)
          : `${e instanceof Error ? e.message : String(e)}`.replace(/\n$/, ''),
      )
      .join('\n');
  }
  ctx.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  return 1;
}

/** utilerrors.Aggregate's Error(): the message alone for one, `[a, b]` for several. */
export function aggregateMessage(errors: readonly unknown[]): string {
  const messages = [...new Set(errors.map((e) => (e instanceof Error ? e.message : String(e))))];
  return messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
}
