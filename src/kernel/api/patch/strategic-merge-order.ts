/**
 * The order of a merged list after a strategic merge patch, as apimachinery decides it: items
 * named in the patch keep the patch's order, items only on the server keep the server's order,
 * and the two runs are interleaved using the server's order where both items are known to it.
 * A consequence users notice: an item the server did not have is placed before the server's
 * items that follow it in no known order, so an appended container or finalizer lands first.
 */
import { goTypeName, goValueString } from './go-value-string.ts';
import { hasMember, isJsonObject, jsonEqual, type JsonObject } from '../../util/json-value.ts';
import { patchFailed } from './patch-errors.ts';

/** `map` for lists of objects (merged by key); `scalar` for lists of strings, numbers... */
export type ElementKind = 'map' | 'scalar';

/** mergepatch.ErrNoMergeKey. */
export function noMergeKey(item: JsonObject, mergeKey: string): Error {
  return patchFailed(
    `map: ${goValueString(item)} does not contain declared merge key: ${mergeKey}`,
  );
}

/** mergepatch.ErrBadArgType for a value that should have been an object. */
export function notAMap(value: unknown): Error {
  return patchFailed(`expected a map[string]interface {}, but received a ${goTypeName(value)}`);
}

function requireKeyed(item: unknown, mergeKey: string): JsonObject {
  if (!isJsonObject(item)) throw notAMap(item);
  if (!hasMember(item, mergeKey)) throw noMergeKey(item, mergeKey);
  return item;
}

/** Position of `value` in `list`: by merge key value for objects, by value for scalars. */
function indexIn(list: readonly unknown[], value: unknown, mergeKey: string, kind: ElementKind) {
  if (kind === 'map') {
    const key = isJsonObject(value) ? value[mergeKey] : undefined;
    return list.findIndex((item) => isJsonObject(item) && item[mergeKey] === key);
  }
  return list.findIndex((item) => jsonEqual(item, value));
}

/**
 * Splits `items` into those present in `partitionBy` and the rest, keeping order. For
 * objects presence is by merge key; every item must be an object carrying the key.
 */
export function partitionByPresence(
  items: readonly unknown[],
  partitionBy: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const absent: unknown[] = [];
  for (const item of items) {
    let found: boolean;
    if (kind === 'map') {
      const keyed = requireKeyed(item, mergeKey);
      found = partitionBy.some((other) => {
        if (!isJsonObject(other)) throw patchFailed('value for key is not a map');
        return hasMember(other, mergeKey) && other[mergeKey] === keyed[mergeKey];
      });
    } else {
      found = partitionBy.some((other) => jsonEqual(other, item));
    }
    (found ? present : absent).push(item);
  }
  return [present, absent];
}

/** Sorts `toSort` by position in `order` (stable); `$patch: delete` entries go last. */
function sortByOrder(
  toSort: unknown[],
  order: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  let kept = toSort;
  let deleted: unknown[] = [];
  if (kind === 'map') {
    for (const item of [...toSort, ...order]) requireKeyed(item, mergeKey);
    kept = toSort.filter((item) => (item as JsonObject).$patch !== 'delete');
    deleted = toSort.filter((item) => (item as JsonObject).$patch === 'delete');
  }
  const ranked = kept.map((item, i) => ({ item, i, rank: indexIn(order, item, mergeKey, kind) }));
  ranked.sort((a, b) => (a.rank >= 0 && b.rank >= 0 ? a.rank - b.rank : 0) || a.i - b.i);
  return [...ranked.map((r) => r.item), ...deleted];
}

/**
 * Interleaves the server-only run (`left`) into the patch run (`right`): at each step the
 * server item goes first only when both items are in `serverOrder` and it comes earlier there.
 */
function mergeSortedRuns(
  left: readonly unknown[],
  right: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/**
 * normalizeElementOrder: the final list from the patch's items (ordered by `patchOrder`) and
 * the server-only items (ordered by `serverOrder`).
 */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const patchRun = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const serverRun = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedRuns(serverRun, patchRun, serverOrder, mergeKey, kind);
}
