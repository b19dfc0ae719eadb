/**
 * JSON values printed the way Go's fmt prints the decoded `interface{}` values, for the few
 * strategic-merge errors whose message embeds a value (`map: map[image:x] does not contain
 * declared merge key: name`).
 */
import { isJsonObject } from '../../util/json-value.ts';

/** `%v`: maps as `map[k:v ...]` with sorted keys, slices as `[a b]`, nil as `<nil>`. */
export function goValueString(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValueString).join(' ')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${k}:${goValueString(value[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** reflect.TypeOf(v).String() for a decoded JSON value. */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  if (isJsonObject(value)) return 'map[string]interface {}';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}
