/**
 * How a Node reads in the page: the STATUS and ROLES of `kubectl get nodes` (the server's
 * printNode) and taints as `kubectl describe node` writes them.
 */
import type { Node, Taint } from '../../kernel/types/core.ts';

const rolePrefix = 'node-role.kubernetes.io/';
const legacyRoleLabel = 'kubernetes.io/role';

/**
 * kubectl's node STATUS: `Ready` or `NotReady` from the Ready condition (NotReady also when it
 * is Unknown), `Unknown` when the node has no Ready condition, and `,SchedulingDisabled`
 * appended for a cordoned node.
 */
export function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** kubectl's node ROLES, sorted: from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(rolePrefix) && key.length > rolePrefix.length) {
      roles.add(key.slice(rolePrefix.length));
    } else if (key === legacyRoleLabel && value) {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

/** A taint as `kubectl describe node` prints it: `key=value:Effect`, or `key:Effect`. */
export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}
