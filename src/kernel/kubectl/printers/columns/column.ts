import type { KubeObject } from '../../../types/meta.ts';
import type { LabelSelector } from '../../../types/meta.ts';
import type { Container } from '../../../types/core.ts';
import { timestampAge } from '../../../client/duration.ts';

/**
 * One column of a resource's `kubectl get` table, as the API server's printer defines it:
 * the upper-cased header, whether only `-o wide` shows it, and how a cell is computed at
 * cluster time `now` (ms since the epoch).
 */
export interface Column<T extends KubeObject = KubeObject> {
  header: string;
  /** Priority 1 in the server's column definitions: shown with `-o wide` only. */
  wide?: boolean;
  /** The object-name column, which gets the `kind/` prefix when several types print. */
  isName?: boolean;
  /** `wide` is set under `-o wide`, where a few printers (Service's EXTERNAL-IP) print more. */
  cell(object: T, now: number, wide?: boolean): string;
}

/** The NAME column every resource but Event starts with. */
export const nameColumn: Column = {
  header: 'NAME',
  isName: true,
  cell: (o) => o.metadata.name ?? '',
};

/** AGE: how long ago the object was created, as HumanDuration prints it. */
export const ageColumn: Column = {
  header: 'AGE',
  cell: (o, now) => timestampAge(o.metadata.creationTimestamp, now),
};

/** metav1.FormatLabelSelector: requirements sorted by key, `<none>` when empty. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (!selector) return '<none>';
  const parts: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    parts.push({ key, text: `${key}=${value}` });
  }
  for (const r of selector.matchExpressions ?? []) {
    const values = [...(r.values ?? [])].sort().join(',');
    const text =
      r.operator === 'In'
        ? `${r.key} in (${values})`
        : r.operator === 'NotIn'
          ? `${r.key} notin (${values})`
          : r.operator === 'Exists'
            ? r.key
            : `!${r.key}`;
    parts.push({ key: r.key, text });
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const text = parts.map((p) => p.text).join(',');
  return text === '' ? '<none>' : text;
}

/** The wide CONTAINERS, IMAGES and SELECTOR columns of workload tables. */
export function workloadWideColumns<T extends KubeObject>(
  containers: (o: T) => Container[],
  selector: (o: T) => LabelSelector | undefined,
): Column<T>[] {
  return [
    {
      header: 'CONTAINERS',
      wide: true,
      cell: (o) =>
        containers(o)
          .map((c) => c.name)
          .join(','),
    },
    {
      header: 'IMAGES',
      wide: true,
      cell: (o) =>
        containers(o)
          .map((c) => c.image ?? '')
          .join(','),
    },
    { header: 'SELECTOR', wide: true, cell: (o) => formatLabelSelector(selector(o)) },
  ];
}
