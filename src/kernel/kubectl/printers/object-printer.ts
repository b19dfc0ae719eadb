import { stringify } from 'yaml';
import type { KubeObject } from '../../types/meta.ts';

/** The `v1 List` kubectl prints several objects as in `-o json|yaml|jsonpath|name`. */
export interface PrintedList {
  apiVersion: 'v1';
  kind: 'List';
  items: KubeObject[];
  metadata: { resourceVersion: string };
}

/** Wraps objects in kubectl's `List` (get's printGeneric). */
export function listOf(items: KubeObject[], resourceVersion = ''): PrintedList {
  return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion } };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return value;
}

/**
 * Go's encoding/json escapes `<`, `>`, `&`, U+2028 and U+2029 inside strings; they can only
 * occur inside strings in JSON text, so replacing them everywhere is safe.
 */
export function goJsonEscape(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * `-o json`: kubectl marshals objects as decoded maps, so keys come out sorted, indented by
 * four spaces, with a final newline.
 */
export function printJson(value: unknown): string {
  return `${goJsonEscape(JSON.stringify(sortKeys(value), null, 4))}\n`;
}

/**
 * `-o yaml` as kubectl prints it (sigs.k8s.io/yaml over go-yaml v2): sorted keys, two-space
 * indent, sequences not indented under their key, YAML 1.1 quoting (`"2026-01-01T00:00:00Z"`,
 * `"yes"`, `""`), no document marker.
 */
export function printYaml(value: unknown): string {
  return stringify(sortKeys(value), {
    schema: 'yaml-1.1',
    indentSeq: false,
    sortMapEntries: true,
  });
}
