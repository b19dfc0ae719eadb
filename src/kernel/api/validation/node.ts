/**
 * Node validation (ValidateNode, ValidateNodeUpdate): a DNS-subdomain name, taints unique by
 * key and effect with valid keys, values and effects, non-negative capacity, and podCIDRs and
 * providerID that only go from empty to set.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { canonicalQuantity, isNegativeQuantity, quantityError } from '../quantity.ts';
import {
  child,
  duplicate,
  forbidden,
  index,
  invalidValue,
  isNegativeErrorMsg,
} from './field-errors.ts';
import { isValidLabelValue, validateLabelName } from './labels.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validateTaintEffect } from './scheduling.ts';
import { asArray, asObject, asString, deepEqual } from './values.ts';

type Obj = Record<string, unknown>;

/**
 * validateNodeTaints. Upstream reports these under `metadata.taints[i]` (its path starts at
 * metadata); the same path is kept so messages match a real cluster.
 */
function validateTaints(taints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  asArray<Obj>(taints).forEach((raw, i) => {
    const t = asObject(raw);
    const idx = index(path, i);
    const key = asString(t.key);
    const value = asString(t.value);
    const effect = asString(t.effect);
    errs.push(...validateLabelName(key, child(idx, 'key')));
    const msgs = isValidLabelValue(value);
    if (msgs.length > 0) errs.push(invalidValue(child(idx, 'value'), value, msgs.join(';')));
    errs.push(...validateTaintEffect(effect, false, child(idx, 'effect')));
    const keys = seen.get(effect) ?? new Set<string>();
    if (keys.has(key)) {
      // The internal core.Taint prints with Go field names.
      const shown = { Key: key, Value: value, Effect: effect, TimeAdded: t.timeAdded ?? null };
      errs.push(duplicate(idx, shown, 'taints must be unique by key and effect pair'));
      return;
    }
    keys.add(key);
    seen.set(effect, keys);
  });
  return errs;
}

function validateNodeResources(status: unknown): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ['capacity', 'allocatable']) {
    for (const [name, q] of Object.entries(asObject(asObject(status)[list]))) {
      if (
        (typeof q === 'string' || typeof q === 'number') &&
        !quantityError(q) &&
        isNegativeQuantity(q)
      ) {
        errs.push(
          invalidValue(child('status', list, name), canonicalQuantity(q), isNegativeErrorMsg),
        );
      }
    }
  }
  return errs;
}

/** ValidateNode (create). */
export function validateNodeCreate(node: KubeObject): FieldError[] {
  const spec = asObject(node.spec);
  return [
    ...validateObjectMeta(node.metadata, {
      namespaced: false,
      nameFn: nameIsDNSSubdomain,
      kubeFinalizers: true,
    }),
    ...validateTaints(spec.taints, 'metadata.taints'),
    ...validateNodeResources(node.status),
  ];
}

/** ValidateNodeUpdate. */
export function validateNodeUpdate(node: KubeObject, old: KubeObject): FieldError[] {
  const spec = asObject(node.spec);
  const oldSpec = asObject(old.spec);
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata);
  errs.push(...validateNodeResources(node.status));
  const seen: unknown[] = [];
  asArray(asObject(node.status).addresses).forEach((a, i) => {
    if (seen.some((s) => deepEqual(s, a))) errs.push(duplicate(`status.addresses[${i}]`, a));
    seen.push(a);
  });
  const oldCidrs = asArray<string>(oldSpec.podCIDRs);
  if (oldCidrs.length > 0 && !deepEqual(oldCidrs, asArray(spec.podCIDRs))) {
    errs.push(
      forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'),
    );
  }
  const oldProvider = asString(oldSpec.providerID);
  if (oldProvider && oldProvider !== asString(spec.providerID)) {
    errs.push(
      forbidden(
        'spec.providerID',
        'node updates may not change providerID except from "" to valid',
      ),
    );
  }
  errs.push(...validateTaints(spec.taints, 'metadata.taints'));
  return errs;
}
