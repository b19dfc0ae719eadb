import { canonicalQuantity, quantityError } from '../../api/quantity.ts';
import { limitranges } from '../../api/resources.ts';
import type { ResourceList } from '../../types/core.ts';
import type { LimitRange } from '../../types/quota.ts';
import type { Describer } from './describer.ts';
import { byteOrder } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

const cell = (list: ResourceList | undefined, name: string): string => {
  const q = list?.[name];
  return q !== undefined && quantityError(q) === undefined ? canonicalQuantity(q) : '-';
};

/**
 * describeLimitRangeSpec: one row per item and resource (Type, Resource, Min, Max, Default
 * Request, Default Limit, Max Limit/Request Ratio), `-` where the item sets nothing.
 * Resources are in name order (upstream's come in Go's map order).
 */
export function writeLimitRangeRows(w: PrefixWriter, range: LimitRange, prefix: string): void {
  for (const item of range.spec?.limits ?? []) {
    const names = new Set<string>();
    for (const list of [
      item.max,
      item.min,
      item.default,
      item.defaultRequest,
      item.maxLimitRequestRatio,
    ])
      for (const name of Object.keys(list ?? {})) names.add(name);
    for (const name of [...names].sort(byteOrder)) {
      const cells = [
        item.type,
        name,
        cell(item.min, name),
        cell(item.max, name),
        cell(item.defaultRequest, name),
        cell(item.default, name),
        cell(item.maxLimitRequestRatio, name),
      ];
      w.write(0, `${prefix}${cells.join('\t')}\n`);
    }
  }
}

/** `kubectl describe limitrange` (describeLimitRange). */
export const describeLimitRange: Describer = async (ctx, namespace, name) => {
  const range = await ctx.client.get<LimitRange>(limitranges, namespace, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${range.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${range.metadata.namespace ?? ''}\n`);
  w.write(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  writeLimitRangeRows(w, range, '');
  return w.result();
};

/** DescribeLimitRanges: the `Resource Limits` section of a namespace's description. */
export function writeNamespaceLimitRanges(w: PrefixWriter, ranges: readonly LimitRange[]): void {
  if (ranges.length === 0) {
    w.write(0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(
    0,
    ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
  );
  for (const range of ranges) writeLimitRangeRows(w, range, ' ');
}
