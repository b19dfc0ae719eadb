/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the server side of
 * apimachinery's `strategicpatch.StrategicMergeMapPatch`: a JSON merge patch in which some
 * lists merge with the live list by a key (containers by `name`, see strategic-merge-schema.ts)
 * and these directives are honoured:
 *
 * - `$patch: delete` on a list element removes the live element with that key; on an object,
 *   empties it.
 * - `$patch: replace` on an object replaces it instead of merging; as a list element, makes the
 *   patch's list replace the live list.
 * - `$retainKeys: [...]` on an object drops every live member not listed.
 * - `$deleteFromPrimitiveList/<field>: [...]` removes those values from a merged scalar list.
 * - `$setElementOrder/<field>: [...]` gives the order of the resulting list.
 *
 * `null` deletes a member. Inputs are never changed; the result shares nothing with them.
 */
import { badRequest } from '../errors.ts';
import { goTypeName, goValueString } from './go-value-string.ts';
import {
  cloneJson,
  goJsonTypeName,
  hasMember,
  isJsonObject,
  jsonEqual,
  setMember,
  type JsonObject,
} from '../../util/json-value.ts';
import { decodePatchBody } from './patch-body.ts';
import { patchFailed, patchNotApplicable } from './patch-errors.ts';
import {
  fieldMeta,
  patchSchemaForKind,
  unknownType,
  type PatchSchema,
} from './strategic-merge-schema.ts';
import {
  noMergeKey,
  normalizeElementOrder,
  notAMap,
  partitionByPresence,
  type ElementKind,
} from './strategic-merge-order.ts';

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
const setElementOrderPrefix = '$setElementOrder';

/** Which Go type a decoded JSON value has, for "same type on both sides" checks. */
function goKind(value: unknown): string {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'slice';
  if (isJsonObject(value)) return 'map';
  return typeof value;
}

function isDirectiveKey(key: string): boolean {
  return (
    key === directiveMarker ||
    key === retainKeysDirective ||
    key.startsWith(deleteFromPrimitiveListPrefix) ||
    key.startsWith(setElementOrderPrefix)
  );
}

/**
 * A patch value taken as it is (the live object has nothing to merge it with): nulls inside
 * objects are dropped and objects carrying `$patch` vanish, as apimachinery does; leftover
 * directive keys are dropped too, which the apiserver's typed decoding would do.
 * Returns undefined when the value itself is such a directive object.
 */
function takePatchValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value
      .filter((item) => !(isJsonObject(item) && hasMember(item, directiveMarker)))
      .map(takePatchValue);
  }
  if (isJsonObject(value)) {
    if (hasMember(value, directiveMarker)) return undefined;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || isDirectiveKey(k)) continue;
      const taken = takePatchValue(v);
      if (taken !== undefined) setMember(out, k, taken);
    }
    return out;
  }
  return value;
}

function setTaken(target: JsonObject, key: string, patchValue: unknown): void {
  const taken = takePatchValue(patchValue);
  if (taken === undefined) delete target[key];
  else setMember(target, key, taken);
}

/** `$deleteFromPrimitiveList/finalizers` → `finalizers`. */
function directiveTarget(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badRequest(
      prefix === deleteFromPrimitiveListPrefix
        ? 'invalid patch format of primitive list'
        : 'invalid patch format of setElementOrder list',
    );
  }
  return key.slice(slash + 1);
}

function badPatchType(directive: unknown, item: JsonObject): Error {
  return patchFailed(
    `unknown patch type: ${goValueString(directive)} in map: ${goValueString(item)}`,
  );
}

function expectedSlice(value: unknown): Error {
  return patchFailed(`expected a []interface {}, but received a ${goTypeName(value)}`);
}

/** The element kind shared by all elements of the lists; lists of lists are not supported. */
function elementKind(...lists: readonly unknown[][]): ElementKind {
  let kind: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const k = goKind(item);
      if (kind === undefined) {
        if (k === 'slice') throw patchNotApplicable('lists of lists are not supported');
        kind = k;
      } else if (k !== kind) {
        throw patchFailed(`list element types are not identical: ${goValueString(lists)}`);
      }
    }
  }
  if (kind === undefined) throw patchFailed('no elements in any of the given slices');
  return kind === 'map' ? 'map' : 'scalar';
}

