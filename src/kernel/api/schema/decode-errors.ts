/**
 * The type checks the apiserver's JSON decoder makes before anything else: a string where an
 * integer goes, a list where an object goes, a malformed quantity or timestamp. The first
 * problem in document order is reported with encoding/json's wording
 * (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`),
 * or the quantity parser's (`quantities must match the regular expression ...`).
 */
import { quantityError } from '../quantity.ts';
import { base64Error } from '../../util/go-base64.ts';
import { schemaForKind } from './resolve.ts';
import type { FieldSchema } from './types.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** How encoding/json names the JSON value it could not store. */
function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'array' : 'object';
}

const intRanges: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Context of the value being decoded: the innermost struct and the dotted field path. */
interface Where {
  struct: string;
  path: string;
}

function mismatch(value: unknown, where: Where, goType: string, literal = false): string {
  const what = literal && typeof value === 'number' ? `number ${value}` : jsonKind(value);
  return `json: cannot unmarshal ${what} into Go struct field ${where.struct}.${where.path} of type ${goType}`;
}

/** Checks one value against its schema; returns the first decode error. */
function check(schema: FieldSchema, value: unknown, where: Where): string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (schema.type) {
    case 'any':
      return undefined;
    case 'string':
      if (typeof value !== 'string') {
        if (schema.format && schema.format !== 'byte')
          return `json: cannot unmarshal ${jsonKind(value)} into Go value of type string`;
        return mismatch(value, where, schema.goType);
      }
      if (schema.format === 'byte') return base64Error(value);
      if (schema.format && value !== '' && !rfc3339.test(value)) {
        return `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`;
      }
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : mismatch(value, where, schema.goType);
    case 'number':
      return typeof value === 'number' ? undefined : mismatch(value, where, schema.goType);
    case 'integer': {
      if (typeof value !== 'number') return mismatch(value, where, schema.goType);
      const [lo, hi] = intRanges[schema.goType] ?? intRanges.int64;
      if (!Number.isInteger(value) || value < lo || value > hi)
        return mismatch(value, where, schema.goType, true);
      return undefined;
    }
    case 'quantity':
      if (typeof value === 'string' || typeof value === 'number') return quantityError(value);
      return quantityError(typeof value === 'boolean' ? String(value) : '');
    case 'int-or-string':
      if (typeof value === 'string') return undefined;
      if (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= -2147483648 &&
        value <= 2147483647
      ) {
        return undefined;
      }
      return `json: cannot unmarshal ${typeof value === 'number' ? `number ${value}` : jsonKind(value)} into Go value of type int32`;
    case 'array':
      if (!Array.isArray(value)) return mismatch(value, where, schema.goType);
      for (const item of value) {
        const err = check(schema.items as FieldSchema, item, where);
        if (err) return err;
      }
      return undefined;
    case 'map':
      if (!isObject(value)) return mismatch(value, where, schema.goType);
      for (const v of Object.values(value)) {
        const err = check(schema.items as FieldSchema, v, where);
        if (err) return err;
      }
      return undefined;
    case 'object': {
      if (!isObject(value)) return mismatch(value, where, schema.goType);
      const struct = schema.typeName ?? where.struct;
      for (const [name, v] of Object.entries(value)) {
        const child = schema.children?.[name];
        if (!child) continue;
        const err = check(child, v, { struct, path: where.path ? `${where.path}.${name}` : name });
        if (err) return err;
      }
      return undefined;
    }
  }
}

/**
 * The decoder's error for the first value of `object` whose JSON type does not fit the kind's
 * schema, or undefined when it decodes. Unknown fields are not type errors (see
 * findUnknownFields); kinds without a schema always decode.
 */
export function findDecodeError(kind: string, object: unknown): string | undefined {
  const schema = schemaForKind(kind);
  if (!schema) return undefined;
  return check(schema, object, { struct: kind, path: '' });
}
