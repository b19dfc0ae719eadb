/**
 * Label key and value syntax, with the exact problem descriptions apimachinery gives
 * (`k8s.io/apimachinery/pkg/api/validate/content`: IsLabelKey, IsLabelValue). Selectors quote
 * these inside their parse errors; object validation can reuse them for `metadata.labels`.
 */

const labelKeyFormat = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelValueFormat = `(${labelKeyFormat})?`;
const dns1123LabelFormat = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFormat = `${dns1123LabelFormat}(\\.${dns1123LabelFormat})*`;

const labelKeyPattern = new RegExp(`^${labelKeyFormat}$`);
const labelValuePattern = new RegExp(`^${labelValueFormat}$`);
const dns1123SubdomainPattern = new RegExp(`^${dns1123SubdomainFormat}$`);

const labelKeyMaxBytes = 63;
const labelValueMaxBytes = 63;
const dns1123SubdomainMaxBytes = 253;

const labelKeyMessage =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const dns1123SubdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

const utf8 = new TextEncoder();

/** Go measures these limits in bytes, not UTF-16 code units. */
function byteLength(value: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(value) ? value.length : utf8.encode(value).length;
}

/** apimachinery's RegexError: the message, its examples, then the pattern. */
function regexError(message: string, pattern: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${pattern}')`;
  const shown = examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('');
  return `${message} (e.g. ${shown}regex used for validation is '${pattern}')`;
}

function maxLengthError(limit: number): string {
  return `must be no more than ${limit} bytes`;
}

/** Problems with a DNS-1123 subdomain (a label key prefix); empty when valid. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > dns1123SubdomainMaxBytes) {
    errors.push(maxLengthError(dns1123SubdomainMaxBytes));
  }
  if (!dns1123SubdomainPattern.test(value)) {
    errors.push(regexError(dns1123SubdomainMessage, dns1123SubdomainFormat, 'example.com'));
  }
  return errors;
}

/**
 * Problems with a label key (`[prefix/]name`), worded as Kubernetes words them; empty when valid.
 */
export function labelKeyErrors(key: string): string[] {
  const errors: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  } else {
    return [
      `a valid label key ${regexError(labelKeyMessage, labelKeyFormat, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (byteLength(name) > labelKeyMaxBytes) {
    errors.push(`name part ${maxLengthError(labelKeyMaxBytes)}`);
  }
  if (!labelKeyPattern.test(name)) {
    errors.push(
      `name part ${regexError(labelKeyMessage, labelKeyFormat, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errors;
}

/** Problems with a label value (empty is valid), worded as Kubernetes words them. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > labelValueMaxBytes) errors.push(maxLengthError(labelValueMaxBytes));
  if (!labelValuePattern.test(value)) {
    errors.push(regexError(labelValueMessage, labelValueFormat, 'MyValue', 'my_value', '12345'));
  }
  return errors;
}
