/**
 * The functions a kubectl go-template can call: text/template's builtins (`and`, `or`, `not`,
 * `len`, `index`, `slice`, `print`, `printf`, `println`, `html`, `js`, `urlquery`, `eq`, `ne`,
 * `lt`, `le`, `gt`, `ge`, `call`) and the two kubectl adds (`exists`, `base64decode`), each with
 * its Go signature (which decides how arguments are checked) and Go's error messages.
 */
import { goSprint, goSprintf, goSprintln } from './go-fmt.ts';
import {
  GoInt,
  Iface,
  indirect,
  indirectInterface,
  kindOf,
  mapIndex,
  numberOf,
  truth,
  typeName,
} from './go-values.ts';

/**
 * A parameter's Go type: `value` (reflect.Value: anything, even invalid), `any` (interface{}:
 * nil for invalid), `string`.
 */
export type ParamType = 'value' | 'any' | 'string';

/** What a function returns; throwing a FunctionError is Go's returned error. */
export interface TemplateFunction {
  params: ParamType[];
  /** The element type of a final variadic parameter. */
  variadic?: ParamType;
  call(args: unknown[]): unknown;
}

/** An error a function returned: `error calling NAME: <message>`. */
export class FunctionError extends Error {}

/** The zero Value in a missing map element: a nil `interface {}`. */
const nilInterface = new Iface(null);

function indexArg(index: unknown, cap: number): number {
  const kind = kindOf(index);
  if (kind === 'invalid') throw new FunctionError('cannot index slice/array with nil');
  if (kind !== 'int') {
    throw new FunctionError(`cannot index slice/array with type ${typeName(index)}`);
  }
  const x = numberOf(index);
  if (x < 0 || x > cap) throw new FunctionError(`index out of range: ${x}`);
  return x;
}

function index(item: unknown, indexes: unknown[]): unknown {
  item = indirectInterface(item);
  if (item === undefined) throw new FunctionError('index of untyped nil');
  for (let i of indexes) {
    i = indirectInterface(i);
    const { value, nil } = indirect(item);
    if (nil) throw new FunctionError('index of nil pointer');
    item = value;
    switch (kindOf(item)) {
      case 'slice':
      case 'string': {
        const length = (item as unknown[] | string).length;
        const x = indexArg(i, length);
        // x == len passes Go's check and then panics in reflect.
        if (x === length) throw new FunctionError('reflect: slice index out of range');
        item =
          typeof item === 'string'
            ? new TextEncoder().encode(item)[x]
            : new Iface((item as unknown[])[x]);
        break;
      }
      case 'map': {
        if (i === undefined) i = '';
        if (typeof i !== 'string') {
          throw new FunctionError(`value has type ${typeName(i)}; should be string`);
        }
        item = mapIndex(item as Record<string, unknown>, i) ?? nilInterface;
        break;
      }
      default:
        throw new FunctionError(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function slice(item: unknown, indexes: unknown[]): unknown {
  item = indirectInterface(item);
  if (item === undefined) throw new FunctionError('slice of untyped nil');
  if (indexes.length > 3) throw new FunctionError(`too many slice indexes: ${indexes.length}`);
  const kind = kindOf(item);
  if (kind === 'string' && indexes.length === 3)
    throw new FunctionError('cannot 3-index slice a string');
  if (kind !== 'string' && kind !== 'slice')
    throw new FunctionError(`can't slice item of type ${typeName(item)}`);
  const length = (item as string | unknown[]).length;
  const idx = [0, length, length];
  indexes.forEach((x, i) => (idx[i] = indexArg(indirectInterface(x), length)));
  if (idx[0] > idx[1]) throw new FunctionError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2])
    throw new FunctionError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  return (item as string | unknown[]).slice(idx[0], idx[1]);
}

function length(item: unknown): number {
  const { value, nil } = indirect(item);
  if (nil) throw new FunctionError('len of nil pointer');
  switch (kindOf(value)) {
    case 'slice':
    case 'string':
      return typeof value === 'string'
        ? new TextEncoder().encode(value).length
        : (value as unknown[]).length;
    case 'map':
      return Object.keys(value as object).length;
    case 'invalid':
      throw new FunctionError('reflect: call of reflect.Value.Type on zero Value');
  }
  throw new FunctionError(`len of type ${typeName(value)}`);
}

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: unknown): BasicKind {
  const kind = kindOf(v);
  return kind === 'bool' || kind === 'int' || kind === 'float' || kind === 'string'
    ? kind
    : 'invalid';
}

function scalar(v: unknown): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v ? numberOf(v) : v;
}

