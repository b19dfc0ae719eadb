import type { Node } from '../../../types/core.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

const rolePrefix = 'node-role.kubernetes.io/';

/** Roles from `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(rolePrefix) && key.length > rolePrefix.length) {
      roles.add(key.slice(rolePrefix.length));
    } else if (key === 'kubernetes.io/role' && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

/** STATUS: Ready / NotReady / Unknown from the Ready condition, `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

/** `kubectl get nodes` columns (printNode). */
export const nodeColumns: Column<Node>[] = [
  nameColumn,
  { header: 'STATUS', cell: nodeStatus },
  { header: 'ROLES', cell: (n) => nodeRoles(n).join(',') || '<none>' },
  ageColumn,
  { header: 'VERSION', cell: (n) => n.status?.nodeInfo?.kubeletVersion ?? '' },
  { header: 'INTERNAL-IP', wide: true, cell: (n) => address(n, 'InternalIP') },
  { header: 'EXTERNAL-IP', wide: true, cell: (n) => address(n, 'ExternalIP') },
  { header: 'OS-IMAGE', wide: true, cell: (n) => n.status?.nodeInfo?.osImage || '<unknown>' },
  {
    header: 'KERNEL-VERSION',
    wide: true,
    cell: (n) => n.status?.nodeInfo?.kernelVersion || '<unknown>',
  },
  {
    header: 'CONTAINER-RUNTIME',
    wide: true,
    cell: (n) => n.status?.nodeInfo?.containerRuntimeVersion || '<unknown>',
  },
];
