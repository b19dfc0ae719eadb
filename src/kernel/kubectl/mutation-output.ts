import type { DryRun } from '../client/apply.ts';
import type { FlagSpec, ParsedArgs } from './flags.ts';
import { flagString } from './flags.ts';
import { KubectlError } from './errors.ts';

/** kubectl's `--dry-run` and `-o` flags of the commands that change objects. */
export const dryRunFlag: FlagSpec = {
  name: 'dry-run',
  type: 'string',
  default: 'none',
  usage:
    'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};
export const outputNameFlag: FlagSpec = {
  name: 'output',
  short: 'o',
  type: 'string',
  usage: 'Output format. One of: (name).',
};

/** The `--dry-run` strategy, refusing other values with kubectl's message. */
export function dryRunOf(args: ParsedArgs): DryRun {
  const value = flagString(args, 'dry-run');
  if (value === 'none' || value === 'client' || value === 'server') return value;
  if (value === '' || value === 'unchanged' || value === 'true') return 'client';
  if (value === 'false') return 'none';
  throw new KubectlError(
    `Invalid dry-run value (${value}). Must be "none", "server", or "client".`,
  );
}

/** The `-o` value, refusing formats these commands cannot print. */
export function outputOf(args: ParsedArgs): '' | 'name' {
  const value = flagString(args, 'output');
  if (value === '' || value === 'name') return value;
  throw new KubectlError(
    `unable to match a printer suitable for the output format "${value}", allowed formats are: name`,
  );
}

/**
 * One line of cli-runtime's name printer: `deployment.apps/web configured`, with ` (dry run)`
 * or ` (server dry run)` appended; `-o name` prints the reference alone.
 */
export function operationLine(
  ref: string,
  operation: string,
  output: '' | 'name',
  dryRun: DryRun = 'none',
): string {
  if (output === 'name') return `${ref}\n`;
  const suffix =
    dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return `${ref} ${operation}${suffix}\n`;
}
