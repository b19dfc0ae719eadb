import type { KubeObject } from '../../types/meta.ts';
import { goValueString } from '../../api/patch/go-value-string.ts';
import { parseJsonPath, relaxedJsonPath, type JsonPath } from './jsonpath.ts';

/** One `HEADER:.path` column of `-o custom-columns`. */
export interface CustomColumn {
  header: string;
  path: JsonPath;
}

/** A spec that is not `HEADER:path,...`; printed as `error: <message>`. */
export class CustomColumnsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CustomColumnsError';
  }
}

/**
 * Parses `-o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName` (the part after `=`).
 * Paths are relaxed: `.a.b`, `a.b`, `{.a.b}`.
 */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec.trim() === '') {
    throw new CustomColumnsError('custom-columns format specified but no custom columns given');
  }
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0 || part.indexOf(':', colon + 1) >= 0) {
      throw new CustomColumnsError(
        `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`,
      );
    }
    return {
      header: part.slice(0, colon),
      path: parseJsonPath(relaxedJsonPath(part.slice(colon + 1))),
    };
  });
}

/**
 * Parses a `-o custom-columns-file` template: a line of headers, then a line of paths, both
 * separated by whitespace.
 */
export function parseCustomColumnsFile(text: string): CustomColumn[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 2) {
    throw new CustomColumnsError(
      `invalid template format, expected 2 lines, found ${lines.length}`,
    );
  }
  const headers = lines[0].trim().split(/\s+/);
  const paths = lines[1].trim().split(/\s+/);
  if (headers.length !== paths.length) {
    throw new CustomColumnsError(
      `number of headers (${headers.length}) does not match number of columns (${paths.length})`,
    );
  }
  return headers.map((header, i) => ({
    header,
    path: parseJsonPath(relaxedJsonPath(paths[i])),
  }));
}

/** One object's cells: values joined by `,` as Go's `%v` prints them, `<none>` when missing. */
export function customColumnsRow(columns: readonly CustomColumn[], object: KubeObject): string[] {
  return columns.map((c) => {
    const results = c.path.findResults(object);
    if (results.length === 0 || results[0].length === 0) return '<none>';
    return results
      .flat()
      .map((v) => goValueString(v))
      .join(',');
  });
}

/** The header row (unless `noHeaders`) and a row per object; the header prints even for none. */
export function customColumnsTable(
  columns: readonly CustomColumn[],
  objects: readonly KubeObject[],
  noHeaders = false,
): string[][] {
  const rows = objects.map((o) => customColumnsRow(columns, o));
  return noHeaders ? rows : [columns.map((c) => c.header), ...rows];
}
