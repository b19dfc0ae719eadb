/**
 * Builders for FieldErrors with the wording of apimachinery's field package (Required,
 * Invalid, NotSupported...), and the path arithmetic of field.Path (`spec.containers[0].image`,
 * `metadata.annotations[key]`).
 */
import type { FieldError } from '../errors.ts';

/** `spec` + `replicas` → `spec.replicas`; an empty parent yields the child alone. */
export function child(path: string, ...names: string[]): string {
  return names.reduce((p, n) => (p ? `${p}.${n}` : n), path);
}

/** `spec.containers` + 0 → `spec.containers[0]`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `metadata.annotations` + `a/b` → `metadata.annotations[a/b]` (field.Path.Key, unquoted). */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/** `Required value` with an optional detail. */
export function required(field: string, detail = ''): FieldError {
  return detail
    ? { type: 'FieldValueRequired', field, detail }
    : { type: 'FieldValueRequired', field };
}

/** `Invalid value: <value>: <detail>`; pass null for a Go nil. */
export function invalidValue(field: string, value: unknown, detail = ''): FieldError {
  return detail
    ? { type: 'FieldValueInvalid', field, value, detail }
    : { type: 'FieldValueInvalid', field, value };
}

/** `Unsupported value: "x": supported values: "a", "b"` (values quoted, in the given order). */
export function notSupported(
  field: string,
  value: unknown,
  supported: readonly string[],
): FieldError {
  const err: FieldError = { type: 'FieldValueNotSupported', field, value };
  if (supported.length > 0) {
    err.detail = `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return err;
}

/** `Forbidden: <detail>`. */
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

/** `Duplicate value: <value>`, with an optional detail. */
export function duplicate(field: string, value: unknown, detail = ''): FieldError {
  return detail
    ? { type: 'FieldValueDuplicate', field, value, detail }
    : { type: 'FieldValueDuplicate', field, value };
}

/** `Too long: may not be more than <n> bytes`. */
export function tooLong(field: string, maxLength: number): FieldError {
  return {
    type: 'FieldValueTooLong',
    field,
    detail: `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}`,
  };
}

/** apimachinery's IsNegativeErrorMsg. */
export const isNegativeErrorMsg = 'must be greater than or equal to 0';

/** `field is immutable`, as ValidateImmutableField words it. */
export const fieldImmutableErrorMsg = 'field is immutable';

/** ValidateNonnegativeField: an Invalid error when the number is below zero. */
export function validateNonnegative(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0
    ? [invalidValue(field, value, isNegativeErrorMsg)]
    : [];
}

/** InclusiveRangeError's text. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}
