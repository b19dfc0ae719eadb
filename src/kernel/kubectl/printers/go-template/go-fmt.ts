/**
 * Go's fmt package for template values (see go-values.ts): what `{{.}}` prints (fmt.Fprint),
 * `print`, `println` and `printf` with its verbs, flags, widths and precisions, and the `%!`
 * complaints fmt writes for a verb that does not fit its argument.
 */
import { indirectInterface, kindOf, numberOf, sortedKeys, typeName } from './go-values.ts';

/** A value as fmt sees it once passed as `interface{}`: nil for invalid or nil interfaces. */
function concrete(v: unknown): unknown {
  const inner = indirectInterface(v);
  return inner === undefined ? null : inner;
}

/** strconv.Quote: a double-quoted Go string literal; `ascii` escapes all non-ASCII (`%+q`). */
export function goQuote(text: string, ascii = false): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x7f) out += ch;
    else if (ascii || !isPrintable(ch)) {
      out +=
        code > 0xffff
          ? `\\U${code.toString(16).padStart(8, '0')}`
          : `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

function isPrintable(ch: string): boolean {
  return !/[\p{C}\p{Zl}\p{Zp}]/u.test(ch) && (ch === ' ' || !/\p{Zs}/u.test(ch));
}

/**
 * strconv.FormatFloat(v, 'g', -1, 64), which `%v` and `%g` use: the shortest digits that
 * read back as `v`, in e notation when the exponent is below -4 or at least 6 (`1e+06`).
 */
export function formatFloatShortest(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, e] = v.toExponential().split('e');
  const exponent = Number(e);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${goExponent(exponent)}`;
  // Between 1e-4 and 1e6 a JS number's shortest form is plain decimal, as Go's %f part is.
  return String(v);
}

function goExponent(exponent: number): string {
  const sign = exponent < 0 ? '-' : '+';
  return `${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** |v| exactly as a decimal: `digits / 10^scale` (a double is a binary fraction, so this is finite). */
function exactDecimal(v: number): { digits: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent = biased - 1075;
  if (biased === 0) exponent = -1074;
  else mantissa |= 1n << 52n;
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** `digits / 10^drop`, rounded half to even, as strconv rounds exact decimals. */
function roundDigits(digits: bigint, drop: number): bigint {
  if (drop <= 0) return digits * 10n ** BigInt(-drop);
  const unit = 10n ** BigInt(drop);
  const kept = digits / unit;
  const rest = digits % unit;
  const half = unit / 2n;
  if (rest > half || (rest === half && kept % 2n === 1n)) return kept + 1n;
  return kept;
}

/** `%f` of |v| with `prec` digits after the point, rounded as Go rounds. */
function formatFixed(v: number, prec: number): string {
  const { digits, scale } = exactDecimal(v);
  const text = roundDigits(digits, scale - prec)
    .toString()
    .padStart(prec + 1, '0');
  return prec === 0 ? text : `${text.slice(0, -prec)}.${text.slice(-prec)}`;
}

/** |v| rounded to `significant` digits: the digits and the exponent of the first one. */
function significantDigits(v: number, significant: number): { text: string; exponent: number } {
  if (v === 0) return { text: '0'.repeat(significant), exponent: 0 };
  const { digits, scale } = exactDecimal(v);
  const length = digits.toString().length;
  let exponent = length - scale - 1;
  let text = roundDigits(digits, length - significant).toString();
  if (text.length > significant) {
    text = text.slice(0, significant);
    exponent++;
  }
  return { text, exponent };
}

/** `%e` with a precision (Go: at least two exponent digits). */
function formatE(v: number, prec: number, upper: boolean): string {
  const { text, exponent } = significantDigits(v, prec + 1);
  const mantissa = prec === 0 ? text : `${text[0]}.${text.slice(1)}`;
  const out = `${mantissa}e${goExponent(exponent)}`;
  return upper ? out.toUpperCase() : out;
}

/** `%g` with a precision: %e when the exponent is < -4 or >= the precision, trailing zeros cut. */
function formatG(v: number, prec: number, upper: boolean): string {
  if (prec === 0) prec = 1;
  const { text, exponent } = significantDigits(v, prec);
  let out: string;
  if (exponent < -4 || exponent >= prec) {
    out = `${trimZeros(`${text[0]}.${text.slice(1)}`)}e${goExponent(exponent)}`;
  } else {
    out = trimZeros(formatFixed(v, Math.max(0, prec - 1 - exponent)));
  }
  return upper ? out.toUpperCase() : out;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** The `%v` of Go's fmt for any value. */
export function goString(v: unknown): string {
  return formatValue(concrete(v), 'v', {});
}

interface Spec {
  plus?: boolean;
  minus?: boolean;
  sharp?: boolean;
  space?: boolean;
  zero?: boolean;
  width?: number;
  prec?: number;
}

function badVerb(verb: string, v: unknown): string {
  if (v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${formatValue(v, 'v', {})})`;
}

function pad(text: string, spec: Spec, numeric = false): string {
  const width = spec.width ?? 0;
  const length = [...text].length;
  if (length >= width) return text;
  if (spec.minus) return text + ' '.repeat(width - length);
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(width - length) + text.slice(sign.length);
  }
  return ' '.repeat(width - length) + text;
}

function signed(text: string, negative: boolean, spec: Spec): string {
  if (negative) return `-${text}`;
  if (spec.plus) return `+${text}`;
  if (spec.space) return ` ${text}`;
  return text;
}

