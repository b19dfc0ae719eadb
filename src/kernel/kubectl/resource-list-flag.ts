import { canonicalQuantity, quantityError } from '../api/quantity.ts';
import type { ResourceList } from '../types/core.ts';
import { KubectlError } from './errors.ts';

/**
 * kubectl's populateResourceListV1: a flag's `cpu=200m,memory=512Mi` as a resource list in
 * canonical spelling; undefined for an empty flag; kubectl's error for a statement without one
 * `=` or with a bad quantity.
 */
export function resourceListFlag(spec: string): ResourceList | undefined {
  if (spec === '') return undefined;
  const list: ResourceList = {};
  for (const statement of spec.split(',')) {
    const parts = statement.split('=');
    if (parts.length !== 2)
      throw new KubectlError(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    const bad = quantityError(parts[1]);
    if (bad) throw new KubectlError(bad);
    list[parts[0]] = canonicalQuantity(parts[1]);
  }
  return list;
}
