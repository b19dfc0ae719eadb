/**
 * cli-runtime's PrintFlags for commands that print the object they made (`expose`,
 * `create service`...): without `-o`, the name printer's `<kind>/<name> <operation>` line;
 * with `-o json|yaml|name|jsonpath`, the object itself, as `--dry-run=client -o yaml` users
 * rely on to write manifests.
 */
import type { DryRun } from '../client/apply.ts';
import type { KubeObject } from '../types/meta.ts';
import type { KubectlContext } from './context.ts';
import { KubectlError } from './errors.ts';
import { flagString, type FlagSpec, type ParsedArgs } from './flags.ts';
import { operationLine } from './mutation-output.ts';
import { printObject } from './printers/generic-printer.ts';
import { parseOutputFormat } from './printers/output-format.ts';

/** PrintFlags.AllowedFormats, in the order its `-o` usage lists them. */
const allowedFormats = [
  'json',
  'yaml',
  'name',
  'go-template',
  'go-template-file',
  'template',
  'templatefile',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
];

/** The `-o` flag of such commands, with PrintFlags' usage line. */
export const objectOutputFlag: FlagSpec = {
  name: 'output',
  short: 'o',
  type: 'string',
  usage: `Output format. One of: (${allowedFormats.join(', ')}).`,
};

/** Prints one resulting object: its reference (`service/web`) is for the name printer. */
export type ObjectPrinter = (object: KubeObject, ref: string) => string;

/**
 * The printer `-o` asks for, checked before anything is sent. Formats this kubectl cannot
 * print here (jsonpath-as-json) and table formats are refused with PrintFlags'
 * NoCompatiblePrinterError, whose list is sorted.
 */
export async function objectPrinter(
  ctx: KubectlContext,
  args: ParsedArgs,
  operation: string,
  dryRun: DryRun,
): Promise<ObjectPrinter> {
  const output = flagString(args, 'output');
  const name = output.split('=')[0];
  if (output === '') return (_object, ref) => operationLine(ref, operation, '', dryRun);
  const printable = [
    'json',
    'yaml',
    'name',
    'jsonpath',
    'jsonpath-file',
    'go-template',
    'go-template-file',
    'template',
    'templatefile',
  ];
  if (!printable.includes(name)) {
    throw new KubectlError(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: ${[...allowedFormats].sort().join(',')}`,
    );
  }
  const format = await parseOutputFormat(output, ctx.readFile);
  if (format.type === 'table') throw new Error('unreachable: table format');
  if (format.type === 'name') return (_object, ref) => `${ref}\n`;
  return (object) => printObject(format, object);
}
