import { canonicalQuantity, quantityError } from '../../../api/quantity.ts';
import type { LimitRange, ResourceQuota } from '../../../types/quota.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

const shown = (q: string | undefined): string =>
  q !== undefined && quantityError(q) === undefined ? canonicalQuantity(q) : '0';

/** printResourceQuota's REQUEST or LIMIT cell: `name: used/hard` for each limited resource. */
function quotaCell(quota: ResourceQuota, limits: boolean): string {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  return Object.keys(hard)
    .sort()
    .filter((name) => {
      const pieces = name.split('.');
      return (pieces.length > 1 && pieces[0] === 'limits') === limits;
    })
    .map((name) => `${name}: ${shown(used[name])}/${shown(hard[name])}`)
    .join(', ');
}

/** `kubectl get resourcequotas` columns: NAME, AGE, REQUEST, LIMIT (in that order). */
export const resourceQuotaColumns: Column<ResourceQuota>[] = [
  nameColumn,
  ageColumn,
  { header: 'REQUEST', cell: (q) => quotaCell(q, false) },
  { header: 'LIMIT', cell: (q) => quotaCell(q, true) },
];

/** LimitRanges have no printer: the server's default table, NAME and CREATED AT. */
export const limitRangeColumns: Column<LimitRange>[] = [
  nameColumn,
  { header: 'CREATED AT', cell: (r) => r.metadata.creationTimestamp ?? '' },
];
