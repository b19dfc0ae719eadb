/**
 * Keys of ConfigMap and Secret data (apimachinery IsConfigMapKey): they become file names and
 * environment variable names, so only alphanumerics, `-`, `_` and `.` are allowed, at most 253
 * characters, and never `.`, `..` or a `..` prefix.
 */
import { byteLength, dns1123SubdomainMaxLength, maxLenError, regexError } from './names.ts';

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyRegexp = new RegExp(`^${configMapKeyFmt}$`);
const configMapKeyErrMsg =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

/** The ways a key could change directory if used as a file name (hasChDirPrefix). */
function chDirProblems(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** IsConfigMapKey: the problems of `value` as a ConfigMap or Secret key (empty when valid). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > dns1123SubdomainMaxLength)
    errs.push(maxLenError(dns1123SubdomainMaxLength));
  if (!configMapKeyRegexp.test(value)) {
    errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  }
  errs.push(...chDirProblems(value));
  return errs;
}
