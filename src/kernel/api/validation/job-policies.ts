/**
 * Validation of a Job's pod failure policy and success policy (validatePodFailurePolicy,
 * validateSuccessPolicy), and of index lists such as `1,3-5` (validateIndexesFormat).
 */
import type { FieldError } from '../errors.ts';
import { child, duplicate, index, invalidValue, notSupported, required } from './field-errors.ts';
import { isQualifiedName } from './labels.ts';
import { asArray, asObject, isObject } from './values.ts';

const maxPodFailurePolicyRules = 20;
const maxOnExitCodesValues = 255;
const maxOnPodConditionsPatterns = 20;
const maxSuccessPolicyRules = 20;
const maxSucceededIndexesLength = 64 * 1024;

const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const operators = ['In', 'NotIn'];
const statuses = ['False', 'True', 'Unknown'];

/** field.TooMany. */
function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, detail: `${actual}: must have at most ${max} items` };
}

/** `valid values: ["a" "b"]`, as Go's %q prints a []string. */
const validValues = (values: readonly string[]) =>
  `valid values: [${values.map((v) => JSON.stringify(v)).join(' ')}]`;

function validateOnExitCodes(
  value: Record<string, unknown>,
  path: string,
  containerNames: Set<string>,
): FieldError[] {
  const errs: FieldError[] = [];
  const operator = value.operator;
  if (!operator) errs.push(required(child(path, 'operator'), validValues(operators)));
  else if (!operators.includes(operator as string)) {
    errs.push(notSupported(child(path, 'operator'), operator, operators));
  }
  if (typeof value.containerName === 'string' && !containerNames.has(value.containerName)) {
    errs.push(
      invalidValue(
        child(path, 'containerName'),
        value.containerName,
        'must be one of the container or initContainer names in the pod template',
      ),
    );
  }
  const valuesPath = child(path, 'values');
  const values = asArray<number>(value.values);
  if (values.length === 0) {
    errs.push(invalidValue(valuesPath, values, 'at least one value is required'));
  } else if (values.length > maxOnExitCodesValues) {
    errs.push(tooMany(valuesPath, values.length, maxOnExitCodesValues));
  }
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((code, j) => {
    if (operator === 'In' && code === 0) {
      errs.push(invalidValue(index(valuesPath, j), code, 'must not be 0 for the In operator'));
    }
    if (seen.has(code)) errs.push(duplicate(index(valuesPath, j), code));
    else seen.add(code);
    if (j > 0 && values[j - 1] > code) ordered = false;
  });
  if (!ordered) errs.push(invalidValue(valuesPath, values, 'must be ordered'));
  return errs;
}

function validateOnPodConditions(patterns: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > maxOnPodConditionsPatterns) {
    errs.push(tooMany(path, patterns.length, maxOnPodConditionsPatterns));
  }
  patterns.forEach((p, j) => {
    const pattern = asObject(p);
    const patternPath = index(path, j);
    const type = typeof pattern.type === 'string' ? pattern.type : '';
    for (const msg of isQualifiedName(type)) {
      errs.push(invalidValue(child(patternPath, 'type'), type, msg));
    }
    const status = pattern.status;
    if (!status) errs.push(required(child(patternPath, 'status'), validValues(statuses)));
    else if (!statuses.includes(status as string)) {
      errs.push(notSupported(child(patternPath, 'status'), status, statuses));
    }
  });
  return errs;
}

/** validatePodFailurePolicy at `path` (`spec.podFailurePolicy`). */
export function validatePodFailurePolicy(
  spec: Record<string, unknown>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const rules = asArray(asObject(spec.podFailurePolicy).rules);
  const rulesPath = child(path, 'rules');
  if (rules.length > maxPodFailurePolicyRules) {
    errs.push(tooMany(rulesPath, rules.length, maxPodFailurePolicyRules));
  }
  const podSpec = asObject(asObject(spec.template).spec);
  const containerNames = new Set(
    [...asArray(podSpec.containers), ...asArray(podSpec.initContainers)].map(
      (c) => asObject(c).name as string,
    ),
  );
  rules.forEach((r, i) => {
    const rule = asObject(r);
    const rulePath = index(rulesPath, i);
    const actionPath = child(rulePath, 'action');
    if (!rule.action) errs.push(required(actionPath, validValues(actions)));
    else if (rule.action === 'FailIndex') {
      if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) {
        errs.push(
          invalidValue(actionPath, rule.action, 'requires the backoffLimitPerIndex to be set'),
        );
      }
    } else if (!actions.includes(rule.action as string)) {
      errs.push(notSupported(actionPath, rule.action, actions));
    }
    const onExitCodes = isObject(rule.onExitCodes) ? rule.onExitCodes : undefined;
    const onPodConditions = asArray(rule.onPodConditions);
    if (onExitCodes) {
      errs.push(
        ...validateOnExitCodes(onExitCodes, child(rulePath, 'onExitCodes'), containerNames),
      );
    }
    if (onPodConditions.length > 0) {
      errs.push(...validateOnPodConditions(onPodConditions, child(rulePath, 'onPodConditions')));
    }
    if (onExitCodes && onPodConditions.length > 0) {
      errs.push({
        type: 'FieldValueInvalid',
        field: rulePath,
        detail: 'specifying both OnExitCodes and OnPodConditions is not supported',
      });
    }
    if (!onExitCodes && onPodConditions.length === 0) {
      errs.push({
        type: 'FieldValueInvalid',
        field: rulePath,
        detail: 'specifying one of OnExitCodes and OnPodConditions is required',
      });
    }
  });
  return errs;
}

