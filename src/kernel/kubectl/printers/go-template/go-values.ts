/**
 * The values a Go template works on, modelled on the reflect.Values text/template sees when
 * kubectl runs it over an object decoded into `map[string]interface{}` (apimachinery's JSON
 * decoding: integral numbers become int64, others float64):
 * - `undefined` is the invalid Value (a missing map key), printed `<no value>`;
 * - an `Iface` is a value of static type `interface {}` (what map and slice lookups give), which
 *   may hold nil (a JSON null);
 * - strings, booleans, arrays (`[]interface {}`), plain objects (`map[string]interface {}`),
 *   numbers (integral: int64; others: float64) and `GoFloat` (a float64 that happens to be
 *   integral, such as the constant `3.0`) are concrete values.
 */

/** A value whose static type is `interface {}`; `value` null is a nil interface. */
export class Iface {
  constructor(readonly value: unknown) {}
}

/** A float64 constant whose value is integral (`1.0`), which a JS number cannot tell apart. */
export class GoFloat {
  constructor(readonly value: number) {}
}

/** An `int` (a constant such as `1`, what `len` returns, a range index), not a data int64. */
export class GoInt {
  constructor(readonly value: number) {}
}

/** A rune constant (`'a'`): an int32 in Go, printed as its number. */
export class GoRune {
  constructor(readonly value: number) {}
}

export type Kind =
  'invalid' | 'interface' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'other';

/** reflect.Kind, reduced to the kinds decoded JSON and template constants have. */
export function kindOf(v: unknown): Kind {
  if (v === undefined) return 'invalid';
  if (v instanceof Iface) return 'interface';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof GoFloat) return 'float';
  if (v instanceof GoRune || v instanceof GoInt) return 'int';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'slice';
  if (v !== null && typeof v === 'object') return 'map';
  return 'other';
}

/** reflect.Type.String() of a valid value. */
export function typeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'interface':
      return 'interface {}';
    case 'bool':
      return 'bool';
    case 'int':
      return v instanceof GoRune ? 'int32' : v instanceof GoInt ? 'int' : 'int64';
    case 'float':
      return 'float64';
    case 'string':
      return 'string';
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    default:
      return '<nil>';
  }
}

/** The number a numeric value holds. */
export function numberOf(v: unknown): number {
  if (v instanceof GoFloat || v instanceof GoRune || v instanceof GoInt) return v.value;
  return v as number;
}

/** Go's indirectInterface: the concrete value inside an interface, invalid for a nil one. */
export function indirectInterface(v: unknown): unknown {
  if (!(v instanceof Iface)) return v;
  return v.value === null ? undefined : v.value;
}

/** Go's indirect: through interfaces; `nil` true when it stops at a nil interface. */
export function indirect(v: unknown): { value: unknown; nil: boolean } {
  while (v instanceof Iface) {
    if (v.value === null) return { value: v, nil: true };
    v = v.value;
  }
  return { value: v, nil: false };
}

/** A map element as MapIndex gives it: invalid when missing, else an `interface {}`. */
export function mapIndex(map: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(map, key) ? new Iface(map[key]) : undefined;
}

/** text/template's isTrue: the truth of a value, and whether it has one. */
export function isTrue(v: unknown): { truth: boolean; ok: boolean } {
  switch (kindOf(v)) {
    case 'invalid':
      return { truth: false, ok: true };
    case 'interface':
      return { truth: (v as Iface).value !== null, ok: true };
    case 'bool':
      return { truth: v as boolean, ok: true };
    case 'int':
    case 'float':
      return { truth: numberOf(v) !== 0, ok: true };
    case 'string':
      return { truth: (v as string).length > 0, ok: true };
    case 'slice':
      return { truth: (v as unknown[]).length > 0, ok: true };
    case 'map':
      return { truth: Object.keys(v as object).length > 0, ok: true };
    default:
      return { truth: false, ok: false };
  }
}

/** `truth` of text/template's funcs: isTrue of the concrete value. */
export function truth(v: unknown): boolean {
  return isTrue(indirectInterface(v)).truth;
}

/** Go's ordering of map keys for printing and ranging: strings by byte order. */
export function sortedKeys(map: Record<string, unknown>): string[] {
  return Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
