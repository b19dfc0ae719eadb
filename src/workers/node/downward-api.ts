/**
 * The downward API values of environment variables, as the kubelet computes them: pod fields
 * (podFieldSelectorRuntimeValue, fieldpath.ExtractFieldPathAsString) and container resources
 * (containerResourceRuntimeValue: a missing limit is the node's allocatable, values rounded up
 * to whole divisors).
 */
import { cpuMillis, parseQuantityValue, quantityValue } from '../../kernel/api/quantity.ts';
import {
  convertDownwardAPIFieldLabel,
  splitSubscriptedPath,
} from '../../kernel/api/downward/field-path.ts';
import type { Container, Pod, ResourceList } from '../../kernel/types/core.ts';

/** The addresses a pod's sandbox has: its own and its node's. */
export interface SandboxAddresses {
  podIPs: readonly string[];
  hostIPs: readonly string[];
}

export interface ObjectFieldSelector {
  apiVersion?: string;
  fieldPath: string;
}

export interface ResourceFieldSelector {
  containerName?: string;
  resource: string;
  divisor?: string | number;
}

/** Go's %q of a string, as FormatMap quotes values. */
const quote = (s: string) => JSON.stringify(s);

/** fieldpath.FormatMap: `k="v"` lines in key order. */
function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${quote(map![k])}`)
    .join('\n');
}

/** The value of a fieldRef for `pod`; throws an Error worded as the kubelet's for a bad path. */
export function podFieldValue(
  selector: ObjectFieldSelector,
  pod: Pod,
  addresses: SandboxAddresses,
): string {
  const path = convertDownwardAPIFieldLabel(selector.apiVersion || 'v1', selector.fieldPath);
  switch (path) {
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.hostIP':
      return addresses.hostIPs[0] ?? '';
    case 'status.hostIPs':
      return addresses.hostIPs.join(',');
    case 'status.podIP':
      return addresses.podIPs[0] ?? '';
    case 'status.podIPs':
      return addresses.podIPs.join(',');
  }
  const meta = pod.metadata;
  const split = splitSubscriptedPath(path);
  if (split) {
    const [base, key] = split;
    return (base === 'metadata.labels' ? meta.labels : meta.annotations)?.[key] ?? '';
  }
  switch (path) {
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
  }
  throw new Error(`unsupported fieldPath: ${path}`);
}

const defaultedResources = ['cpu', 'memory', 'ephemeral-storage'];

/** MergeContainerResourceLimits: a limit that is missing or zero becomes the node's allocatable. */
function withAllocatableLimits(container: Container, allocatable: ResourceList): Container {
  const limits: ResourceList = { ...(container.resources?.limits ?? {}) };
  for (const resource of defaultedResources) {
    const limit = limits[resource];
    const unset = limit === undefined || parseQuantityValue(limit).nanos === 0n;
    if (unset && allocatable[resource] !== undefined) limits[resource] = allocatable[resource];
  }
  return { ...container, resources: { ...container.resources, limits } };
}

/** findContainerInPod, over the pod whose app containers got the node's limits. */
function containerNamed(pod: Pod, name: string, allocatable: ResourceList): Container {
  const regular = pod.spec.containers.find((c) => c.name === name);
  if (regular) return withAllocatableLimits(regular, allocatable);
  const init = pod.spec.initContainers?.find((c) => c.name === name);
  if (init) return init;
  throw new Error(`container ${name} not found`);
}

/**
 * The value of a resourceFieldRef of `container` (or of the container it names), in whole
 * divisors rounded up: cpu counted in millicores, the rest in bytes.
 */
export function containerResourceValue(
  selector: ResourceFieldSelector,
  pod: Pod,
  container: Container,
  allocatable: ResourceList,
): string {
  const target = selector.containerName
    ? containerNamed(pod, selector.containerName, allocatable)
    : withAllocatableLimits(container, allocatable);
  const divisor =
    selector.divisor === undefined || parseQuantityValue(selector.divisor).nanos === 0n
      ? '1'
      : selector.divisor;
  const dot = selector.resource.indexOf('.');
  const kind = selector.resource.slice(0, dot);
  const name = selector.resource.slice(dot + 1);
  const known =
    ['cpu', 'memory', 'ephemeral-storage'].includes(name) || name.startsWith('hugepages-');
  if ((kind !== 'limits' && kind !== 'requests') || !known) {
    throw new Error(`unsupported container resource : ${selector.resource}`);
  }
  const list = kind === 'limits' ? target.resources?.limits : target.resources?.requests;
  const amount = list?.[name] ?? '0';
  const value =
    name === 'cpu'
      ? Math.ceil(cpuMillis(amount) / cpuMillis(divisor))
      : Math.ceil(quantityValue(amount) / quantityValue(divisor));
  return String(value);
}
