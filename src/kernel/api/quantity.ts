/**
 * Kubernetes resource quantities (`500m`, `1.5`, `128Mi`, `1e3`) parsed and printed the way
 * apimachinery's resource.Quantity does: exact decimal arithmetic in nano units, values rounded
 * up (away from zero) to the nano, and the canonical spelling the API server stores.
 */

/** How a quantity was written, which decides how it is printed back. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed quantity: `nanos` is the exact value in units of 10^-9. */
export interface Quantity {
  nanos: bigint;
  format: QuantityFormat;
}

const splitRegex = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** apimachinery's ErrFormatWrong text: what the decoder answers for a malformed quantity. */
export const quantityFormatError = `quantities must match the regular expression '${splitRegex}'`;
const numericError = 'unable to parse numeric part of quantity';
const suffixError = "unable to parse quantity's suffix";

/** Thrown for a string that is not a quantity; the message is apimachinery's. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

const decimalSuffixes: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const suffixChars = 'eEinumkKMGTP';

interface Scanned {
  negative: boolean;
  num: string;
  denom: string;
  suffix: string;
}

/** Splits `-1.5Gi` into sign, integer digits, fraction digits and suffix, as the Go scanner does. */
function scan(str: string): Scanned {
  let pos = 0;
  const end = str.length;
  let negative = false;
  if (str[0] === '-' || str[0] === '+') {
    negative = str[0] === '-';
    pos++;
  }
  const digitsFrom = (from: number): number => {
    let i = from;
    while (i < end && str[i] >= '0' && str[i] <= '9') i++;
    return i;
  };
  let i = digitsFrom(pos);
  const num = str.slice(pos, i).replace(/^0+/, '') || '0';
  let denom = '';
  if (i < end && str[i] === '.') {
    const j = digitsFrom(i + 1);
    denom = str.slice(i + 1, j);
    i = j;
  }
  if (i === pos) throw new QuantityError(quantityFormatError);
  const suffixStart = i;
  while (i < end && suffixChars.includes(str[i])) i++;
  if (i < end && (str[i] === '-' || str[i] === '+')) i++;
  i = digitsFrom(i);
  if (i < end) throw new QuantityError(quantityFormatError);
  return { negative, num, denom, suffix: str.slice(suffixStart) };
}

