import type { KubeObject } from '../../kernel/types/meta.ts';

/**
 * Kinds in the order a bundle lists them, so that each object comes after what it needs:
 * namespaces first, then policies and quotas that admission checks, configuration and
 * storage, Services (whose variables pods get at start), workloads, and what points at
 * workloads. Helm installs in this order too.
 */
const kindOrder = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'Endpoints',
  'EndpointSlice',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
];

function rank(kind: string | undefined): number {
  const i = kindOrder.indexOf(kind ?? '');
  return i === -1 ? kindOrder.length : i;
}

/**
 * Sorts objects for `kubectl apply -f` in one pass (kubectl applies in file order): by kind
 * as above (unknown kinds last, by name), then namespace, then name. Returns a new array.
 */
export function inApplyOrder<T extends KubeObject>(objects: readonly T[]): T[] {
  const text = (o: T) => [o.kind ?? '', o.metadata.namespace ?? '', o.metadata.name ?? ''];
  return [...objects].sort((a, b) => {
    const byKind = rank(a.kind) - rank(b.kind);
    if (byKind !== 0) return byKind;
    const [x, y] = [text(a), text(b)];
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
  });
}
