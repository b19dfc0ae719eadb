/**
 * metav1.LabelSelector: validation (ValidateLabelSelector) and matching, as the apps/v1
 * validators need them to compare a selector with its template's labels.
 */
import type { FieldError } from '../errors.ts';
import { child, forbidden, index, invalidValue, required } from './field-errors.ts';
import { isValidLabelValue, validateLabelName, validateLabels } from './labels.ts';
import { asArray, asObject, asString, isObject } from './values.ts';

const operators = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** ValidateLabelSelector with invalid label values in matchExpressions refused. */
export function validateLabelSelector(selector: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObject(selector)) return errs;
  errs.push(...validateLabels(selector.matchLabels, child(path, 'matchLabels')));
  asArray<Record<string, unknown>>(selector.matchExpressions).forEach((req, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const r = asObject(req);
    const values = asArray<string>(r.values);
    const op = asString(r.operator);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) {
        errs.push(
          required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      }
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) {
        errs.push(
          forbidden(
            child(p, 'values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      }
    } else {
      errs.push(invalidValue(child(p, 'operator'), op, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(asString(r.key), child(p, 'key')));
    values.forEach((v, vi) => {
      for (const msg of isValidLabelValue(v))
        errs.push(invalidValue(index(child(p, 'values'), vi), v, msg));
    });
  });
  return errs;
}

/** True when the selector can be converted (LabelSelectorAsSelector succeeds). */
export function isConvertibleSelector(selector: unknown): boolean {
  if (!isObject(selector)) return true;
  return asArray<Record<string, unknown>>(selector.matchExpressions).every((r) => {
    const op = asString(asObject(r).operator);
    const n = asArray(asObject(r).values).length;
    if (!operators.includes(op)) return false;
    return op === 'In' || op === 'NotIn' ? n > 0 : n === 0;
  });
}

/** True when the selector has no requirements at all (matches everything). */
export function isEmptySelector(selector: unknown): boolean {
  if (!isObject(selector)) return true;
  return (
    Object.keys(asObject(selector.matchLabels)).length === 0 &&
    asArray(selector.matchExpressions).length === 0
  );
}

/** Whether a label set satisfies a LabelSelector (matchLabels AND matchExpressions). */
export function selectorMatches(
  selector: unknown,
  labels: Record<string, string> | undefined,
): boolean {
  const set = labels ?? {};
  if (!isObject(selector)) return false;
  for (const [k, v] of Object.entries(asObject(selector.matchLabels))) {
    if (set[k] !== v) return false;
  }
  for (const req of asArray<Record<string, unknown>>(selector.matchExpressions)) {
    const k = asString(req.key);
    const values = asArray<string>(req.values);
    const has = Object.prototype.hasOwnProperty.call(set, k);
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(set[k])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(set[k])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