function eq(arg1: unknown, rest: unknown[]): boolean {
  arg1 = indirectInterface(arg1);
  if (rest.length === 0) throw new FunctionError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let arg of rest) {
    arg = indirectInterface(arg);
    const k2 = basicKind(arg);
    let equal = false;
    if (k1 !== k2) {
      if (arg1 !== undefined && arg !== undefined) {
        throw new FunctionError(
          `incompatible types for comparison: ${typeName(arg1)} and ${typeName(arg)}`,
        );
      }
    } else if (k1 !== 'invalid') {
      equal = scalar(arg1) === scalar(arg);
    } else {
      const nil1 = arg1 === undefined;
      const nil2 = arg === undefined;
      if (!nil1 && !nil2) {
        throw new FunctionError(`non-comparable type ${goSprint([arg])}: ${typeName(arg)}`);
      }
      equal = nil1 === nil2;
    }
    if (equal) return true;
  }
  return false;
}

function lessThan(arg1: unknown, arg2: unknown): boolean {
  arg1 = indirectInterface(arg1);
  arg2 = indirectInterface(arg2);
  const k1 = basicKind(arg1);
  const k2 = basicKind(arg2);
  if (k1 === 'invalid' || k2 === 'invalid') throw new FunctionError('invalid type for comparison');
  if (k1 !== k2) {
    throw new FunctionError(
      `incompatible types for comparison: ${typeName(arg1)} and ${typeName(arg2)}`,
    );
  }
  if (k1 === 'bool') throw new FunctionError('invalid type for comparison');
  return (scalar(arg1) as number | string) < (scalar(arg2) as number | string);
}

function strings(args: unknown[]): string {
  // html, js and urlquery print a single string argument as is, else fmt.Sprint the lot.
  if (args.length === 1) {
    const v = indirectInterface(args[0]);
    if (typeof v === 'string') return v;
  }
  return goSprint(args);
}

function htmlEscape(text: string): string {
  return text.replace(
    /[\0"'&<>]/g,
    (c) =>
      ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!,
  );
}

function jsEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '<') out += '\\u003C';
    else if (ch === '>') out += '\\u003E';
    else if (ch === '&') out += '\\u0026';
    else if (ch === '=') out += '\\u003D';
    else if (code < 0x20) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

function queryEscape(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      if (c === ' ') return '+';
      return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** encoding/base64's StdEncoding.DecodeString, with its error for the first bad byte. */
export function goBase64Decode(text: string): Uint8Array {
  const bytes: number[] = [];
  let bits = 0;
  let count = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' || c === '\n') continue;
    if (c === '=') break;
    const v = base64Alphabet.indexOf(c);
    if (v < 0) throw new FunctionError(`illegal base64 data at input byte ${i}`);
    bits = (bits << 6) | v;
    count++;
    if (count === 4) {
      bytes.push((bits >> 16) & 255, (bits >> 8) & 255, bits & 255);
      bits = 0;
      count = 0;
    }
  }
  if (count === 1) throw new FunctionError(`illegal base64 data at input byte ${i - 1}`);
  if (count > 0) {
    // Padding must complete the quantum, and nothing may follow it.
    const padding = text.slice(i).replace(/[\r\n]/g, '');
    if (padding !== '='.repeat(4 - count))
      throw new FunctionError(`illegal base64 data at input byte ${i}`);
    if (count === 2) bytes.push((bits >> 4) & 255);
    else bytes.push((bits >> 10) & 255, (bits >> 2) & 255);
  } else if (i < text.length) {
    throw new FunctionError(`illegal base64 data at input byte ${i}`);
  }
  return new Uint8Array(bytes);
}

