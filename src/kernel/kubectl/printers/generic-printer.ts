import { goValueString } from '../../api/patch/go-value-string.ts';
import type { KubeObject } from '../../types/meta.ts';
import { KubectlError } from '../errors.ts';
import { customColumnsTable } from './custom-columns.ts';
import { JsonPathError } from './jsonpath.ts';
import type { PrintedList } from './object-printer.ts';
import { printJson, printYaml } from './object-printer.ts';
import type { OutputFormat } from './output-format.ts';
import { formatTable } from './tabwriter.ts';

/** `pod`, `deployment.apps`: an object's kind as the name printer writes it. */
function kindOf(object: KubeObject): string {
  const kind = (object.kind ?? '').toLowerCase();
  const apiVersion = object.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? kind : `${kind}.${apiVersion.slice(0, slash)}`;
}

function isList(value: KubeObject | PrintedList): value is PrintedList {
  return Array.isArray((value as PrintedList).items);
}

/**
 * Prints an object or a List in a non-table format (`-o name|json|yaml|jsonpath|go-template|custom-columns`)
 * as kubectl's printers do. jsonpath and go-template output has no final newline, as kubectl's
 * has none; a go-template that fails throws a GoTemplatePrintError whose `output` kubectl
 * prints on stdout before the error.
 */
export function printObject(
  format: Exclude<OutputFormat, { type: 'table' }>,
  value: KubeObject | PrintedList,
  noHeaders = false,
): string {
  switch (format.type) {
    case 'json':
      return printJson(value);
    case 'yaml':
      return printYaml(value);
    case 'name': {
      const items = isList(value) ? value.items : [value];
      return items.map((o) => `${kindOf(o)}/${o.metadata.name ?? ''}\n`).join('');
    }
    case 'custom-columns': {
      const items = isList(value) ? value.items : [value];
      return formatTable(customColumnsTable(format.columns, items, noHeaders));
    }
    case 'go-template':
      return format.template.print(value, format.allowMissingKeys);
    case 'jsonpath':
      try {
        return format.path.execute(value);
      } catch (err) {
        if (!(err instanceof JsonPathError)) throw err;
        throw new KubectlError(
          `error executing jsonpath ${JSON.stringify(format.template)}: Error executing template: ${err.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${format.template}\n\tobject given to jsonpath engine was:\n\t\t${goValueString(value)}\n\n`,
        );
      }
  }
}
