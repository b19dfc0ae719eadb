/**
 * Field selectors (`?fieldSelector=metadata.name=x,spec.nodeName!=,status.phase==Running`):
 * the grammar and matching of apimachinery `pkg/fields`. Which fields a resource accepts, and
 * their values on an object, live in selectable-fields.ts.
 */
import { badRequest } from '../errors.ts';

/** `=` and `==` both mean equality; `!=` also matches objects whose field is empty. */
export type FieldOperator = '=' | '==' | '!=';

/** One `field op value` term. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  /** Unescaped value; may be empty. */
  readonly value: string;
}

/** The AND of its requirements; none means every object matches. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

/** Terms split at unescaped commas (`\,` stays inside a value). */
function splitTerms(text: string): string[] {
  if (text.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

const termOperators: readonly FieldOperator[] = ['!=', '==', '='];

/** The first operator in the term wins; at one position `!=` and `==` beat `=`. */
function splitTerm(term: string): [string, FieldOperator, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** fields.UnescapeValue: `\\`, `\,` and `\=` are escapes; a bare `,` or `=` is an error. */
function unescapeValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      // Go prints the offending rune with %v, i.e. as its code point number.
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue, the inverse of the unescaping above. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * fields.ParseSelector: the grammar only, without checking field names against a resource
 * (use parseFieldSelectorFor for that). Terms are sorted as text, as apimachinery sorts them;
 * empty terms are skipped. Throws a StatusError BadRequest with apimachinery's message, e.g.
 * `invalid selector: 'foo'; can't understand 'foo'`.
 */
export function parseFieldSelector(text: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [field, operator, rawValue] = parts;
    requirements.push({ field, operator, value: unescapeValue(rawValue) });
  }
  return { requirements };
}

/** Whether an object's selectable fields satisfy every requirement; a missing field is `""`. */
export function fieldSelectorMatches(
  selector: FieldSelector,
  fields: Readonly<Record<string, string>>,
): boolean {
  return selector.requirements.every((r) => {
    const actual = Object.prototype.hasOwnProperty.call(fields, r.field) ? fields[r.field] : '';
    return r.operator === '!=' ? actual !== r.value : actual === r.value;
  });
}

/** Selector.String(): `a=b,c!=d` with values escaped; `==` prints as `=`. */
export function fieldSelectorString(selector: FieldSelector): string {
  return selector.requirements
    .map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeFieldValue(r.value)}`)
    .join(',');
}

/**
 * RequiresExactMatch: the value an equality term pins `field` to, if any. The API server uses
 * it to check `metadata.name` against the name in a GET path.
 */
export function fieldSelectorExactValue(
  selector: FieldSelector,
  field: string,
): string | undefined {
  const term = selector.requirements.find((r) => r.field === field && r.operator !== '!=');
  return term?.value;
}
