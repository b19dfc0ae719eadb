/**
 * The resources the API server serves: how each is named in paths, its kind, whether it is
 * namespaced, and which subresources it has. kubectl's short names come from here too.
 */

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural, lower-case: the path segment (`pods`, `deployments`). */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Subresources served: `status`, `binding`, `scale`... */
  subresources: string[];
  /** True when spec changes bump metadata.generation (every kind with a spec here but Pod-less kinds). */
  tracksGeneration: boolean;
  /** Verbs, as `kubectl api-resources -o wide` lists them. */
  verbs: string[];
  /** Categories (`all`: what `kubectl get all` includes). */
  categories?: string[];
  /** The warning every request for a deprecated resource gets (Endpoints since 1.33). */
  deprecationWarning?: string;
  /**
   * Set on an older version served by conversion (autoscaling/v1 HPAs): its objects are the
   * ones of this resource, converted on the way in and out (api/conversion). Controllers and
   * the garbage collector watch the stored version only.
   */
  storedAs?: ResourceInfo;
}

const allVerbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function resource(
  info: Omit<ResourceInfo, 'listKind' | 'verbs'> & { verbs?: string[] },
): ResourceInfo {
  return { ...info, listKind: `${info.kind}List`, verbs: info.verbs ?? allVerbs };
}

export const namespaces = resource({
  group: '',
  version: 'v1',
  resource: 'namespaces',
  singular: 'namespace',
  kind: 'Namespace',
  namespaced: false,
  shortNames: ['ns'],
  subresources: ['status', 'finalize'],
  tracksGeneration: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
});

export const nodes = resource({
  group: '',
  version: 'v1',
  resource: 'nodes',
  singular: 'node',
  kind: 'Node',
  namespaced: false,
  shortNames: ['no'],
  subresources: ['status'],
  tracksGeneration: false,
});

export const pods = resource({
  group: '',
  version: 'v1',
  resource: 'pods',
  singular: 'pod',
  kind: 'Pod',
  namespaced: true,
  shortNames: ['po'],
  subresources: ['status', 'binding', 'eviction'],
  tracksGeneration: true,
  categories: ['all'],
});

export const events = resource({
  group: '',
  version: 'v1',
  resource: 'events',
  singular: 'event',
  kind: 'Event',
  namespaced: true,
  shortNames: ['ev'],
  subresources: [],
  tracksGeneration: false,
});

export const configmaps = resource({
  group: '',
  version: 'v1',
  resource: 'configmaps',
  singular: 'configmap',
  kind: 'ConfigMap',
  namespaced: true,
  shortNames: ['cm'],
  subresources: [],
  tracksGeneration: false,
});

export const secrets = resource({
  group: '',
  version: 'v1',
  resource: 'secrets',
  singular: 'secret',
  kind: 'Secret',
  namespaced: true,
  shortNames: [],
  subresources: [],
  tracksGeneration: false,
});

export const leases = resource({
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  singular: 'lease',
  kind: 'Lease',
  namespaced: true,
  shortNames: [],
  subresources: [],
  tracksGeneration: false,
});

export const replicasets = resource({
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  singular: 'replicaset',
  kind: 'ReplicaSet',
  namespaced: true,
  shortNames: ['rs'],
  subresources: ['status', 'scale'],
  tracksGeneration: true,
  categories: ['all'],
});

export const deployments = resource({
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  subresources: ['status', 'scale'],
  tracksGeneration: true,
  categories: ['all'],
});

export const jobs = resource({
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  singular: 'job',
  kind: 'Job',
  namespaced: true,
  shortNames: [],
  subresources: ['status'],
  tracksGeneration: true,
  categories: ['all'],
});

export const cronjobs = resource({
  group: 'batch',
  version: 'v1',
  resource: 'cronjobs',
  singular: 'cronjob',
  kind: 'CronJob',
  namespaced: true,
  shortNames: ['cj'],
  subresources: ['status'],
  tracksGeneration: true,
  categories: ['all'],
});

export const networkpolicies = resource({
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'networkpolicies',
  singular: 'networkpolicy',
  kind: 'NetworkPolicy',
  namespaced: true,
  shortNames: ['netpol'],
  subresources: [],
  tracksGeneration: true,
});

export const ingresses = resource({
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'ingresses',
  singular: 'ingress',
  kind: 'Ingress',
  namespaced: true,
  shortNames: ['ing'],
  subresources: ['status'],
  tracksGeneration: true,
});

export const ingressclasses = resource({
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'ingressclasses',
  singular: 'ingressclass',
  kind: 'IngressClass',
  namespaced: false,
  shortNames: [],
  subresources: [],
  tracksGeneration: true,
});

export const services = resource({
  group: '',
  version: 'v1',
  resource: 'services',
  singular: 'service',
  kind: 'Service',
  namespaced: true,
  shortNames: ['svc'],
  subresources: ['status'],
  tracksGeneration: false,
  categories: ['all'],
});

export const endpoints = resource({
  group: '',
  version: 'v1',
  resource: 'endpoints',
  singular: 'endpoints',
  kind: 'Endpoints',
  namespaced: true,
  shortNames: ['ep'],
  subresources: [],
  tracksGeneration: false,
  deprecationWarning: 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice',
});

export const endpointslices = resource({
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
  singular: 'endpointslice',
  kind: 'EndpointSlice',
  namespaced: true,
  shortNames: [],
  subresources: [],
  tracksGeneration: true,
});
export const persistentvolumes = resource({
  group: '',
  version: 'v1',
  resource: 'persistentvolumes',
  singular: 'persistentvolume',
  kind: 'PersistentVolume',
  namespaced: false,
  shortNames: ['pv'],
  subresources: ['status'],
  tracksGeneration: false,
});

