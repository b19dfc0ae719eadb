import { replicasets } from '../api/resources.ts';
import { labelSelectorString, labelSelectorAsSelector } from '../api/selectors/label-selector.ts';
import type { Client } from '../client/client.ts';
import { findNewReplicaSet } from '../controllers/deployment/replica-sets.ts';
import { controllerRefOf } from '../controllers/util/controller-ref.ts';
import type { Deployment, ReplicaSet } from '../types/apps.ts';

/**
 * kubectl's deploymentutil.GetAllReplicaSets as `rollout history` and `rollout undo` use it:
 * the ReplicaSets the Deployment's selector lists that it controls (by controller reference),
 * old ones first and the one whose template matches the Deployment's last.
 */
export async function deploymentReplicaSets(
  client: Client,
  deployment: Deployment,
): Promise<ReplicaSet[]> {
  const selector = labelSelectorString(labelSelectorAsSelector(deployment.spec.selector));
  const list = await client.list<ReplicaSet>(replicasets, deployment.metadata.namespace, {
    labelSelector: selector,
  });
  const owned = list.items.filter((rs) => controllerRefOf(rs)?.uid === deployment.metadata.uid);
  const newRS = findNewReplicaSet(deployment, owned);
  const old = owned.filter((rs) => rs !== newRS);
  return newRS ? [...old, newRS] : old;
}
