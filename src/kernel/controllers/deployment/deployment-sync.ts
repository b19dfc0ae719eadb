import { deployments } from '../../api/resources.ts';
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../client/event-recorder.ts';
import type { Informer } from '../../client/informer.ts';
import type { WorkQueue } from '../../client/workqueue.ts';
import type { Clock } from '../../clock/clock.ts';
import type { Deployment, ReplicaSet } from '../../types/apps.ts';
import { revisionAnnotation } from './annotations.ts';

/** What one sync of one Deployment works with. */
export interface DeploymentSync {
  client: Client;
  events: EventRecorder;
  clock: Clock;
  queue: WorkQueue;
  replicaSets: Informer<ReplicaSet>;
  /** The Deployment's work-queue key. */
  key: string;
}

/**
 * Writes `d.status` through `/status` and keeps `d` current (its resourceVersion), so the same
 * sync can write again without a conflict. Kubernetes' Deployment status strategy also keeps
 * the revision annotation sent along; where the API server drops metadata on `/status`, the
 * annotation is written with a merge patch of the Deployment.
 */
export async function updateDeploymentStatus(sync: DeploymentSync, d: Deployment): Promise<void> {
  const updated = await sync.client.updateStatus<Deployment>(deployments, d);
  d.metadata.resourceVersion = updated.metadata.resourceVersion;
  const revision = d.metadata.annotations?.[revisionAnnotation];
  if (revision !== undefined && updated.metadata.annotations?.[revisionAnnotation] !== revision) {
    const patched = await sync.client.patch<Deployment>(
      deployments,
      d.metadata.namespace,
      d.metadata.name ?? '',
      { metadata: { annotations: { [revisionAnnotation]: revision } } },
    );
    d.metadata.resourceVersion = patched.metadata.resourceVersion;
  }
}

/** Replaces a ReplicaSet in a sync's list by uid (after the sync wrote a newer version of it). */
export function replaceIn(list: ReplicaSet[], rs: ReplicaSet): void {
  const i = list.findIndex((r) => r.metadata.uid === rs.metadata.uid);
  if (i >= 0) list[i] = rs;
  else list.push(rs);
}
