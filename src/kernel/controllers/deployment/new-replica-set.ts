import { isAlreadyExists, type StatusError } from '../../api/errors.ts';
import { deployments, replicasets } from '../../api/resources.ts';
import type { Deployment, ReplicaSet } from '../../types/apps.ts';
import type { LabelSelector } from '../../types/meta.ts';
import { controllerRefOf, newControllerRef } from '../util/controller-ref.ts';
import {
  maxRevision,
  revisionAnnotation,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
} from './annotations.ts';
import { getCondition, newCondition, reasons, setCondition } from './conditions.ts';
import { hasProgressDeadline } from './deployment-status.ts';
import { replaceIn, updateDeploymentStatus, type DeploymentSync } from './deployment-sync.ts';
import { maxSurge } from './fenceposts.ts';
import { computeHash, podTemplateHashLabel } from './pod-template-hash.ts';
import {
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  newReplicaSetReplicas,
} from './replica-sets.ts';

/** The new ReplicaSet (undefined when it does not exist and was not to be created) and all others. */
export interface ReplicaSetsOfDeployment {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

function withHashLabel(selector: LabelSelector, hash: string): LabelSelector {
  return { ...selector, matchLabels: { ...selector.matchLabels, [podTemplateHashLabel]: hash } };
}

function namespaceTerminating(err: unknown): boolean {
  const causes = (err as Partial<StatusError>)?.status?.details?.causes ?? [];
  return causes.some((c) => c.reason === 'NamespaceTerminating');
}

/**
 * getAllReplicaSetsAndSyncRevision: splits the Deployment's ReplicaSets into the new one
 * (same template) and the old ones, bringing the new one's revision (max old revision + 1)
 * and annotations up to date, and creating it when asked to and missing.
 */
export async function replicaSetsAndSyncRevision(
  sync: DeploymentSync,
  d: Deployment,
  rsList: ReplicaSet[],
  createIfMissing: boolean,
): Promise<ReplicaSetsOfDeployment> {
  const oldRSs = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(sync, d, rsList, oldRSs, createIfMissing);
  return { newRS, oldRSs };
}

/**
 * getNewReplicaSet: the ReplicaSet running the Deployment's current template. An existing one
 * gets the new revision (a rollback moves the revision to the reused set), the Deployment's
 * annotations and minReadySeconds; otherwise `<deployment>-<pod-template-hash>` is created
 * with the hash in its labels, selector and template, an owner reference to the Deployment,
 * and its first size (the rolling-update budget, or everything for Recreate). A name taken by
 * a ReplicaSet with another template is a hash collision: collisionCount goes up and the next
 * sync tries another name.
 */
async function getNewReplicaSet(
  sync: DeploymentSync,
  d: Deployment,
  rsList: ReplicaSet[],
  oldRSs: ReplicaSet[],
  createIfMissing: boolean,
): Promise<ReplicaSet | undefined> {
  const now = sync.clock.now();
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const surge = maxSurge(d);

  if (existing) {
    const copy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true, surge);
    const minReadySeconds = d.spec.minReadySeconds ?? 0;
    if (annotationsUpdated || (copy.spec.minReadySeconds ?? 0) !== minReadySeconds) {
      if (minReadySeconds) copy.spec.minReadySeconds = minReadySeconds;
      else delete copy.spec.minReadySeconds;
      const updated = await sync.client.update<ReplicaSet>(replicasets, copy);
      replaceIn(rsList, updated);
      return updated;
    }
    let needsUpdate = setDeploymentRevision(
      d,
      copy.metadata.annotations?.[revisionAnnotation] ?? '',
    );
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      const message = `Found new replica set "${copy.metadata.name}"`;
      d.status ??= {};
      setCondition(
        d.status,
        newCondition('Progressing', 'True', reasons.foundNewReplicaSet, message, now),
      );
      needsUpdate = true;
    }
    if (needsUpdate) await updateDeploymentStatus(sync, d);
    return copy;
  }
  if (!createIfMissing) return undefined;

  const namespace = d.metadata.namespace ?? 'default';
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const template = structuredClone(d.spec.template);
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, [podTemplateHashLabel]: hash },
  };
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace,
      ownerReferences: [newControllerRef(d, deployments)],
      labels: { ...template.metadata.labels },
    },
    spec: {
      replicas: 0,
      selector: withHashLabel(d.spec.selector, hash),
      template,
    },
  };
  if (d.spec.minReadySeconds) newRS.spec.minReadySeconds = d.spec.minReadySeconds;
  const replicas = newReplicaSetReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = replicas;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false, surge);

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await sync.client.create<ReplicaSet>(replicasets, namespace, newRS);
  } catch (err) {
    if (isAlreadyExists(err)) {
      // A slow cache, or a hash collision with a ReplicaSet of another template.
      const name = newRS.metadata.name ?? '';
      const found =
        sync.replicaSets.get(namespace, name) ??
        (await sync.client.get<ReplicaSet>(replicasets, namespace, name));
      const ref = controllerRefOf(found);
      if (ref?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, found.spec.template)) {
        created = found;
        alreadyExists = true;
      } else {
        d.status ??= {};
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        await updateDeploymentStatus(sync, d);
        throw err;
      }
    } else if (namespaceTerminating(err)) {
      throw err;
    } else {
      const reason = err instanceof Error ? err.message : String(err);
      const message = `Failed to create new replica set "${newRS.metadata.name}": ${reason}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setCondition(
          d.status,
          newCondition('Progressing', 'False', reasons.failedReplicaSetCreate, message, now),
        );
        await updateDeploymentStatus(sync, d).catch(() => {});
      }
      void sync.events.record(d, 'Warning', reasons.failedReplicaSetCreate, message);
      throw err;
    }
  }
  replaceIn(rsList, created);
  if (!alreadyExists && replicas > 0) {
    void sync.events.record(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`,
    );
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    const message = `Created new replica set "${created.metadata.name}"`;
    d.status ??= {};
    setCondition(
      d.status,
      newCondition('Progressing', 'True', reasons.newReplicaSetCreated, message, now),
    );
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(sync, d);
  return created;
}
