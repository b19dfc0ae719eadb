import type { Pod } from '../../../types/core.ts';
import { podReady, podRestarts, podStatus } from '../../../client/pod-display.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

function readinessGates(pod: Pod): string {
  const gates = (pod.spec.readinessGates ?? []) as { conditionType: string }[];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const ready = gates.filter((g) =>
    conditions.some((c) => c.type === g.conditionType && c.status === 'True'),
  ).length;
  return `${ready}/${gates.length}`;
}

/** `kubectl get pods` columns (printPod). */
export const podColumns: Column<Pod>[] = [
  nameColumn,
  { header: 'READY', cell: (p) => podReady(p) },
  { header: 'STATUS', cell: (p) => podStatus(p) },
  { header: 'RESTARTS', cell: (p, now) => podRestarts(p, now) },
  ageColumn,
  { header: 'IP', wide: true, cell: (p) => p.status?.podIPs?.[0]?.ip || '<none>' },
  { header: 'NODE', wide: true, cell: (p) => p.spec.nodeName || '<none>' },
  { header: 'NOMINATED NODE', wide: true, cell: (p) => p.status?.nominatedNodeName || '<none>' },
  { header: 'READINESS GATES', wide: true, cell: readinessGates },
];
