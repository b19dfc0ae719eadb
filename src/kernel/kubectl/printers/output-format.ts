import { KubectlError } from '../errors.ts';
import {
  parseCustomColumns,
  parseCustomColumnsFile,
  CustomColumnsError,
  type CustomColumn,
} from './custom-columns.ts';
import { JsonPathError, parseJsonPath, type JsonPath } from './jsonpath.ts';

/** What `-o` asked for. */
export type OutputFormat =
  | { type: 'table'; wide: boolean }
  | { type: 'name' }
  | { type: 'json' }
  | { type: 'yaml' }
  | { type: 'jsonpath'; template: string; path: JsonPath }
  | { type: 'custom-columns'; columns: CustomColumn[] };

const allowed =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** The `-o` value's format; unknown formats fail with kubectl's printer-matching error. */
export async function parseOutputFormat(
  output: string,
  readFile?: (path: string) => Promise<string | undefined>,
): Promise<OutputFormat> {
  const eq = output.indexOf('=');
  const name = eq < 0 ? output : output.slice(0, eq);
  const arg = eq < 0 ? '' : output.slice(eq + 1);
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