/** kubectl's `exists`: whether `index` with these indices would find something non-nil. */
function exists(item: unknown, indices: unknown[]): boolean {
  let v: unknown = item;
  for (let i of indices) {
    i = indirectInterface(i);
    const { value, nil } = indirect(v);
    if (nil || value === undefined) return false;
    switch (kindOf(value)) {
      case 'slice':
      case 'string': {
        if (kindOf(i) !== 'int') return false;
        const x = numberOf(i);
        const list = value as unknown[] | string;
        if (x < 0 || x >= list.length) return false;
        v = typeof list === 'string' ? list.charCodeAt(x) : new Iface(list[x]);
        break;
      }
      case 'map':
        if (typeof i !== 'string') return false;
        v = mapIndex(value as Record<string, unknown>, i) ?? nilInterface;
        break;
      default:
        return false;
    }
  }
  return !indirect(v).nil && v !== undefined;
}

/** The function table, by name. `and` and `or` are evaluated lazily by the executor. */
export const templateFunctions: ReadonlyMap<string, TemplateFunction> = new Map<
  string,
  TemplateFunction
>([
  ['and', { params: ['value'], variadic: 'value', call: () => undefined }],
  ['or', { params: ['value'], variadic: 'value', call: () => undefined }],
  ['not', { params: ['value'], call: ([a]) => !truth(a) }],
  ['len', { params: ['value'], call: ([a]) => new GoInt(length(a)) }],
  ['index', { params: ['value'], variadic: 'value', call: ([a, ...r]) => index(a, r) }],
  ['slice', { params: ['value'], variadic: 'value', call: ([a, ...r]) => slice(a, r) }],
  ['print', { params: [], variadic: 'any', call: (args) => goSprint(args) }],
  [
    'printf',
    { params: ['string'], variadic: 'any', call: ([f, ...r]) => goSprintf(f as string, r) },
  ],
  ['println', { params: [], variadic: 'any', call: (args) => goSprintln(args) }],
  ['html', { params: [], variadic: 'any', call: (args) => htmlEscape(strings(args)) }],
  ['js', { params: [], variadic: 'any', call: (args) => jsEscape(strings(args)) }],
  ['urlquery', { params: [], variadic: 'any', call: (args) => queryEscape(strings(args)) }],
  ['eq', { params: ['value'], variadic: 'value', call: ([a, ...r]) => eq(a, r) }],
  ['ne', { params: ['value', 'value'], call: ([a, b]) => !eq(a, [b]) }],
  ['lt', { params: ['value', 'value'], call: ([a, b]) => lessThan(a, b) }],
  ['le', { params: ['value', 'value'], call: ([a, b]) => lessThan(a, b) || eq(a, [b]) }],
  ['gt', { params: ['value', 'value'], call: ([a, b]) => !lessThan(a, b) && !eq(a, [b]) }],
  ['ge', { params: ['value', 'value'], call: ([a, b]) => !lessThan(a, b) }],
  [
    'call',
    {
      params: ['value'],
      variadic: 'value',
      call: ([fn]) => {
        const f = indirectInterface(fn);
        if (f === undefined) throw new FunctionError('call of nil');
        throw new FunctionError(`non-function ${goSprint([f])} of type ${typeName(f)}`);
      },
    },
  ],
  ['exists', { params: ['any'], variadic: 'any', call: ([a, ...r]) => exists(a, r) }],
  [
    'base64decode',
    {
      params: ['string'],
      call: ([s]) => {
        try {
          return new TextDecoder().decode(goBase64Decode(s as string));
        } catch (err) {
          throw new FunctionError(`base64 decode failed: ${(err as Error).message}`);
        }
      },
    },
  ],
]);
