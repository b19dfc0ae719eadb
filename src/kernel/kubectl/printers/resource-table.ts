import type { ResourceInfo } from '../../api/resources.ts';
import type { KubeObject } from '../../types/meta.ts';
import { kindString } from '../resource-types.ts';
import { resourceColumns } from './columns/resource-columns.ts';

/** What changes a `kubectl get` table beyond the resource's own columns. */
export interface TableOptions {
  /** `-o wide`: the priority-1 columns too. */
  wide?: boolean;
  /** `-A`: a NAMESPACE column first (namespaced types only). */
  withNamespace?: boolean;
  /** Several types in one command: NAME cells read `pod/web`, `deployment.apps/web`. */
  withKind?: boolean;
  /** `--show-labels`: a LABELS column last. */
  showLabels?: boolean;
  /** `-L key`: one column per label key, before LABELS. */
  labelColumns?: string[];
}

/** `k1=v1,k2=v2` sorted by key, or `<none>` (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** The upper-cased header cells of a resource's table with these options. */
export function tableHeader(info: ResourceInfo, options: TableOptions = {}): string[] {
  const header = resourceColumns(info)
    .filter((c) => options.wide || !c.wide)
    .map((c) => c.header);
  if (options.withNamespace && info.namespaced) header.unshift('NAMESPACE');
  for (const key of options.labelColumns ?? []) {
    header.push(key.slice(key.lastIndexOf('/') + 1).toUpperCase());
  }
  if (options.showLabels) header.push('LABELS');
  return header;
}

/** One object's row, as `kubectl get` prints it at cluster time `now`. */
export function tableRow(
  info: ResourceInfo,
  object: KubeObject,
  now: number,
  options: TableOptions = {},
): string[] {
  const row = resourceColumns(info)
    .filter((c) => options.wide || !c.wide)
    .map((c) => {
      const cell = c.cell(object, now, options.wide);
      return c.isName && options.withKind ? `${kindString(info)}/${cell}` : cell;
    });
  if (options.withNamespace && info.namespaced) row.unshift(object.metadata.namespace ?? '');
  const labels = object.metadata.labels ?? {};
  for (const key of options.labelColumns ?? []) row.push(labels[key] ?? '');
  if (options.showLabels) row.push(formatLabels(labels));
  return row;
}

/** The header (unless `noHeaders`) and one row per object; empty when there are no objects. */
export function resourceTable(
  info: ResourceInfo,
  objects: readonly KubeObject[],
  now: number,
  options: TableOptions & { noHeaders?: boolean } = {},
): string[][] {
  if (objects.length === 0) return [];
  const rows = objects.map((o) => tableRow(info, o, now, options));
  return options.noHeaders ? rows : [tableHeader(info, options), ...rows];
}
