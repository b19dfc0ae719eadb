/**
 * Plain JSON values as the patch formats see them: objects, arrays and scalars, copied and
 * compared structurally. Members are written so that a key such as `__proto__` stays an
 * ordinary member, as it is in parsed JSON.
 */

/** A decoded JSON object. */
export type JsonObject = { [key: string]: unknown };

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own member, whatever its name (`constructor` and `__proto__` included). */
export function hasMember(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Sets an own, enumerable member even for keys that plain assignment would treat specially. */
export function setMember(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    object[key] = value;
  }
}

/** A deep copy of a JSON value; `undefined` members are dropped as JSON would drop them. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) setMember(copy, k, cloneJson(v));
    }
    return copy as T;
  }
  return value;
}

/** Structural equality of JSON values: member order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const otherKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    return (
      keys.length === otherKeys.length &&
      keys.every((k) => hasMember(b, k) && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}

/** What Go's encoding/json calls a value's JSON type in its unmarshal errors. */
export function goJsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}