/** $retainKeys: every patched member must be listed, and unlisted live members go. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasMember(patch, retainKeysDirective)) return;
  const retain = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retain)) throw badRequest('invalid patch format of retainKeys');
  const kept = new Set(retain);
  for (const [key, value] of Object.entries(patch)) {
    if (
      value === null ||
      key.startsWith(deleteFromPrimitiveListPrefix) ||
      key.startsWith(setElementOrderPrefix)
    ) {
      continue;
    }
    if (!kept.has(key)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const key of Object.keys(original)) if (!kept.has(key)) delete original[key];
}

/** Checks that the patch list's items appear in the `$setElementOrder` list, in its order. */
function checkOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey
    ? patchList.filter((item) => {
        if (!isJsonObject(item)) throw notAMap(item);
        return item[directiveMarker] !== 'delete';
      })
    : patchList;
  const sameKey = (a: unknown, b: unknown): boolean => {
    if (!mergeKey) return jsonEqual(a, b);
    if (!isJsonObject(a)) throw notAMap(a);
    if (!isJsonObject(b)) throw notAMap(b);
    if (!hasMember(a, mergeKey)) throw noMergeKey(a, mergeKey);
    if (!hasMember(b, mergeKey)) throw noMergeKey(b, mergeKey);
    return a[mergeKey] === b[mergeKey];
  };
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isJsonObject(item) && hasMember(item, directiveMarker)) {
      p++;
      continue;
    }
    if (sameKey(item, order[o])) p++;
    o++;
  }
  if (p < items.length) {
    throw patchFailed(
      `The order in patch list:\n${goValueString(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goValueString(order)}\n`,
    );
  }
}

/** Handles every `$setElementOrder/<field>` of one object, merging and ordering that field. */
function applySetElementOrder(original: JsonObject, patch: JsonObject, schema: PatchSchema) {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw expectedSlice(order);
    const field = directiveTarget(key, setElementOrderPrefix);
    const inOriginal = hasMember(original, field);
    const inPatch = hasMember(patch, field);
    const originalList = inOriginal ? original[field] : undefined;
    const patchList = inPatch ? patch[field] : undefined;
    if (inOriginal && !Array.isArray(originalList)) throw expectedSlice(originalList);
    if (inPatch && !Array.isArray(patchList)) throw expectedSlice(patchList);
    const meta = fieldMeta(schema, field);
    const mergeKey = meta.mergeKey ?? '';
    const liveList = (originalList as unknown[] | undefined) ?? [];
    const newList = (patchList as unknown[] | undefined) ?? [];
    checkOrderList(newList, order, mergeKey);
    let merged: unknown[];
    if (inOriginal && inPatch) {
      merged =
        meta.strategy === 'merge'
          ? mergeList(liveList, newList, meta.type ?? unknownType, mergeKey, false)
          : (takePatchValue(newList) as unknown[]);
    } else if (inOriginal) {
      merged = liveList;
    } else if (inPatch) {
      merged = takePatchValue(newList) as unknown[];
    } else {
      continue;
    }
    const kind = elementKind(liveList, newList);
    const [ordered, serverOnly] = partitionByPresence(merged, order, mergeKey, kind);
    original[field] = normalizeElementOrder(ordered, serverOnly, order, liveList, mergeKey, kind);
    delete patch[field];
  }
}

/** The index of the live element whose merge key equals `value`, or -1. */
function findByKey(list: readonly unknown[], mergeKey: string, value: unknown): number {
  return list.findIndex((item, i) => {
    if (!isJsonObject(item)) throw patchFailed(`value for key ${i} is not a map`);
    return hasMember(item, mergeKey) && item[mergeKey] === value;
  });
}

/**
 * Merges two lists: scalars as a set (or, for a `$deleteFromPrimitiveList`, by removal),
 * objects by merge key with `$patch` elements applied first. Both lists are working copies.
 */