/** parseIndexInterval: `3` or `3-5`, each below `completions`; throws with upstream's wording. */
function parseIndexInterval(text: string, completions: number): [number, number] {
  const limits = text.split('-');
  if (limits.length > 2) {
    throw new Error(
      `the fragment ${JSON.stringify(text)} violates the requirement that an index interval can have at most two parts separated by '-'`,
    );
  }
  const parse = (s: string): number => {
    if (!/^[+-]?\d+$/.test(s)) {
      throw new Error(`cannot convert string to integer for index: ${JSON.stringify(s)}`);
    }
    const n = Number(s);
    if (n >= completions) throw new Error(`too large index: ${JSON.stringify(s)}`);
    return n;
  };
  const x = parse(limits[0]);
  if (limits.length === 1) return [x, x];
  const y = parse(limits[1]);
  if (x >= y) throw new Error(`non-increasing order, previous: ${x}, current: ${y}`);
  return [x, y];
}

/**
 * validateIndexesFormat: the number of indexes in a list such as `1,3-5` (0 for ''); throws
 * an Error worded as upstream for a malformed or out-of-range list.
 */
export function countIndexes(text: string, completions: number): number {
  if (text === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const [x, y] = parseIndexInterval(interval, completions);
    if (last !== undefined && last >= x) {
      throw new Error(`non-increasing order, previous: ${last}, current: ${x}`);
    }
    total += y - x + 1;
    last = y;
  }
  return total;
}

/** validateSuccessPolicy at `path` (`spec.successPolicy`) of an Indexed Job. */
export function validateSuccessPolicy(spec: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules = asArray(asObject(spec.successPolicy).rules);
  const rulesPath = child(path, 'rules');
  if (rules.length === 0) {
    errs.push(
      required(
        rulesPath,
        'at least one rules must be specified when the successPolicy is specified',
      ),
    );
  }
  if (rules.length > maxSuccessPolicyRules) {
    errs.push(tooMany(rulesPath, rules.length, maxSuccessPolicyRules));
  }
  const completions = typeof spec.completions === 'number' ? spec.completions : 0;
  rules.forEach((r, i) => {
    const rule = asObject(r);
    const rulePath = index(rulesPath, i);
    const indexes = rule.succeededIndexes;
    const count = rule.succeededCount;
    if ((count === undefined || count === null) && (indexes === undefined || indexes === null)) {
      errs.push(
        required(rulePath, 'at least one of succeededCount or succeededIndexes must be specified'),
      );
    }
    let total = 0;
    if (typeof indexes === 'string') {
      const indexesPath = child(rulePath, 'succeededIndexes');
      if (indexes.length > maxSucceededIndexesLength) {
        errs.push({
          type: 'FieldValueTooLong',
          field: indexesPath,
          detail: `may not be more than ${maxSucceededIndexesLength} bytes`,
        });
      }
      try {
        total = countIndexes(indexes, completions);
      } catch (err) {
        errs.push(
          invalidValue(
            indexesPath,
            indexes,
            `error parsing succeededIndexes: ${(err as Error).message}`,
          ),
        );
      }
    }
    if (typeof count === 'number') {
      const countPath = child(rulePath, 'succeededCount');
      if (count < 0) {
        errs.push(invalidValue(countPath, count, 'must be greater than or equal to 0'));
      }
      if (count > completions) {
        errs.push(
          invalidValue(
            countPath,
            count,
            `must be less than or equal to ${completions} (the number of specified completions)`,
          ),
        );
      }
      if (typeof indexes === 'string' && count > total) {
        errs.push(
          invalidValue(
            countPath,
            count,
            `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`,
          ),
        );
      }
    }
  });
  return errs;
}
