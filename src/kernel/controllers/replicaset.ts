import { isNotFound, type StatusError } from '../api/errors.ts';
import { jsonEqual } from '../util/json-value.ts';
import { pods as podsResource, replicasets } from '../api/resources.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { ReplicaSet, ReplicaSetStatus } from '../types/apps.ts';
import type { Pod } from '../types/core.ts';
import type { OwnerReference } from '../types/meta.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import { ControllerExpectations } from './util/controller-expectations.ts';
import { claimObjects, controllerRefOf, newControllerRef } from './util/controller-ref.ts';
import { selectorMatcher, selectsEverything } from './util/selector-matcher.ts';
import { podFromTemplate } from './util/pod-from-template.ts';
import { isPodActive, isPodReady, podKey, secondMs } from './util/pod-readiness.ts';
import { podsToDelete } from './util/pods-to-delete.ts';
import { replicaSetStatus } from './util/replica-set-status.ts';
import { slowStartBatch } from './util/slow-start-batch.ts';
import {
  addWorkloadIndexes,
  controllerUidIndex,
  namespaceIndex,
  orphanNamespaceIndex,
} from './util/workload-indexes.ts';

/** Most pods one sync creates or deletes (kube-controller-manager's burstReplicas). */
export const burstReplicas = 500;

/** The cause an API server puts on writes refused because their namespace is terminating. */
const namespaceTerminatingCause = 'NamespaceTerminating';