function mergeList(
  original: unknown[],
  patch: unknown[],
  elementType: PatchSchema,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: unknown[];
  let live = original;
  let patchItems = patch;
  if (kind === 'scalar') {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => jsonEqual(d, v)));
    merged = [];
    for (const v of [...original, ...patch]) {
      if (!merged.some((m) => jsonEqual(m, v))) merged.push(v);
    }
  } else {
    if (!mergeKey)
      throw patchFailed(`cannot merge lists without merge key for ${elementType.name}`);
    const plain: unknown[] = [];
    let replace = false;
    for (const item of patch as JsonObject[]) {
      if (!hasMember(item, directiveMarker)) {
        plain.push(item);
        continue;
      }
      const directive = item[directiveMarker];
      if (directive === 'delete') {
        if (!hasMember(item, mergeKey)) throw noMergeKey(item, mergeKey);
        const doomed = item[mergeKey];
        live.forEach((entry, i) => {
          if (!isJsonObject(entry)) throw patchFailed(`value for key ${i} is not a map`);
        });
        live = live.filter(
          (entry) =>
            !(
              hasMember(entry as JsonObject, mergeKey) && (entry as JsonObject)[mergeKey] === doomed
            ),
        );
      } else if (directive === 'replace') {
        replace = true;
      } else if (directive === 'merge') {
        throw patchFailed('merging lists cannot yet be specified in the patch');
      } else {
        throw badPatchType(directive, item);
      }
    }
    if (replace) {
      live = takePatchValue(plain) as unknown[];
      patchItems = [];
    } else {
      patchItems = plain;
    }
    merged = [...live];
    for (const item of patchItems as JsonObject[]) {
      if (!hasMember(item, mergeKey)) throw noMergeKey(item, mergeKey);
      const at = findByKey(merged, mergeKey, item[mergeKey]);
      if (at >= 0) merged[at] = mergeObject(merged[at] as JsonObject, item, elementType);
      else merged.push(takePatchValue(item));
    }
  }
  const [fromPatch, serverOnly] = partitionByPresence(merged, patchItems, mergeKey, kind);
  return normalizeElementOrder(fromPatch, serverOnly, patchItems, live, mergeKey, kind);
}

/** Merges a patch object into a live object (both working copies) under a schema. */
function mergeObject(
  original: JsonObject | undefined,
  patch: JsonObject,
  schema: PatchSchema,
): JsonObject {
  if (hasMember(patch, directiveMarker)) {
    const directive = patch[directiveMarker];
    if (directive === 'replace') {
      delete patch[directiveMarker];
      return takePatchValue(patch) as JsonObject;
    }
    if (directive === 'delete') return {};
    throw badPatchType(directive, patch);
  }
  const target = original ?? {};
  applyRetainKeys(target, patch);
  applySetElementOrder(target, patch, schema);
  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(deleteFromPrimitiveListPrefix)) {
      key = directiveTarget(patchKey, deleteFromPrimitiveListPrefix);
      isDeleteList = true;
    }
    if (patchValue === null) {
      delete target[key];
      continue;
    }
    if (patchValue === undefined) continue;
    const liveValue = hasMember(target, key) ? target[key] : undefined;
    if (liveValue === undefined || goKind(liveValue) !== goKind(patchValue)) {
      if (!isDeleteList) setTaken(target, key, patchValue);
      continue;
    }
    const meta = fieldMeta(schema, key);
    if (isJsonObject(liveValue)) {
      target[key] =
        meta.strategy === 'replace'
          ? takePatchValue(patchValue)
          : mergeObject(liveValue, patchValue as JsonObject, meta.type ?? unknownType);
    } else if (Array.isArray(liveValue)) {
      target[key] =
        meta.strategy === 'merge' || isDeleteList
          ? mergeList(
              liveValue,
              patchValue as unknown[],
              meta.type ?? unknownType,
              meta.mergeKey ?? '',
              isDeleteList,
            )
          : takePatchValue(patchValue);
    } else {
      setMember(target, key, patchValue);
    }
  }
  return target;
}

/**
 * Applies a parsed strategic merge patch to an object. The schema defaults to the one for the
 * object's `kind`. Failures are StatusErrors as the apiserver sends them: a patch that is not
 * an object or has a malformed directive is 400 BadRequest; a list of lists is 422 Invalid;
 * a list element without its merge key, or an unknown `$patch` value, is 500 (the apiserver
 * reports these with no reason).
 */
export function strategicMergePatch<T extends object>(
  original: T,
  patch: unknown,
  schema?: PatchSchema,
): T {
  if (patch === null) return cloneJson(original);
  if (!isJsonObject(patch)) {
    throw badRequest(
      `json: cannot unmarshal ${goJsonTypeName(patch)} into Go value of type map[string]interface {}`,
    );
  }
  const kind = (original as { kind?: unknown }).kind;
  const rules = schema ?? patchSchemaForKind(typeof kind === 'string' ? kind : undefined);
  return mergeObject(cloneJson(original) as JsonObject, cloneJson(patch), rules) as T;
}

/** A strategic-merge PATCH request body (parsed, or JSON text) applied to a stored object. */
export function applyStrategicMergePatch<T extends object>(
  original: T,
  body: unknown,
  schema?: PatchSchema,
): T {
  return strategicMergePatch(original, decodePatchBody(body), schema);
}
