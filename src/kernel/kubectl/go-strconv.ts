/**
 * Go's strconv.Atoi and ParseUint as kubectl's flag handling meets them, failing with Go's
 * NumError text (`strconv.Atoi: parsing "x": invalid syntax`).
 */

function numError(fn: string, text: string, reason: string): Error {
  return new Error(`strconv.${fn}: parsing ${JSON.stringify(text)}: ${reason}`);
}

/** strconv.Atoi on a 64-bit platform: an optional sign and decimal digits. */
export function goAtoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw numError('Atoi', text, 'invalid syntax');
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) {
    throw numError('Atoi', text, 'value out of range');
  }
  return Number(value);
}

/**
 * strconv.ParseUint(text, 10, bitSize): digits only; it stops at the first digit that takes
 * the value past the bit size (value out of range) before it reaches a later bad character.
 */
export function goParseUint(text: string, bitSize: number): number {
  const max = 2n ** BigInt(bitSize) - 1n;
  if (text === '') throw numError('ParseUint', text, 'invalid syntax');
  let n = 0n;
  for (const c of text) {
    if (c < '0' || c > '9') throw numError('ParseUint', text, 'invalid syntax');
    n = n * 10n + BigInt(c.charCodeAt(0) - 48);
    if (n > max) throw numError('ParseUint', text, 'value out of range');
  }
  return Number(n);
}
