import type { ControllerRevision, StatefulSet } from '../../../types/statefulset.ts';
import { ageColumn, nameColumn, workloadWideColumns, type Column } from './column.ts';

/** `kubectl get statefulsets` columns (printStatefulSet): READY, AGE; wide CONTAINERS, IMAGES. */
export const statefulSetColumns: Column<StatefulSet>[] = [
  nameColumn,
  {
    header: 'READY',
    cell: (s) => `${s.status?.readyReplicas ?? 0}/${s.spec.replicas ?? 0}`,
  },
  ageColumn,
  // printStatefulSet has no SELECTOR column, unlike the other workloads.
  ...workloadWideColumns<StatefulSet>(
    (s) => s.spec.template?.spec?.containers ?? [],
    (s) => s.spec.selector,
  ).filter((c) => c.header !== 'SELECTOR'),
];

/** `controllerrevisions` (printControllerRevision): CONTROLLER is `<kind>.<group>/<name>`. */
export const controllerRevisionColumns: Column<ControllerRevision>[] = [
  nameColumn,
  {
    header: 'CONTROLLER',
    cell: (r) => {
      const ref = r.metadata.ownerReferences?.find((o) => o.controller);
      if (!ref) return '<none>';
      const slash = ref.apiVersion.indexOf('/');
      const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
      return `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
    },
  },
  { header: 'REVISION', cell: (r) => String(r.revision ?? 0) },
  ageColumn,
];
