/**
 * One label requirement (`key op values`) as apimachinery's `labels.Requirement` defines it:
 * construction with validation, matching against a label map, and printing.
 */
import {
  isQualifiedName as labelKeyErrors,
  isValidLabelValue as labelValueErrors,
} from '../validation/labels.ts';

/** selection.Operator, spelled as apimachinery spells it. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** `key operator values`: one condition a label map must meet. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Values as given (the string parser gives them sorted and de-duplicated). */
  readonly values: readonly string[];
}

/** The binary operators in the order apimachinery lists them in its parse errors. */
export const binaryLabelOperators: readonly LabelOperator[] = [
  'in',
  'notin',
  '=',
  '==',
  '!=',
  'gt',
  'lt',
];
const unaryLabelOperators: readonly LabelOperator[] = ['exists', '!'];

/**
 * A selector that could not be parsed or built; `message` is apimachinery's error text.
 * Public entry points turn it into a StatusError.
 */
export class LabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorError';
  }
}

/**
 * A field.Path rendered as apimachinery renders it; the root path of a string selector is nil,
 * which Go prints as `<nil>`.
 */
export function fieldPathString(path: string | undefined): string {
  return path ?? '<nil>';
}

/** field.Path.Child: `values` under the root, `spec.selector.values` under a parent. */
export function childPath(path: string | undefined, name: string): string {
  return path === undefined ? name : `${path}.${name}`;
}

/** `%q` for strings and JSON for the rest, as field.Error prints a bad value. */
function formatBadValue(value: unknown): string {
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

/** field.Invalid(path, value, detail).Error(). */
export function invalidValueMessage(path: string | undefined, value: unknown, detail: string) {
  return `${fieldPathString(path)}: Invalid value: ${formatBadValue(value)}: ${detail}`;
}

/** field.NotSupported(path, value, supported).Error(). */
function notSupportedMessage(path: string, value: string, supported: readonly string[]): string {
  const quoted = supported.map((s) => JSON.stringify(s)).join(', ');
  return `${path}: Unsupported value: ${JSON.stringify(value)}: supported values: ${quoted}`;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several de-duplicated in brackets. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** Problems with a label key, as one field error at `path` (nil for the string parser). */
export function labelKeyProblem(key: string, path: string | undefined): string | undefined {
  const errors = labelKeyErrors(key);
  return errors.length ? invalidValueMessage(path, key, errors.join('; ')) : undefined;
}

const int64Pattern = /^[+-]?[0-9]+$/;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): undefined when it would fail. */
export function parseInt64(text: string): bigint | undefined {
  if (!int64Pattern.test(text)) return undefined;
  const value = BigInt(text);
  return value < int64Min || value > int64Max ? undefined : value;
}

/**
 * labels.NewRequirement: validates the key, the operator's value count and every value, and
 * throws a LabelSelectorError carrying all problems (aggregated as apimachinery does).
 * `values` is undefined when the caller had none (Go's nil slice).
 */
export function newLabelRequirement(
  key: string,
  operator: string,
  values: readonly string[] | undefined,
  path?: string,
): LabelRequirement {
  const problems: string[] = [];
  const keyProblem = labelKeyProblem(key, childPath(path, 'key'));
  if (keyProblem) problems.push(keyProblem);
  const valuesPath = childPath(path, 'values');
  const given = values ?? [];
  const shownValues = values === undefined || values.length === 0 ? undefined : values;
  switch (operator) {
    case 'in':
    case 'notin':
      if (given.length === 0) {
        problems.push(
          invalidValueMessage(
            valuesPath,
            shownValues,
            "for 'in', 'notin' operators, values set can't be empty",
          ),
        );
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (given.length !== 1) {
        problems.push(
          invalidValueMessage(
            valuesPath,
            shownValues,
            'exact-match compatibility requires one single value',
          ),
        );
      }
      break;
    case 'exists':
    case '!':
      if (given.length !== 0) {
        problems.push(
          invalidValueMessage(
            valuesPath,
            shownValues,
            'values set must be empty for exists and does not exist',
          ),
        );
      }
      break;
    case 'gt':
    case 'lt':
      if (given.length !== 1) {
        problems.push(
          invalidValueMessage(
            valuesPath,
            shownValues,
            "for 'Gt', 'Lt' operators, exactly one value is required",
          ),
        );
      }
      given.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          problems.push(
            invalidValueMessage(
              `${valuesPath}[${i}]`,
              v,
              "for 'Gt', 'Lt' operators, the value must be an integer",
            ),
          );
        }
      });
      break;
    default:
      problems.push(
        notSupportedMessage(childPath(path, 'operator'), operator, [
          ...binaryLabelOperators,
          ...unaryLabelOperators,
        ]),
      );
  }
  given.forEach((v, i) => {
    const errors = labelValueErrors(v);
    if (errors.length) {
      problems.push(invalidValueMessage(`${valuesPath}[${i}][${key}]`, v, errors.join('; ')));
    }
  });
  if (problems.length) throw new LabelSelectorError(aggregateMessage(problems));
  return { key, operator: operator as LabelOperator, values: [...given] };
}

/**
 * Whether a label map satisfies one requirement. `!=` and `notin` also match maps that lack
 * the key; `gt`/`lt` compare integers and never match a missing or non-integer label.
 */
export function requirementMatches(
  r: LabelRequirement,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (value === undefined || r.values.length !== 1) return false;
      const actual = parseInt64(value);
      const bound = parseInt64(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

/** Requirement.String(): `a=b`, `a!=b`, `a in (x,y)`, `a`, `!a`, `a>1`; values printed sorted. */
export function requirementString(r: LabelRequirement): string {
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}
