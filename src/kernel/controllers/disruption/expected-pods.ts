import { builtinResources } from '../../api/resources.ts';
import type { Client } from '../../client/client.ts';
import type { Informer } from '../../client/informer.ts';
import type { Deployment, ReplicaSet } from '../../types/apps.ts';
import type { Pod } from '../../types/core.ts';
import type { KubeObject, OwnerReference } from '../../types/meta.ts';
import type { PodDisruptionBudget } from '../../types/policy.ts';
import { scaledValue } from '../deployment/fenceposts.ts';
import { controllerRefOf } from '../util/controller-ref.ts';

/** What the finders read: the workload caches, and the API for other scalable kinds. */
export interface ScaleSources {
  client: Client;
  replicaSets: Informer<ReplicaSet>;
  deployments: Informer<Deployment>;
}

/** A controller's uid and its desired replicas. */
interface ControllerScale {
  uid: string;
  scale: number;
}

type Finder = (
  sources: ScaleSources,
  ref: OwnerReference,
  namespace: string,
) => Promise<ControllerScale | undefined>;

function groupOf(ref: OwnerReference): string {
  const slash = ref.apiVersion.indexOf('/');
  return slash < 0 ? '' : ref.apiVersion.slice(0, slash);
}

/** verifyGroupKind: the reference names `kind` in one of `groups`. */
function isKind(ref: OwnerReference, kind: string, groups: readonly string[]): boolean {
  return ref.kind === kind && groups.includes(groupOf(ref));
}

const appsGroups = ['apps', 'extensions'];

/** The ReplicaSet a reference points to, if cached with that uid. */
function replicaSetOf(
  sources: ScaleSources,
  ref: OwnerReference,
  namespace: string,
): ReplicaSet | undefined {
  if (!isKind(ref, 'ReplicaSet', appsGroups)) return undefined;
  const rs = sources.replicaSets.get(namespace, ref.name);
  return rs?.metadata.uid === ref.uid ? rs : undefined;
}

/** getPodDeployment: a ReplicaSet's Deployment, which scales the pods. */
const deploymentFinder: Finder = async (sources, ref, namespace) => {
  const rs = replicaSetOf(sources, ref, namespace);
  const owner = rs && controllerRefOf(rs);
  if (!owner || !isKind(owner, 'Deployment', appsGroups)) return undefined;
  const d = sources.deployments.get(namespace, owner.name);
  if (d?.metadata.uid !== owner.uid) return undefined;
  return { uid: owner.uid, scale: d.spec.replicas ?? 1 };
};

/** getPodReplicaSet: a ReplicaSet no Deployment controls. */
const replicaSetFinder: Finder = async (sources, ref, namespace) => {
  const rs = replicaSetOf(sources, ref, namespace);
  if (!rs || controllerRefOf(rs)?.kind === 'Deployment') return undefined;
  return { uid: ref.uid, scale: rs.spec.replicas ?? 1 };
};

/**
 * getScaleController: any other kind through the API, if its resource has a `scale`
 * subresource (StatefulSets here); kinds without one are an error, as upstream reports them.
 */
const scaleFinder: Finder = async (sources, ref, namespace) => {
  const group = groupOf(ref);
  const info = builtinResources.find((r) => r.kind === ref.kind && r.group === group);
  if (!info) throw new Error(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
  if (!info.subresources.includes('scale')) {
    const gr = info.group ? `${info.resource}.${info.group}` : info.resource;
    throw new Error(`${gr} does not implement the scale subresource`);
  }
  let object: KubeObject;
  try {
    object = await sources.client.get(info, namespace, ref.name);
  } catch (err) {
    if ((err as { reason?: string }).reason === 'NotFound') return undefined;
    throw err;
  }
  if (object.metadata.uid !== ref.uid) return undefined;
  const replicas = (object.spec as { replicas?: number } | undefined)?.replicas;
  return { uid: ref.uid, scale: replicas ?? 1 };
};

/** The finders in upstream's order (ReplicationControllers are not served here). */
const finders: readonly Finder[] = [deploymentFinder, replicaSetFinder, scaleFinder];

/**
 * getExpectedScale: the sum of the desired replicas of the controllers of `pods` (each counted
 * once), and the names of pods without a controller. A pod whose controller cannot be found
 * is an error: a percentage cannot be computed then.
 */
export async function expectedScale(
  sources: ScaleSources,
  pods: readonly Pod[],
): Promise<{ expected: number; unmanaged: string[] }> {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    if (!ref) {
      unmanaged.push(pod.metadata.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    let found: ControllerScale | undefined;
    for (const finder of finders) {
      found = await finder(sources, ref, pod.metadata.namespace ?? '');
      if (found) break;
    }
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
    scales.set(found.uid, found.scale);
  }
  let expected = 0;
  for (const n of scales.values()) expected += n;
  return { expected, unmanaged };
}

/** What a budget counts on: pods expected, the fewest healthy it allows, and unmanaged pods. */
export interface ExpectedPods {
  expectedCount: number;
  desiredHealthy: number;
  unmanaged: string[];
}

/**
 * getExpectedPodCount: with maxUnavailable, the controllers' scale less maxUnavailable (a
 * percentage of it rounded up); with an integer minAvailable, the selected pods and that
 * number; with a percentage minAvailable, the controllers' scale and that share, rounded up.
 */
export async function expectedPodCount(
  sources: ScaleSources,
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
): Promise<ExpectedPods> {
  const { maxUnavailable, minAvailable } = pdb.spec;
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    const { expected, unmanaged } = await expectedScale(sources, pods);
    const desired = expected - scaledValue(maxUnavailable, expected, true);
    return { expectedCount: expected, desiredHealthy: Math.max(0, desired), unmanaged };
  }
  if (typeof minAvailable === 'number') {
    return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanaged: [] };
  }
  if (typeof minAvailable === 'string') {
    const { expected, unmanaged } = await expectedScale(sources, pods);
    return {
      expectedCount: expected,
      desiredHealthy: scaledValue(minAvailable, expected, true),
      unmanaged,
    };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanaged: [] };
}
