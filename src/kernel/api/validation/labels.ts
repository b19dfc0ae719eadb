/**
 * Label keys (qualified names), label values and annotations, checked as apimachinery does
 * (api/validate/content and metav1 validation), with its messages.
 */
import type { FieldError } from '../errors.ts';
import { invalidValue, tooLong } from './field-errors.ts';
import { byteLength, emptyError, isDNS1123Subdomain, regexError } from './names.ts';

const labelKeyFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelKeyErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelKeyRegexp = new RegExp(`^${labelKeyFmt}$`);
const labelKeyMaxLength = 63;

const labelValueFmt = `(${labelKeyFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueRegexp = new RegExp(`^${labelValueFmt}$`);
export const labelValueMaxLength = 63;

/** The content package counts bytes in its length message. */
function maxLenBytes(length: number): string {
  return `must be no more than ${length} bytes`;
}

/** IsQualifiedName / IsLabelKey: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a valid label key ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError}`);
  else if (byteLength(name) > labelKeyMaxLength)
    errs.push(`name part ${maxLenBytes(labelKeyMaxLength)}`);
  if (!labelKeyRegexp.test(name)) {
    errs.push(
      `name part ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

/** IsValidLabelValue: empty, or ≤ 63 of `[-A-Za-z0-9_.]` starting and ending alphanumeric. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > labelValueMaxLength) errs.push(maxLenBytes(labelValueMaxLength));
  if (!labelValueRegexp.test(value)) {
    errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/** ValidateLabelName: one Invalid error per problem with the key. */
export function validateLabelName(name: string, field: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalidValue(field, name, msg));
}

/** ValidateLabels: keys and values of a label map, all reported at the map's path. */
export function validateLabels(labels: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isStringMap(labels)) return errs;
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...validateLabelName(k, field));
    for (const msg of isValidLabelValue(v)) errs.push(invalidValue(field, v, msg));
  }
  return errs;
}

/** The total size of annotation keys and values may not exceed 256 KiB. */
export const totalAnnotationSizeLimitBytes = 256 * 1024;

/** ValidateAnnotations: keys are case-insensitive qualified names; the whole map ≤ 256 KiB. */
export function validateAnnotations(annotations: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isStringMap(annotations)) return errs;
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalidValue(field, k, msg));
    total += byteLength(k) + byteLength(v);
  }
  if (total > totalAnnotationSizeLimitBytes)
    errs.push(tooLong(field, totalAnnotationSizeLimitBytes));
  return errs;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
