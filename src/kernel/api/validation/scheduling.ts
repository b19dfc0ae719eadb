/**
 * Scheduling constraints of a pod spec: tolerations and taint effects, node and pod affinity,
 * topology spread constraints (ValidateTolerations, validateAffinity,
 * validateTopologySpreadConstraints), with apimachinery's wording.
 */
import type { FieldError } from '../errors.ts';
import {
  child,
  duplicate,
  forbidden,
  index,
  invalidValue,
  notSupported,
  required,
} from './field-errors.ts';
import { validateLabelSelector } from './label-selector.ts';
import { isValidLabelValue, validateLabelName } from './labels.ts';
import { nameIsDNSLabel, nameIsDNSSubdomain } from './names.ts';
import { asArray, asObject, asString, isObject } from './values.ts';

type Obj = Record<string, unknown>;

export const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** validateTaintEffect; an empty effect is allowed for tolerations (matches every effect). */
export function validateTaintEffect(
  effect: string,
  allowEmpty: boolean,
  field: string,
): FieldError[] {
  if (!effect) return allowEmpty ? [] : [required(field)];
  return taintEffects.includes(effect) ? [] : [notSupported(field, effect, taintEffects)];
}

/** A core.Toleration as encoding/json prints the internal type (Go field names). */
function tolerationJson(t: Obj): Obj {
  return {
    Key: asString(t.key),
    Operator: asString(t.operator),
    Value: asString(t.value),
    Effect: asString(t.effect),
    TolerationSeconds: typeof t.tolerationSeconds === 'number' ? t.tolerationSeconds : null,
  };
}

