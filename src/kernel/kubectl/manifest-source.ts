import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../types/meta.ts';
import type { KubectlContext } from './context.ts';
import { KubectlError } from './errors.ts';

/** One object read from `-f`, with the name kubectl gives its source (`x.yaml`, `STDIN`). */
export interface ManifestObject {
  source: string;
  object: KubeObject;
}

export interface ManifestRead {
  /** The objects in file order, then document order. */
  objects: ManifestObject[];
  /** Parse and validation failures, each an Error worded as kubectl words it. */
  errors: Error[];
}

const validateTail =
  'if you choose to ignore these errors, turn validation off with --validate=false';

/** go-yaml's words for the syntax errors the `yaml` package reports by code. */
function goYamlWording(code: string, message: string): string | undefined {
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'mapping values are not allowed in this context';
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      return 'found character that cannot start any token';
    case 'MULTILINE_IMPLICIT_KEY':
      return "could not find expected ':'";
    case 'MISSING_CHAR':
      if (message.startsWith('Missing closing')) return 'found unexpected end of stream';
      if (message.startsWith('Implicit map keys')) return "could not find expected ':'";
      return undefined;
    case 'BAD_INDENT':
      if (message.startsWith('Flow sequence')) return "did not find expected ',' or ']'";
      return 'did not find expected key';
    case 'UNEXPECTED_TOKEN':
      return 'did not find expected key';
    default:
      return undefined;
  }
}

/** `yaml: line 3: mapping values are not allowed in this context`, as go-yaml words its errors. */
function yamlError(code: string, message: string, line: number | undefined): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const text = goYamlWording(code, first) ?? first.charAt(0).toLowerCase() + first.slice(1);
  return line === undefined ? `yaml: ${text}` : `yaml: line ${line}: ${text}`;
}

/** kubectl's client-side check of a document (apiVersion and kind must be strings). */
function validationProblems(value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (value.apiVersion === undefined || value.apiVersion === '')
    problems.push('apiVersion not set');
  else if (typeof value.apiVersion !== 'string') problems.push("apiVersion isn't string type");
  if (value.kind === undefined || value.kind === '') problems.push('kind not set');
  else if (typeof value.kind !== 'string') problems.push("kind isn't string type");
  return problems;
}

/**
 * The documents of one source, as cli-runtime's stream visitor reads them: `List`s are
 * unpacked, empty documents skipped; the first parse or validation error ends the source
 * (documents before it are kept).
 */
export function readManifestText(text: string, source: string): ManifestRead {
  const objects: ManifestObject[] = [];
  // Duplicate keys are not an error: kubectl's YAML-to-JSON keeps the last one.
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
    const problem = doc.errors[0];
    if (problem) {
      const line = problem.linePos?.[0]?.line;
      const err = new KubectlError(
        `error parsing ${source}: error converting YAML to JSON: ${yamlError(problem.code, problem.message, line)}`,
      );
      return { objects, errors: [err] };
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      const err = new KubectlError(
        `error parsing ${source}: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`,
      );
      return { objects, errors: [err] };
    }
    const record = value as Record<string, unknown>;
    const problems = validationProblems(record);
    if (problems.length > 0) {
      const list = problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
      const err = new KubectlError(
        `error validating "${source}": error validating data: ${list}; ${validateTail}`,
      );
      return { objects, errors: [err] };
    }
    const object = record as KubeObject;
    object.metadata ??= {};
    if (object.kind === 'List' && Array.isArray(object.items)) {
      for (const item of object.items as KubeObject[]) objects.push({ source, object: item });
    } else {
      objects.push({ source, object });
    }
  }
  return { objects, errors: [] };
}

/**
 * Reads every `-f` argument (`-` is the piped text, named `STDIN`). A file that does not
 * exist fails the whole command before anything is sent, as kubectl does.
 */
export async function readManifests(
  ctx: KubectlContext,
  filenames: readonly string[],
): Promise<ManifestRead> {
  const texts: [string, string][] = [];
  for (const name of filenames) {
    if (name === '-') {
      texts.push(['STDIN', ctx.stdin ?? '']);
      continue;
    }
    const text = ctx.readFile ? await ctx.readFile(name) : undefined;
    if (text === undefined) throw new KubectlError(`the path "${name}" does not exist`);
    texts.push([name, text]);
  }
  const read: ManifestRead = { objects: [], errors: [] };
  for (const [source, text] of texts) {
    const one = readManifestText(text, source);
    read.objects.push(...one.objects);
    read.errors.push(...one.errors);
  }
  return read;
}
