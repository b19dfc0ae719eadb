/**
 * Field lookup for `kubectl explain`: the schema at a dotted path inside a kind
 * (`pod.spec.containers.image` → the `image` field of Container), array and map levels
 * stepped through transparently.
 */
import { schemaForKind } from './resolve.ts';
import type { FieldSchema } from './types.ts';

/** The schema at `path` (field names separated by dots, without the kind), or undefined. */
export function fieldSchemaAt(
  kind: string,
  path: string | readonly string[],
): FieldSchema | undefined {
  let schema = schemaForKind(kind);
  const parts = typeof path === 'string' ? path.split('.').filter(Boolean) : path;
  for (const part of parts) {
    while (schema && (schema.type === 'array' || schema.type === 'map') && schema.items)
      schema = schema.items;
    schema = schema?.children?.[part];
    if (!schema) return undefined;
  }
  return schema;
}