export const persistentvolumeclaims = resource({
  group: '',
  version: 'v1',
  resource: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  kind: 'PersistentVolumeClaim',
  namespaced: true,
  shortNames: ['pvc'],
  subresources: ['status'],
  tracksGeneration: false,
});

export const storageclasses = resource({
  group: 'storage.k8s.io',
  version: 'v1',
  resource: 'storageclasses',
  singular: 'storageclass',
  kind: 'StorageClass',
  namespaced: false,
  shortNames: ['sc'],
  subresources: [],
  tracksGeneration: false,
});

export const statefulsets = resource({
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
  singular: 'statefulset',
  kind: 'StatefulSet',
  namespaced: true,
  shortNames: ['sts'],
  subresources: ['status', 'scale'],
  tracksGeneration: true,
  categories: ['all'],
});

export const controllerrevisions = resource({
  group: 'apps',
  version: 'v1',
  resource: 'controllerrevisions',
  singular: 'controllerrevision',
  kind: 'ControllerRevision',
  namespaced: true,
  shortNames: [],
  subresources: [],
  tracksGeneration: false,
});

export const resourcequotas = resource({
  group: '',
  version: 'v1',
  resource: 'resourcequotas',
  singular: 'resourcequota',
  kind: 'ResourceQuota',
  namespaced: true,
  shortNames: ['quota'],
  subresources: ['status'],
  tracksGeneration: false,
});

export const limitranges = resource({
  group: '',
  version: 'v1',
  resource: 'limitranges',
  singular: 'limitrange',
  kind: 'LimitRange',
  namespaced: true,
  shortNames: ['limits'],
  subresources: [],
  tracksGeneration: false,
});

export const daemonsets = resource({
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
  singular: 'daemonset',
  kind: 'DaemonSet',
  namespaced: true,
  shortNames: ['ds'],
  subresources: ['status'],
  tracksGeneration: true,
  categories: ['all'],
});

export const poddisruptionbudgets = resource({
  group: 'policy',
  version: 'v1',
  resource: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  kind: 'PodDisruptionBudget',
  namespaced: true,
  shortNames: ['pdb'],
  subresources: ['status'],
  tracksGeneration: true,
});

export const horizontalpodautoscalers = resource({
  group: 'autoscaling',
  version: 'v2',
  resource: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  kind: 'HorizontalPodAutoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  subresources: ['status'],
  tracksGeneration: false,
  categories: ['all'],
});

/** autoscaling/v1: the same HPAs with only a CPU target (the HPA walkthrough's manifest). */
export const horizontalpodautoscalersV1 = resource({
  group: 'autoscaling',
  version: 'v1',
  resource: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  kind: 'HorizontalPodAutoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  subresources: ['status'],
  tracksGeneration: false,
  categories: ['all'],
  storedAs: horizontalpodautoscalers,
});

/**
 * The resource metrics API (metrics.k8s.io/v1beta1), read-only and kept in memory rather than
 * in the store: the API server serves it in metrics-server's place (handlers/metrics.ts).
 */
export const podmetrics = resource({
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  resource: 'pods',
  singular: '',
  kind: 'PodMetrics',
  namespaced: true,
  shortNames: [],
  subresources: [],
  tracksGeneration: false,
  verbs: ['get', 'list'],
});

export const nodemetrics = resource({
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  resource: 'nodes',
  singular: '',
  kind: 'NodeMetrics',
  namespaced: false,
  shortNames: [],
  subresources: [],
  tracksGeneration: false,
  verbs: ['get', 'list'],
});

export const builtinResources: readonly ResourceInfo[] = [
  namespaces,
  nodes,
  pods,
  services,
  endpoints,
  events,
  configmaps,
  secrets,
  leases,
  replicasets,
  deployments,
  cronjobs,
  jobs,
  networkpolicies,
  ingresses,
  ingressclasses,
  endpointslices,
  persistentvolumes,
  persistentvolumeclaims,
  storageclasses,
  statefulsets,
  controllerrevisions,
  resourcequotas,
  limitranges,
  daemonsets,
  poddisruptionbudgets,
  horizontalpodautoscalers,
  horizontalpodautoscalersV1,
  // Last, so that `pods` and `nodes` name the core resources, as kubectl's RESTMapper prefers.
  nodemetrics,
  podmetrics,
];

/** `apps/v1`, or `v1` for the core group. */
export function groupVersion(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** The collection path: `/api/v1/namespaces/ns/pods`, `/apis/apps/v1/deployments` (all namespaces). */
export function collectionPath(info: ResourceInfo, namespace?: string): string {
  const root = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && namespace) return `${root}/namespaces/${namespace}/${info.resource}`;
  return `${root}/${info.resource}`;
}

/** The object path, with an optional subresource: `/api/v1/namespaces/ns/pods/web/status`. */
export function objectPath(
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  subresource?: string,
): string {
  const base = `${collectionPath(info, info.namespaced ? namespace : undefined)}/${name}`;
  return subresource ? `${base}/${subresource}` : base;
}

/** The store key prefix for a resource, optionally narrowed to a namespace. */
export function storePrefix(info: ResourceInfo, namespace?: string): string {
  const base = `/registry/${info.group ? `${info.group}/` : ''}${info.resource}/`;
  return info.namespaced && namespace ? `${base}${namespace}/` : base;
}

/** The store key of one object. */
export function storeKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${storePrefix(info, info.namespaced ? namespace : undefined)}${name}`;
}
