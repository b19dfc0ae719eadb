/**
 * The schema model: compact per-type tables (the `defs/` files) and the resolved field tree that
 * unknown-field detection, decode checks and `kubectl explain` read.
 */

/** Marks a field as required in a table entry. */
export const R = 1;

/** One field in a table: its Go type expression, a one-line description, flags (R). */
export type FieldDef = readonly [goType: string, description?: string, flags?: number];

/** One Go struct: a description and its fields by JSON name; `'...'` inlines another struct. */
export interface Definition {
  d: string;
  f: Record<string, FieldDef>;
  /** The Go type name when it differs from the table key (two API groups with one type name). */
  n?: string;
}

export type Definitions = Record<string, Definition>;

/** The wire type of a field, as `kubectl explain` names types. */
export type FieldType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'map'
  | 'quantity'
  | 'int-or-string'
  | 'any';

/** A resolved field: what it holds, and for objects, arrays and maps what is inside. */
export interface FieldSchema {
  type: FieldType;
  /** One line saying what the field is for ('' when none is written yet). */
  description: string;
  required?: boolean;
  /** Fields of an object, by JSON name (inlined structs merged in). */
  children?: Readonly<Record<string, FieldSchema>>;
  /** Element of an array, or value of a map. */
  items?: FieldSchema;
  /** The Go type as its decoder names it in errors: `int32`, `v1.PodSpec`, `[]v1.Container`. */
  goType: string;
  /** The API type name for objects (`PodSpec`), as `kubectl explain` shows `<PodSpec>`. */
  typeName?: string;
  /** Set on strings that are timestamps (RFC 3339) or bytes (base64), to check their form. */
  format?: 'date-time' | 'micro-time' | 'byte';
}