function formatInteger(n: number, verb: string, spec: Spec): string | undefined {
  const negative = n < 0;
  const abs = BigInt(Math.abs(n));
  let digits: string;
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString(10);
      break;
    case 'b':
      digits = abs.toString(2);
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      if (verb === 'O') digits = `0o${digits}`;
      else if (spec.sharp) digits = `0${digits}`;
      break;
    case 'x':
    case 'X':
      digits = abs.toString(16);
      if (verb === 'X') digits = digits.toUpperCase();
      if (spec.sharp) digits = (verb === 'x' ? '0x' : '0X') + digits;
      break;
    case 'c':
      return pad(String.fromCodePoint(n), spec);
    case 'q':
      return pad(`'${goQuote(String.fromCodePoint(n)).slice(1, -1).replace(/\\"/g, '"')}'`, spec);
    case 'U':
      return pad(`U+${abs.toString(16).toUpperCase().padStart(4, '0')}`, spec);
    default:
      return undefined;
  }
  if (spec.prec !== undefined) digits = digits.padStart(spec.prec, '0');
  return pad(signed(digits, negative, spec), spec, spec.prec === undefined);
}

function formatFloat(n: number, verb: string, spec: Spec): string | undefined {
  if (!'vgGeEfF'.includes(verb)) return undefined;
  const abs = Math.abs(n);
  let text: string;
  if (Number.isNaN(n)) text = 'NaN';
  else if (!Number.isFinite(n)) text = 'Inf';
  else if (verb === 'e' || verb === 'E') text = formatE(abs, spec.prec ?? 6, verb === 'E');
  else if (verb === 'f' || verb === 'F') text = formatFixed(abs, spec.prec ?? 6);
  else {
    text =
      spec.prec === undefined ? formatFloatShortest(abs) : formatG(abs, spec.prec, verb === 'G');
    if (verb === 'G') text = text.toUpperCase();
  }
  return pad(signed(text, n < 0 || Object.is(n, -0), spec), spec, Number.isFinite(n));
}

function formatString(s: string, verb: string, spec: Spec): string | undefined {
  let text = s;
  if (spec.prec !== undefined) text = [...text].slice(0, spec.prec).join('');
  switch (verb) {
    case 'v':
    case 's':
      return pad(text, spec);
    case 'q':
      return pad(
        spec.sharp && !text.includes('`') ? `\`${text}\`` : goQuote(text, spec.plus),
        spec,
      );
    case 'x':
    case 'X': {
      const hex = [...new TextEncoder().encode(text)]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(spec.space ? ' ' : '');
      return pad(verb === 'X' ? hex.toUpperCase() : hex, spec);
    }
    default:
      return undefined;
  }
}

function formatValue(v: unknown, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(v === null ? '<nil>' : typeName(v), spec);
  if (v === null) return verb === 'v' ? pad('<nil>', spec) : badVerb(verb, v);
  let out: string | undefined;
  switch (kindOf(v)) {
    case 'bool':
      out = verb === 'v' || verb === 't' ? pad(String(v), spec) : undefined;
      break;
    case 'int':
      out = formatInteger(numberOf(v), verb, spec);
      break;
    case 'float':
      out = formatFloat(numberOf(v), verb, spec);
      break;
    case 'string':
      out = formatString(v as string, verb, spec);
      break;
    case 'slice':
      out = `[${(v as unknown[]).map((e) => formatValue(e, verb, spec)).join(' ')}]`;
      break;
    case 'map': {
      const map = v as Record<string, unknown>;
      out = `map[${sortedKeys(map)
        .map((k) => `${formatValue(k, verb, spec)}:${formatValue(map[k], verb, spec)}`)
        .join(' ')}]`;
      break;
    }
    default:
      out = verb === 'v' ? '<nil>' : undefined;
  }
  return out ?? badVerb(verb, v);
}

/** fmt.Sprint: operands formatted with %v, a space between two when neither is a string. */
export function goSprint(args: readonly unknown[]): string {
  let out = '';
  let previousString = false;
  args.forEach((arg, i) => {
    const v = concrete(arg);
    const isString = typeof v === 'string';
    if (i > 0 && !isString && !previousString) out += ' ';
    out += formatValue(v, 'v', {});
    previousString = isString;
  });
  return out;
}

/** fmt.Sprintln: operands with %v, always separated by spaces, and a newline. */
export function goSprintln(args: readonly unknown[]): string {
  return `${args.map((a) => formatValue(concrete(a), 'v', {})).join(' ')}\n`;
}

/** fmt.Sprintf with Go's verbs, flags, width and precision, and its `%!` complaints. */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let next = 0;
  let i = 0;
  while (i < format.length) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    i = percent + 1;
    const spec: Spec = {};
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '+') spec.plus = true;
      else if (c === '-') spec.minus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = !spec.minus;
      else break;
    }
    const number = () => {
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    if (format[i] === '*') {
      i++;
      const arg = next < args.length ? concrete(args[next++]) : undefined;
      if (kindOf(arg) === 'int') spec.width = numberOf(arg);
      else out += '%!(BADWIDTH)';
    } else spec.width = number();
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        i++;
        const arg = next < args.length ? concrete(args[next++]) : undefined;
        if (kindOf(arg) === 'int') spec.prec = numberOf(arg);
        else out += '%!(BADPREC)';
      } else spec.prec = number() ?? 0;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (next >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatValue(concrete(args[next++]), verb, spec);
  }
  if (next < args.length) {
    const extra = args
      .slice(next)
      .map((a) => {
        const v = concrete(a);
        return v === null ? '<nil>' : `${typeName(v)}=${formatValue(v, 'v', {})}`;
      })
      .join(', ');
    out += `%!(EXTRA ${extra})`;
  }
  return out;
}