function inTerminatingNamespace(err: unknown): boolean {
  const causes = (err as Partial<StatusError>)?.status?.details?.causes ?? [];
  return causes.some((c) => c.reason === namespaceTerminatingCause);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The ReplicaSet controller (`replicaset-controller`): keeps `spec.replicas` active pods for
 * each ReplicaSet. It claims pods by selector (adopting orphans, releasing pods whose labels
 * stopped matching), creates missing pods from the template in slow-start batches, deletes
 * surplus pods in Kubernetes' order of preference, waits through expectations for the watch
 * to show its own creations and deletions before acting again, and reports status counts
 * through the `/status` subresource.
 */
export class ReplicaSetController implements Controller {
  readonly name = 'replicaset-controller';
  readonly workers = 5;
  private context!: ControllerContext;
  private replicaSets!: Informer<ReplicaSet>;
  private pods!: Informer<Pod>;
  private expectations!: ControllerExpectations;

  setup(context: ControllerContext): void {
    this.context = context;
    this.expectations = new ControllerExpectations(context.clock);
    this.replicaSets = context.informers.for<ReplicaSet>(replicasets);
    this.pods = context.informers.for<Pod>(podsResource);
    addWorkloadIndexes(this.replicaSets);
    addWorkloadIndexes(this.pods);
    this.replicaSets.addEventHandler({
      add: (rs) => this.enqueue(rs),
      update: (old, cur) => {
        if (old.metadata.uid !== cur.metadata.uid) this.forget(old);
        this.enqueue(cur);
      },
      delete: (rs) => this.forget(rs),
    });
    this.pods.addEventHandler({
      add: (pod) => this.podAdded(pod),
      update: (old, cur) => this.podUpdated(old, cur),
      delete: (pod) => this.podDeleted(pod),
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const rs = this.replicaSets.get(namespace, name);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    const matcher = selectorMatcher(rs.spec.selector);
    if (!matcher) return;
    // Only our own pods and orphans can be claimed: no scan of every pod in the namespace.
    const candidates = [
      ...this.pods.byIndex(controllerUidIndex, rs.metadata.uid ?? ''),
      ...this.pods.byIndex(orphanNamespaceIndex, namespace ?? ''),
    ];
    const active = candidates.filter(isPodActive);
    const { claimed, error: claimError } = await claimObjects(active, {
      client: this.context.client,
      owner: rs,
      ownerInfo: replicasets,
      info: podsResource,
      match: (pod) => matcher(pod.metadata.labels),
    });
    if (claimError !== undefined) throw claimError;

    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(key, claimed, rs);
      } catch (err) {
        manageError = err;
      }
    }
    const status = replicaSetStatus(rs, claimed, manageError, this.context.clock.now());
    const updated = await this.updateStatus(rs, status);
    if (manageError !== undefined) throw manageError;
    const minReadySeconds = updated.spec.minReadySeconds ?? 0;
    const replicas = updated.spec.replicas ?? 1;
    const ready = updated.status?.readyReplicas ?? 0;
    const available = updated.status?.availableReplicas ?? 0;
    if (minReadySeconds > 0 && ready === replicas && available !== replicas) {
      return { requeueAfter: minReadySeconds * secondMs };
    }
  }

  /** Creates or deletes pods so that `claimed` reaches spec.replicas (at most burstReplicas a sync). */
  private async manageReplicas(key: string, claimed: Pod[], rs: ReplicaSet): Promise<void> {
    const diff = claimed.length - (rs.spec.replicas ?? 1);
    if (diff < 0) {
      const count = Math.min(-diff, burstReplicas);
      // Expect before creating: the watch may report a new pod before `create` resolves.
      this.expectations.expectCreations(key, count);
      const { successes, error } = await slowStartBatch(count, 1, () => this.createPod(rs));
      for (let i = successes; i < count; i++) this.expectations.creationObserved(key);
      if (error !== undefined) throw error;
    } else if (diff > 0) {
      const count = Math.min(diff, burstReplicas);
      const victims = podsToDelete(claimed, this.relatedPods(rs), count, this.context.clock.now());
      this.expectations.expectDeletions(key, victims.map(podKey));
      const results = await Promise.allSettled(victims.map((pod) => this.deletePod(rs, pod)));
      let firstError: unknown;
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') return;
        // The watch will not report a deletion that did not happen.
        this.expectations.deletionObserved(key, podKey(victims[i]));
        if (!isNotFound(result.reason)) firstError ??= result.reason;
      });
      if (firstError !== undefined) throw firstError;
    }
  }

  private async createPod(rs: ReplicaSet): Promise<void> {
    const { client, events } = this.context;
    const namespace = rs.metadata.namespace ?? 'default';
    const ref: OwnerReference = newControllerRef(rs, replicasets);
    const template = rs.spec.template ?? { spec: { containers: [] } };
    const pod = podFromTemplate(template, namespace, `${rs.metadata.name}-`, ref);
    try {
      const created = await client.create<Pod>(podsResource, namespace, pod);
      void events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      // Creates in a terminating namespace all fail; there is nothing to report or retry.
      if (inTerminatingNamespace(err)) return;
      void events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
  }

  private async deletePod(rs: ReplicaSet, pod: Pod): Promise<void> {
    const { client, events } = this.context;
    try {
      await client.delete(podsResource, pod.metadata.namespace, pod.metadata.name ?? '');
      void events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      if (!isNotFound(err)) {
        void events.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
      }
      throw err;
    }
  }

  /**
   * Pods selected by any ReplicaSet with the same controller as `rs` (a Deployment's old and
   * new sets), used to spot nodes where pods of one workload are doubled up.
   */
  private relatedPods(rs: ReplicaSet): Pod[] {
    // As getIndirectlyRelatedPods: the pods each sibling ReplicaSet controls, found by uid.
    const ownerUid = controllerRefOf(rs)?.uid;
    const siblings = ownerUid ? this.replicaSets.byIndex(controllerUidIndex, ownerUid) : [rs];
    const seen = new Set<string>();
    const related: Pod[] = [];
    for (const sibling of siblings) {
      for (const pod of this.pods.byIndex(controllerUidIndex, sibling.metadata.uid ?? '')) {
        const uid = pod.metadata.uid ?? '';
        if (seen.has(uid)) continue;
        seen.add(uid);
        related.push(pod);
      }
    }
    return related;
  }

  /**
   * Writes the status unless nothing changed and the generation was already observed; on a
   * failed write reads the ReplicaSet again and retries once (statusUpdateRetries).
   */
  private async updateStatus(rs: ReplicaSet, status: ReplicaSetStatus): Promise<ReplicaSet> {
    const current = rs.status ?? { replicas: 0 };
    const unchanged =
      current.replicas === status.replicas &&
      (current.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
      (current.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
      (current.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
      rs.metadata.generation === current.observedGeneration &&
      jsonEqual(current.conditions ?? [], status.conditions ?? []);
    if (unchanged) return rs;
    const { client } = this.context;
    const desired = { ...status, observedGeneration: rs.metadata.generation };
    try {
      return await client.updateStatus<ReplicaSet>(replicasets, { ...rs, status: desired });
    } catch (err) {
      if (isNotFound(err)) return rs;
      const fresh = await client.get<ReplicaSet>(
        replicasets,
        rs.metadata.namespace,
        rs.metadata.name ?? '',
      );
      return client.updateStatus<ReplicaSet>(replicasets, { ...fresh, status: desired });
    }
  }

  private enqueue(rs: ReplicaSet): void {
    this.context.queue.add(objectKey(rs));
  }

  private forget(rs: ReplicaSet): void {
    const key = objectKey(rs);
    this.expectations.delete(key);
    this.context.queue.add(key);
  }

  /** The ReplicaSet a controller reference points to, if it is in the cache with that uid. */
  private resolve(namespace: string | undefined, ref: OwnerReference): ReplicaSet | undefined {
    if (ref.kind !== replicasets.kind || ref.apiVersion.split('/')[0] !== replicasets.group) {
      return undefined;
    }
    const rs = this.replicaSets.get(namespace, ref.name);
    return rs?.metadata.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets whose (non-empty) selector matches an orphan pod: candidates to adopt it. */
  private enqueueSelecting(pod: Pod): void {
    for (const rs of this.replicaSets.byIndex(namespaceIndex, pod.metadata.namespace ?? '')) {
      const matcher = selectorMatcher(rs.spec.selector);
      if (matcher && !selectsEverything(rs.spec.selector) && matcher(pod.metadata.labels)) {
        this.enqueue(rs);
      }
    }
  }

  private podAdded(pod: Pod): void {
    // A pod that is already being deleted when first seen counts as a deletion.
    if (pod.metadata.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    const ref = controllerRefOf(pod);
    if (ref) {
      const rs = this.resolve(pod.metadata.namespace, ref);
      if (!rs) return;
      this.expectations.creationObserved(objectKey(rs));
      this.enqueue(rs);
      return;
    }
    this.enqueueSelecting(pod);
  }

  private podUpdated(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = !jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      // Graceful deletion: the pod no longer counts from the moment it is marked.
      this.podDeleted(cur);
      if (labelsChanged) this.podDeleted(old);
      return;
    }
    const curRef = controllerRefOf(cur);
    const oldRef = controllerRefOf(old);
    const refChanged = !jsonEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const rs = this.resolve(old.metadata.namespace, oldRef);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.resolve(cur.metadata.namespace, curRef);
      if (!rs) return;
      this.enqueue(rs);
      const minReadySeconds = rs.spec.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) {
        // Look again once the pod has been ready long enough to count as available; the
        // extra second absorbs rounding of the condition's timestamp.
        this.context.queue.addAfter(objectKey(rs), (minReadySeconds + 1) * secondMs);
      }
      return;
    }
    if (labelsChanged || refChanged) this.enqueueSelecting(cur);
  }

  private podDeleted(pod: Pod): void {
    const ref = controllerRefOf(pod);
    if (!ref) return;
    const rs = this.resolve(pod.metadata.namespace, ref);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, podKey(pod));
    this.context.queue.add(key);
  }
}