/** ValidateTolerations. */
export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArray<Obj>(tolerations).forEach((raw, i) => {
    const t = asObject(raw);
    const idx = index(path, i);
    const key = asString(t.key);
    const operator = asString(t.operator);
    const effect = asString(t.effect);
    const value = asString(t.value);
    if (key) errs.push(...validateLabelName(key, child(idx, 'key')));
    if (!key && operator !== 'Exists') {
      errs.push(
        invalidValue(
          child(idx, 'operator'),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (
      t.tolerationSeconds !== undefined &&
      t.tolerationSeconds !== null &&
      effect !== 'NoExecute'
    ) {
      errs.push(
        invalidValue(
          child(idx, 'effect'),
          effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(invalidValue(child(idx, 'operator'), value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value)
        errs.push(
          invalidValue(
            child(idx, 'operator'),
            tolerationJson(t),
            "value must be empty when `operator` is 'Exists'",
          ),
        );
    } else {
      errs.push(notSupported(child(idx, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect) errs.push(...validateTaintEffect(effect, true, child(idx, 'effect')));
  });
  return errs;
}

function validateNodeSelectorRequirement(raw: unknown, path: string): FieldError[] {
  const rq = asObject(raw);
  const errs: FieldError[] = [];
  const values = asArray(rq.values);
  const op = asString(rq.operator);
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0)
        errs.push(
          required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(
          forbidden(
            child(path, 'values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      }
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) {
        errs.push(
          required(
            child(path, 'values'),
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
          ),
        );
      }
      break;
    default:
      errs.push(invalidValue(child(path, 'operator'), op, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(asString(rq.key), child(path, 'key')));
  return errs;
}

function validateNodeFieldSelectorRequirement(raw: unknown, path: string): FieldError[] {
  const rq = asObject(raw);
  const errs: FieldError[] = [];
  const values = asArray<string>(rq.values);
  const op = asString(rq.operator);
  if (op === 'In' || op === 'NotIn') {
    if (values.length !== 1) {
      errs.push(
        required(
          child(path, 'values'),
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      );
    }
  } else {
    errs.push(invalidValue(child(path, 'operator'), op, 'not a valid selector operator'));
  }
  if (asString(rq.key) !== 'metadata.name') {
    errs.push(invalidValue(child(path, 'key'), asString(rq.key), 'not a valid field selector key'));
  } else {
    values.forEach((v, i) =>
      nameIsDNSSubdomain(v, false).forEach((m) =>
        errs.push(invalidValue(index(child(path, 'values'), i), v, m)),
      ),
    );
  }
  return errs;
}

function validateNodeSelectorTerm(raw: unknown, path: string): FieldError[] {
  const term = asObject(raw);
  const errs: FieldError[] = [];
  asArray(term.matchExpressions).forEach((r, j) =>
    errs.push(...validateNodeSelectorRequirement(r, index(child(path, 'matchExpressions'), j))),
  );
  asArray(term.matchFields).forEach((r, j) =>
    errs.push(...validateNodeFieldSelectorRequirement(r, index(child(path, 'matchFields'), j))),
  );
  return errs;
}

function validateNodeAffinity(na: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const req = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (isObject(req)) {
    const termsPath = child(
      path,
      'requiredDuringSchedulingIgnoredDuringExecution',
      'nodeSelectorTerms',
    );
    const terms = asArray(req.nodeSelectorTerms);
    if (terms.length === 0)
      errs.push(required(termsPath, 'must have at least one node selector term'));
    terms.forEach((t, i) => errs.push(...validateNodeSelectorTerm(t, index(termsPath, i))));
  }
  asArray<Obj>(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
    const term = asObject(raw);
    const p = index(child(path, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    const weight = term.weight;
    if (typeof weight !== 'number' || weight <= 0 || weight > 100) {
      errs.push(invalidValue(child(p, 'weight'), weight ?? 0, 'must be in the range 1-100'));
    }
    errs.push(...validateNodeSelectorTerm(term.preference, child(p, 'preference')));
  });
  return errs;
}

function validatePodAffinityTerm(raw: unknown, path: string): FieldError[] {
  const term = asObject(raw);
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, child(path, 'labelSelector')));
  errs.push(...validateLabelSelector(term.namespaceSelector, child(path, 'namespaceSelector')));
  for (const ns of asArray<string>(term.namespaces)) {
    nameIsDNSLabel(ns, false).forEach((m) =>
      errs.push(invalidValue(child(path, 'namespace'), ns, m)),
    );
  }
  const topologyKey = asString(term.topologyKey);
  if (!topologyKey) errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, child(path, 'topologyKey')));
  return errs;
}

function validatePodAffinity(pa: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArray(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
    errs.push(
      ...validatePodAffinityTerm(
        t,
        index(child(path, 'requiredDuringSchedulingIgnoredDuringExecution'), i),
      ),
    ),
  );
  asArray<Obj>(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
    const w = asObject(raw);
    const p = index(child(path, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    if (typeof w.weight !== 'number' || w.weight <= 0 || w.weight > 100) {
      errs.push(invalidValue(child(p, 'weight'), w.weight ?? 0, 'must be in the range 1-100'));
    }
    errs.push(...validatePodAffinityTerm(w.podAffinityTerm, child(p, 'podAffinityTerm')));
  });
  return errs;
}

/** validateAffinity. */
export function validateAffinity(affinity: unknown, path: string): FieldError[] {
  if (!isObject(affinity)) return [];
  const errs: FieldError[] = [];
  if (isObject(affinity.nodeAffinity))
    errs.push(...validateNodeAffinity(affinity.nodeAffinity, child(path, 'nodeAffinity')));
  if (isObject(affinity.podAffinity))
    errs.push(...validatePodAffinity(affinity.podAffinity, child(path, 'podAffinity')));
  if (isObject(affinity.podAntiAffinity)) {
    errs.push(...validatePodAffinity(affinity.podAntiAffinity, child(path, 'podAntiAffinity')));
  }
  return errs;
}

const unsatisfiableActions = ['DoNotSchedule', 'ScheduleAnyway'];
const inclusionPolicies = ['Honor', 'Ignore'];

/** validateTopologySpreadConstraints. */
export function validateTopologySpreadConstraints(
  constraints: unknown,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  asArray<Obj>(constraints).forEach((raw, i) => {
    const c = asObject(raw);
    const p = index(path, i);
    const maxSkew = c.maxSkew;
    if (typeof maxSkew !== 'number' || maxSkew <= 0) {
      errs.push(invalidValue(child(p, 'maxSkew'), maxSkew ?? 0, 'must be greater than zero'));
    }
    const topologyKey = asString(c.topologyKey);
    if (!topologyKey) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    else errs.push(...validateLabelName(topologyKey, child(p, 'topologyKey')));
    const action = asString(c.whenUnsatisfiable);
    if (!unsatisfiableActions.includes(action)) {
      errs.push(notSupported(child(p, 'whenUnsatisfiable'), action, unsatisfiableActions));
    }
    const pair = `${topologyKey}/${action}`;
    if (seen.has(pair)) errs.push(duplicate(p, `{${topologyKey}, ${action}}`));
    seen.add(pair);
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (typeof c.minDomains !== 'number' || c.minDomains <= 0) {
        errs.push(invalidValue(child(p, 'minDomains'), c.minDomains, 'must be greater than 0'));
      } else if (action !== 'DoNotSchedule') {
        errs.push(
          invalidValue(
            child(p, 'minDomains'),
            c.minDomains,
            'can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ' + action,
          ),
        );
      }
    }
    for (const f of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const v = c[f];
      if (typeof v === 'string' && !inclusionPolicies.includes(v))
        errs.push(notSupported(child(p, f), v, inclusionPolicies));
    }
    errs.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')));
  });
  return errs;
}
