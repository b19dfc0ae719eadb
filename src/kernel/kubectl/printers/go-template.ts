/**
 * kubectl's go-template printer (cli-runtime printers.GoTemplatePrinter): a Go text/template
 * named `output`, with text/template's functions plus `exists` and `base64decode`, run over the
 * object as decoded JSON (`-o go-template=...`, `-o template=...`, `--template`,
 * `-o go-template-file=...`).
 */
import { goJsonEscape } from './object-printer.ts';
import { goQuote, goString } from './go-template/go-fmt.ts';
import { executeTemplate, TemplateExecError } from './go-template/execute-template.ts';
import { templateFunctions } from './go-template/template-functions.ts';
import {
  GoTemplateError,
  parseTemplate,
  type ParsedTemplate,
} from './go-template/template-parser.ts';

export { GoTemplateError };

/** A template that failed while printing: kubectl writes `output` to stdout, then the error. */
export class GoTemplatePrintError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'GoTemplatePrintError';
  }
}

/** A parsed go-template, ready to print objects. */
export interface GoTemplate {
  /** The template as given. */
  readonly text: string;
  /**
   * The template's output for an object (no newline added). A failure throws
   * GoTemplatePrintError carrying what kubectl prints on stdout before its error line.
   */
  print(object: unknown, allowMissingKeys?: boolean): string;
}

const functionNames = new Set(templateFunctions.keys());

/** Parses a go-template; throws GoTemplateError with Go's message (`template: output:1: ...`). */
export function parseGoTemplate(text: string): GoTemplate {
  const parsed: ParsedTemplate = parseTemplate('output', text, functionNames);
  return {
    text,
    print(object, allowMissingKeys = true) {
      const raw = goJsonEscape(JSON.stringify(object));
      // kubectl marshals the object and decodes it again into map[string]interface{}.
      const data = JSON.parse(raw) as unknown;
      try {
        return executeTemplate(parsed, data, !allowMissingKeys);
      } catch (err) {
        if (!(err instanceof TemplateExecError)) throw err;
        const debug =
          `Error executing template: ${err.message}. Printing more information for debugging the template:\n` +
          `\ttemplate was:\n\t\t${text}\n` +
          `\traw data was:\n\t\t${raw}\n` +
          `\tobject given to template engine was:\n\t\t${goString(data)}\n\n`;
        throw new GoTemplatePrintError(
          `error executing template ${goQuote(text)}: ${err.message}`,
          err.partial + debug,
        );
      }
    },
  };
}
