/**
 * apps validation's IntOrString helpers, shared by DaemonSet and PodDisruptionBudget rules:
 * ValidatePositiveIntOrPercent, IsNotMoreThan100Percent and getIntOrPercentValue.
 */
import type { FieldError } from '../errors.ts';
import { invalidValue, validateNonnegative } from './field-errors.ts';
import { regexError } from './names.ts';

const percentRegexp = /^[0-9]+%$/;

/** IsValidPercent's message. */
const percentError = regexError(
  "a valid percent string must be a numeric string followed by an ending '%'",
  '[0-9]+%',
  '1%',
  '93%',
);

/** An IntOrString as encoding/json prints it inside a message: its number or its string. */
export function intOrStringJson(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'string' ? value : 0;
}

/** ValidatePositiveIntOrPercent: a percent string, or an integer of at least 0. */
export function validatePositiveIntOrPercent(value: unknown, field: string): FieldError[] {
  if (typeof value === 'string')
    return percentRegexp.test(value) ? [] : [invalidValue(field, value, percentError)];
  if (typeof value === 'number') return validateNonnegative(value, field);
  return [];
}

/** getPercentValue: the number of a valid percent string. */
function percentValue(value: unknown): number | undefined {
  return typeof value === 'string' && percentRegexp.test(value)
    ? Number(value.slice(0, -1))
    : undefined;
}

/** getIntOrPercentValue: `25%` → 25, 3 → 3, `"3"` → 3, anything else → 0 (strconv.Atoi failing). */
export function intOrPercentValue(value: unknown): number {
  const percent = percentValue(value);
  if (percent !== undefined) return percent;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return Number(value);
  return 0;
}

/** IsNotMoreThan100Percent: a percentage may not pass 100%. */
export function validateNotMoreThan100Percent(value: unknown, field: string): FieldError[] {
  const percent = percentValue(value);
  if (percent === undefined || percent <= 100) return [];
  return [invalidValue(field, value, 'must not be greater than 100%')];
}
