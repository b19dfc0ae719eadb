/**
 * Unknown-field detection, as the apiserver's strict JSON decoder reports it: every field of
 * the body that the kind's schema does not have, by its path (`spec.replicass`,
 * `spec.template.spec.containers[0].imagePullPolicyy`), in document order. Matching is
 * case-sensitive; maps and free-form fields accept any key.
 */
import { schemaForKind } from './resolve.ts';
import type { FieldSchema } from './types.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(schema: FieldSchema, value: unknown, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  if (schema.type === 'object' && schema.children && isObject(value)) {
    for (const [name, v] of Object.entries(value)) {
      const childPath = path ? `${path}.${name}` : name;
      const child = schema.children[name];
      if (!child) out.push(childPath);
      else walk(child, v, childPath, out);
    }
  } else if (schema.type === 'array' && schema.items && Array.isArray(value)) {
    value.forEach((item, i) => walk(schema.items as FieldSchema, item, `${path}[${i}]`, out));
  } else if (schema.type === 'map' && schema.items && isObject(value)) {
    for (const [k, v] of Object.entries(value)) walk(schema.items, v, `${path}[${k}]`, out);
  }
}

/**
 * Paths of the fields in `object` that `kind` does not define; [] for kinds without a schema
 * (their bodies are not checked).
 */
export function findUnknownFields(kind: string, object: unknown): string[] {
  const schema = schemaForKind(kind);
  if (!schema) return [];
  const out: string[] = [];
  walk(schema, object, '', out);
  return out;
}
