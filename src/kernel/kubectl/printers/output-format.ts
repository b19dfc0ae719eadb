import { KubectlError } from '../errors.ts';
import {
  parseCustomColumns,
  parseCustomColumnsFile,
  CustomColumnsError,
  type CustomColumn,
} from './custom-columns.ts';
import { GoTemplateError, parseGoTemplate, type GoTemplate } from './go-template.ts';
import { JsonPathError, parseJsonPath, type JsonPath } from './jsonpath.ts';

/** What `-o` asked for. */
export type OutputFormat =
  | { type: 'table'; wide: boolean }
  | { type: 'name' }
  | { type: 'json' }
  | { type: 'yaml' }
  | { type: 'jsonpath'; template: string; path: JsonPath }
  | { type: 'go-template'; template: GoTemplate; allowMissingKeys: boolean }
  | { type: 'custom-columns'; columns: CustomColumn[] };

const allowed =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** How a command's `--template` and `--allow-missing-template-keys` flags were given. */
export interface TemplateFlags {
  /** `--template`: the template (or its file) for `-o go-template|jsonpath[-file]`. */
  template?: string;
  allowMissingKeys?: boolean;
}

const templateFormats = new Set([
  'go-template',
  'template',
  'go-template-file',
  'templatefile',
  'jsonpath',
  'jsonpath-file',
]);

/**
 * The `-o` value's format; unknown formats fail with kubectl's printer-matching error. A
 * `--template` given without `-o` means `-o go-template`; with `-o go-template` (or another
 * template format) it is the template.
 */
export async function parseOutputFormat(
  output: string,
  readFile?: (path: string) => Promise<string | undefined>,
  flags: TemplateFlags = {},
): Promise<OutputFormat> {
  const templateGiven = (flags.template ?? '') !== '';
  if (templateGiven && output === '') output = 'go-template';
  const eq = output.indexOf('=');
  let name = eq < 0 ? output : output.slice(0, eq);
  let arg = eq < 0 ? '' : output.slice(eq + 1);
  if (templateGiven && templateFormats.has(output)) {
    name = output;
    arg = flags.template!;
  } else if (templateGiven && templateFormats.has(name)) {
    // kubectl takes `--template` as the whole argument: `-o go-template=x` then names no format.
    name = output;
  }
  const fromFile = async (): Promise<string> => {
    const text = readFile ? await readFile(arg) : undefined;
    if (text === undefined) throw new KubectlError(`open ${arg}: no such file or directory`);
    return text;
  };
  try {
    switch (name) {
      case '':
        return { type: 'table', wide: false };
      case 'wide':
        return { type: 'table', wide: true };
      case 'name':
      case 'json':
      case 'yaml':
        return { type: name };
      case 'jsonpath':
      case 'jsonpath-file': {
        const template = name === 'jsonpath' ? arg : await fromFile();
        if (template === '')
          throw new KubectlError('template format specified but no template given');
        try {
          return { type: 'jsonpath', template, path: parseJsonPath(template) };
        } catch (err) {
          if (err instanceof JsonPathError) {
            throw new KubectlError(`error parsing jsonpath ${template}, ${err.message}`);
          }
          throw err;
        }
      }
      case 'go-template':
      case 'template':
      case 'go-template-file':
      case 'templatefile': {
        let template = arg;
        if (name.endsWith('file') && arg !== '') {
          const text = readFile ? await readFile(arg) : undefined;
          if (text === undefined) {
            throw new KubectlError(
              `error reading --template ${arg}, open ${arg}: no such file or directory`,
            );
          }
          template = text;
        }
        if (template === '')
          throw new KubectlError('template format specified but no template given');
        try {
          return {
            type: 'go-template',
            template: parseGoTemplate(template),
            allowMissingKeys: flags.allowMissingKeys ?? true,
          };
        } catch (err) {
          if (err instanceof GoTemplateError) {
            throw new KubectlError(`error parsing template ${template}, ${err.message}`);
          }
          throw err;
        }
      }
      case 'custom-columns':
        return { type: 'custom-columns', columns: parseCustomColumns(arg) };
      case 'custom-columns-file':
        return { type: 'custom-columns', columns: parseCustomColumnsFile(await fromFile()) };
    }
  } catch (err) {
    if (err instanceof CustomColumnsError || err instanceof JsonPathError) {
      throw new KubectlError(err.message);
    }
    throw err;
  }
  throw new KubectlError(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: ${allowed}`,
  );
}
