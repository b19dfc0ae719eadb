import { compareQuantities, quantityError } from '../../api/quantity.ts';
import type { KubeObject } from '../../types/meta.ts';
import { KubectlError } from '../errors.ts';
import { parseJsonPath, relaxedJsonPath } from './jsonpath.ts';

const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** sortorder.NaturalLess: runs of digits compare as numbers (`pod-2` before `pod-10`). */
export function naturalLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (digit(a[i]) && digit(b[j])) {
      let ei = i;
      let ej = j;
      while (digit(a[ei])) ei++;
      while (digit(b[ej])) ej++;
      const x = a.slice(i, ei).replace(/^0+/, '');
      const y = b.slice(j, ej).replace(/^0+/, '');
      if (x.length !== y.length) return x.length < y.length;
      if (x !== y) return x < y;
      // Equal numbers: fewer leading zeros first.
      if (ei - i !== ej - j) return ei - i < ej - j;
      i = ei;
      j = ej;
    } else {
      if (a[i] !== b[j]) return a[i] < b[j];
      i++;
      j++;
    }
  }
  return a.length - i < b.length - j;
}

function less(a: unknown, b: unknown): boolean {
  if (a === undefined) return b !== undefined;
  if (b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    // Two quantities (`100m`, `1Gi`) compare by value, as kubectl's sorter does.
    if (quantityError(a) === undefined && quantityError(b) === undefined) {
      return compareQuantities(a, b) < 0;
    }
    return naturalLess(a, b);
  }
  return naturalLess(JSON.stringify(a), JSON.stringify(b));
}

/**
 * `--sort-by`: orders objects by the first value a relaxed JSONPath finds in each, as
 * kubectl's RuntimeSort does (numbers by value, text in natural order, quantities by amount,
 * objects without the field first). Fails as kubectl does when no object has the field.
 */
export function sortObjects(objects: readonly KubeObject[], sortBy: string): KubeObject[] {
  const field = relaxedJsonPath(sortBy);
  const path = parseJsonPath(field);
  const keyed = objects.map((o) => ({ o, v: path.findResults(o)[0]?.[0] }));
  if (keyed.length > 0 && keyed.every((k) => k.v === undefined)) {
    throw new KubectlError(
      `couldn't find any field with path ${JSON.stringify(field)} in the list of objects`,
    );
  }
  keyed.sort((x, y) => (less(x.v, y.v) ? -1 : less(y.v, x.v) ? 1 : 0));
  return keyed.map((k) => k.o);
}