function interpretSuffix(suffix: string): {
  base: 10 | 2;
  exponent: number;
  format: QuantityFormat;
} {
  if (suffix in decimalSuffixes) {
    return { base: 10, exponent: decimalSuffixes[suffix], format: 'DecimalSI' };
  }
  if (suffix in binarySuffixes) {
    return { base: 2, exponent: binarySuffixes[suffix], format: 'BinarySI' };
  }
  if (
    suffix.length > 1 &&
    (suffix[0] === 'e' || suffix[0] === 'E') &&
    /^[-+]?\d+$/.test(suffix.slice(1))
  ) {
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  }
  throw new QuantityError(suffixError);
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Divides rounding away from zero, as inf.RoundUp does. */
function divideUp(value: bigint, divisor: bigint): bigint {
  const q = value / divisor;
  return value % divisor === 0n ? q : value < 0n ? q - 1n : q + 1n;
}

/** Parses a quantity string (or a JSON number); throws QuantityError with apimachinery's message. */
export function parseQuantityValue(input: string | number): Quantity {
  const str = typeof input === 'number' ? String(input) : input.trim();
  if (str.length === 0) throw new QuantityError(quantityFormatError);
  if (str === '0') return { nanos: 0n, format: 'DecimalSI' };
  const { negative, num, denom, suffix } = scan(str);
  const { base, exponent, format: parsedFormat } = interpretSuffix(suffix);
  if (!/^\d*$/.test(denom)) throw new QuantityError(numericError);
  const digits = BigInt(num + denom);
  let nanos: bigint;
  if (base === 10) {
    const shift = 9 + exponent - denom.length;
    nanos = shift >= 0 ? digits * pow10(shift) : divideUp(digits, pow10(-shift));
  } else {
    nanos = divideUp(digits * (1n << BigInt(exponent)) * pow10(9), pow10(denom.length));
  }
  if (negative) nanos = -nanos;
  let format = parsedFormat;
  const abs = nanos < 0n ? -nanos : nanos;
  // Below one, a binary amount is shown in decimal to avoid confusing roundings (apimachinery).
  if (format === 'BinarySI' && abs > 0n && abs < pow10(9)) format = 'DecimalSI';
  return { nanos, format };
}

/** The apimachinery error text for a malformed quantity, or undefined when it parses. */
export function quantityError(input: string | number): string | undefined {
  try {
    parseQuantityValue(input);
    return undefined;
  } catch (err) {
    return err instanceof QuantityError ? err.message : String(err);
  }
}

/**
 * A quantity as a plain number in its base unit: cores for cpu (`500m` → 0.5), bytes for memory
 * (`1Ki` → 1024). Throws QuantityError for malformed input.
 */
export function parseQuantity(q: string | number): number {
  const { nanos } = parseQuantityValue(q);
  return Number(nanos) / 1e9;
}

/** A cpu quantity in millicores, rounded up as Quantity.MilliValue does (`0.5` → 500, `1n` → 1). */
export function cpuMillis(q: string | number): number {
  return Number(divideUp(parseQuantityValue(q).nanos, 1_000_000n));
}

/** A quantity as a whole number of base units, rounded up as Quantity.Value does (`1.5` → 2). */
export function quantityValue(q: string | number): number {
  return Number(divideUp(parseQuantityValue(q).nanos, 1_000_000_000n));
}

/** Compares two quantities by value: negative, zero or positive. */
export function compareQuantities(a: string | number, b: string | number): number {
  const d = parseQuantityValue(a).nanos - parseQuantityValue(b).nanos;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** True when the quantity's value is below zero. */
export function isNegativeQuantity(q: string | number): boolean {
  return parseQuantityValue(q).nanos < 0n;
}

/** Strips all factors of ten, then backs off so the exponent is a multiple of three. */
function canonicalDecimal(nanos: bigint): { mantissa: bigint; exponent: number } {
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const rem = ((exponent % 3) + 3) % 3;
  mantissa *= pow10(rem);
  exponent -= rem;
  return { mantissa, exponent };
}

/**
 * The canonical spelling the API server stores and prints (Quantity.String): `0.5` → `500m`,
 * `1000m` → `1`, `2000` → `2k`, `1024Mi` → `1Gi`, `1.5Gi` → `1536Mi`, `1e3` stays `1e3`.
 */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  let format = q.format;
  const abs = q.nanos < 0n ? -q.nanos : q.nanos;
  if (format === 'BinarySI') {
    const oneUnit = pow10(9);
    if (abs < 1024n * oneUnit || q.nanos % oneUnit !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let mantissa = q.nanos / pow10(9);
    let power = 0;
    while (power < 60 && mantissa % 1024n === 0n) {
      mantissa /= 1024n;
      power += 10;
    }
    const suffix = Object.keys(binarySuffixes).find((k) => binarySuffixes[k] === power) ?? '';
    return `${mantissa}${suffix}`;
  }
  const { mantissa, exponent } = canonicalDecimal(q.nanos);
  if (format === 'DecimalExponent')
    return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = Object.keys(decimalSuffixes).find((k) => decimalSuffixes[k] === exponent);
  if (suffix !== undefined) return `${mantissa}${suffix}`;
  // Past exa the SI table ends; spell the value out in full.
  return `${mantissa}${'0'.repeat(exponent)}`;
}

/** Parses then prints canonically; malformed input throws QuantityError. */
export function canonicalQuantity(q: string | number): string {
  return formatQuantity(parseQuantityValue(q));
}

/** Rounds a quantity up to a whole number of milli-units, as the API server's defaulting does. */
export function roundUpToMilli(q: string | number): string {
  const parsed = parseQuantityValue(q);
  const step = 1_000_000n;
  return formatQuantity({ nanos: divideUp(parsed.nanos, step) * step, format: parsed.format });
}
