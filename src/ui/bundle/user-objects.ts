import type { ResourceInfo } from '../../kernel/api/resources.ts';
import type { KubeObject } from '../../kernel/types/meta.ts';

/** One object as listed, with the resource it was listed from. */
export interface ListedObject {
  info: ResourceInfo;
  object: KubeObject;
}

/** Namespaces the cluster owns; `default` is everyone's but exists on every cluster. */
const clusterNamespaces = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
const systemNamespaces = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** Kinds only the cluster writes (Nodes, Events, Leases...) or that are views, never applied. */
const clusterKinds = new Set([
  'Node',
  'Event',
  'Lease',
  'ControllerRevision',
  'PodMetrics',
  'NodeMetrics',
  'ComponentStatus',
  'Binding',
]);

/** Cluster-scoped objects every cluster brings: this one's built-in classes, kubeadm's. */
const builtinClusterObjects = new Set([
  'IngressClass/nginx',
  'StorageClass/standard',
  'PriorityClass/system-cluster-critical',
  'PriorityClass/system-node-critical',
]);

/** EndpointSlices that controllers keep for Services with selectors. */
const controllerSliceManagers = new Set([
  'endpointslice-controller.k8s.io',
  'endpointslicemirroring-controller.k8s.io',
]);

const key = (namespace: string | undefined, name: string | undefined) =>
  `${namespace ?? ''}/${name ?? ''}`;

/**
 * The objects a user would apply to recreate this cluster: their namespaces and what lives in
 * them and in `default`, and cluster-scoped objects they created (classes, static volumes).
 * Left out is what the cluster makes by itself, which a real cluster would make again (or
 * refuse, or would not need): system namespaces and what is in them; objects a controller owns
 * (a Deployment's ReplicaSets, their pods, a CronJob's Jobs, a StatefulSet's claims); the
 * Endpoints and EndpointSlices of Services with selectors; Events, Leases, Nodes,
 * ControllerRevisions; the `kubernetes` Service, default ServiceAccounts, `kube-root-ca.crt`
 * ConfigMaps and service-account token Secrets; the built-in IngressClass and StorageClass;
 * dynamically provisioned PersistentVolumes; and anything being deleted. Resources served only
 * as an older version (autoscaling/v1 HPAs) are listed once, under their stored version.
 */
export function selectUserObjects(listed: readonly ListedObject[]): ListedObject[] {
  const selectedServices = new Set(
    listed
      .filter(({ info, object }) => info.kind === 'Service' && hasSelector(object))
      .map(({ object }) => key(object.metadata.namespace, object.metadata.name)),
  );
  const statefulSetClaims = statefulSetClaimPrefixes(listed);
  return listed.filter(({ info, object }) => {
    const meta = object.metadata;
    const namespace = meta.namespace;
    const name = meta.name ?? '';
    if (info.storedAs || !info.verbs.includes('list')) return false;
    if (clusterKinds.has(info.kind)) return false;
    if (meta.deletionTimestamp) return false;
    if (info.namespaced ? systemNamespaces.has(namespace ?? '') : false) return false;
    if (info.kind === 'Namespace') return !clusterNamespaces.has(name);
    if (builtinClusterObjects.has(`${info.kind}/${name}`)) return false;
    if ((meta.ownerReferences ?? []).some((o) => o.controller)) return false;
    if (meta.annotations?.['kubernetes.io/config.mirror'] !== undefined) return false;
    switch (info.kind) {
      case 'Service':
      case 'Endpoints':
      case 'EndpointSlice':
        if (namespace === 'default' && (name === 'kubernetes' || isKubernetesSlice(object)))
          return false;
        if (info.kind === 'Endpoints') return !selectedServices.has(key(namespace, name));
        if (info.kind === 'EndpointSlice') {
          const manager = meta.labels?.['endpointslice.kubernetes.io/managed-by'] ?? '';
          return !controllerSliceManagers.has(manager);
        }
        return true;
      case 'ServiceAccount':
        return name !== 'default';
      case 'ConfigMap':
        return name !== 'kube-root-ca.crt';
      case 'Secret':
        return object.type !== 'kubernetes.io/service-account-token';
      case 'PersistentVolume':
        return meta.annotations?.['pv.kubernetes.io/provisioned-by'] === undefined;
      case 'PersistentVolumeClaim':
        return !statefulSetClaims.some((prefix) => isOrdinalName(key(namespace, name), prefix));
      default:
        return true;
    }
  });
}

function hasSelector(service: KubeObject): boolean {
  const selector = (service.spec as { selector?: Record<string, string> } | undefined)?.selector;
  return !!selector && Object.keys(selector).length > 0;
}

function isKubernetesSlice(object: KubeObject): boolean {
  return object.metadata.labels?.['kubernetes.io/service-name'] === 'kubernetes';
}

/**
 * `namespace/template-statefulset-` for every claim template of every StatefulSet: the claims
 * its controller creates are these followed by a pod ordinal.
 */
function statefulSetClaimPrefixes(listed: readonly ListedObject[]): string[] {
  const prefixes: string[] = [];
  for (const { info, object } of listed) {
    if (info.kind !== 'StatefulSet') continue;
    const spec = object.spec as { volumeClaimTemplates?: KubeObject[] } | undefined;
    for (const template of spec?.volumeClaimTemplates ?? []) {
      const claim = `${template.metadata?.name ?? ''}-${object.metadata.name ?? ''}-`;
      prefixes.push(key(object.metadata.namespace, claim));
    }
  }
  return prefixes;
}

function isOrdinalName(name: string, prefix: string): boolean {
  return name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length));
}
