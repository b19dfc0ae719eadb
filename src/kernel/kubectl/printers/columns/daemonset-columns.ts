import { formatLabels } from '../../../api/selectors/label-selector.ts';
import type { DaemonSet } from '../../../types/daemonset.ts';
import { ageColumn, nameColumn, workloadWideColumns, type Column } from './column.ts';

/** `kubectl get daemonsets` columns (printDaemonSet). */
export const daemonSetColumns: Column<DaemonSet>[] = [
  nameColumn,
  { header: 'DESIRED', cell: (d) => String(d.status?.desiredNumberScheduled ?? 0) },
  { header: 'CURRENT', cell: (d) => String(d.status?.currentNumberScheduled ?? 0) },
  { header: 'READY', cell: (d) => String(d.status?.numberReady ?? 0) },
  { header: 'UP-TO-DATE', cell: (d) => String(d.status?.updatedNumberScheduled ?? 0) },
  { header: 'AVAILABLE', cell: (d) => String(d.status?.numberAvailable ?? 0) },
  { header: 'NODE SELECTOR', cell: (d) => formatLabels(d.spec.template.spec.nodeSelector) },
  ageColumn,
  ...workloadWideColumns<DaemonSet>(
    (d) => d.spec.template.spec.containers ?? [],
    (d) => d.spec.selector,
  ),
];
