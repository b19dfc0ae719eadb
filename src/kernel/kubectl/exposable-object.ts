/**
 * What `kubectl expose` reads from the object it exposes (kubectl's polymorphichelpers
 * CanBeExposed, MapBasedSelectorForObject, PortsForObject, MultiProtocolsForObject), for the
 * kinds this server has: Pods, Services, Deployments and ReplicaSets.
 */
import type { ResourceInfo } from '../api/resources.ts';
import type { Deployment, ReplicaSet } from '../types/apps.ts';
import type { Pod, PodSpec } from '../types/core.ts';
import type { LabelSelector, LabelSelectorRequirement, KubeObject } from '../types/meta.ts';
import type { Service } from '../types/service.ts';
import { groupKindString } from './fetch-targets.ts';

type Exposable = 'Pod' | 'Service' | 'Deployment' | 'ReplicaSet';

function exposableKind(info: ResourceInfo): Exposable | undefined {
  const key = `${info.group}/${info.kind}`;
  if (key === '/Pod' || key === '/Service') return info.kind as Exposable;
  if (key === 'apps/Deployment' || key === 'apps/ReplicaSet') return info.kind as Exposable;
  return undefined;
}

/** canBeExposed: refuses other kinds with `cannot expose a <Kind[.group]>`. */
export function canBeExposed(info: ResourceInfo): Error | undefined {
  return exposableKind(info) ? undefined : new Error(`cannot expose a ${groupKindString(info)}`);
}

/** MakeLabels: `k=v` pairs joined by commas (Go's map order, which callers re-parse). */
export function makeLabels(labels: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Go's `%+v` of []LabelSelectorRequirement: `[{Key:tier Operator:In Values:[web api]}]`. */
function requirementsText(requirements: readonly LabelSelectorRequirement[]): string {
  const items = requirements.map(
    (r) => `{Key:${r.key} Operator:${r.operator} Values:[${(r.values ?? []).join(' ')}]}`,
  );
  return `[${items.join(' ')}]`;
}

function workloadSelector(selector: LabelSelector | undefined, what: string): string {
  if (!selector || Object.keys(selector.matchLabels ?? {}).length === 0) {
    throw new Error(`invalid ${what}: no selectors, therefore cannot be exposed`);
  }
  if ((selector.matchExpressions ?? []).length > 0) {
    throw new Error(
      `couldn't convert expressions - "${requirementsText(selector.matchExpressions!)}" to map-based selector format`,
    );
  }
  return makeLabels(selector.matchLabels);
}

/**
 * mapBasedSelectorForObject: a Pod's labels, a Service's selector, a Deployment's or
 * ReplicaSet's matchLabels (refusing matchExpressions), as `k=v,...`; throws kubectl's reason
 * when there is none.
 */
export function mapBasedSelector(info: ResourceInfo, object: KubeObject): string {
  switch (exposableKind(info)) {
    case 'Pod':
      if (Object.keys(object.metadata.labels ?? {}).length === 0) {
        throw new Error('the pod has no labels and cannot be exposed');
      }
      return makeLabels(object.metadata.labels);
    case 'Service': {
      const selector = (object as Service).spec?.selector;
      if (selector === undefined || selector === null) {
        throw new Error('the service has no pod selector set');
      }
      return makeLabels(selector);
    }
    case 'Deployment':
      return workloadSelector((object as Deployment).spec?.selector, 'deployment');
    case 'ReplicaSet':
      return workloadSelector((object as ReplicaSet).spec?.selector, 'replicaset');
  }
  throw new Error(`cannot extract pod selector from ${info.kind}`);
}

function podSpecOf(info: ResourceInfo, object: KubeObject): PodSpec | undefined {
  switch (exposableKind(info)) {
    case 'Pod':
      return (object as Pod).spec;
    case 'Deployment':
      return (object as Deployment).spec?.template?.spec;
    case 'ReplicaSet':
      return (object as ReplicaSet).spec?.template?.spec;
  }
  return undefined;
}

/** Every (port, protocol) the object offers: container ports, or a Service's ports. */
function offeredPorts(info: ResourceInfo, object: KubeObject): [string, string][] {
  if (exposableKind(info) === 'Service') {
    return ((object as Service).spec?.ports ?? []).map((p) => [
      String(p.port),
      p.protocol || 'TCP',
    ]);
  }
  const spec = podSpecOf(info, object);
  return (spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? []).map((p): [string, string] => [String(p.containerPort), p.protocol || 'TCP']),
  );
}

/** portsForObject: the distinct container (or Service) port numbers, in order. */
export function portsForObject(info: ResourceInfo, object: KubeObject): string[] {
  return [...new Set(offeredPorts(info, object).map(([port]) => port))];
}

/** multiProtocolsForObject: each port number's protocols, one entry per declaration. */
export function protocolsForObject(info: ResourceInfo, object: KubeObject): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [port, protocol] of offeredPorts(info, object)) {
    result.set(port, [...(result.get(port) ?? []), protocol]);
  }
  return result;
}
