import { isNotFound } from '../api/errors.ts';
import {
  controllerrevisions,
  persistentvolumeclaims,
  pods as podsResource,
  statefulsets,
} from '../api/resources.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { Pod } from '../types/core.ts';
import type { OwnerReference } from '../types/meta.ts';
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from '../types/statefulset.ts';
import type { PersistentVolumeClaim } from '../types/storage.ts';
import { jsonEqual } from '../util/json-value.ts';
import type { Controller, ControllerContext } from './controller.ts';
import { PendingPodWrites } from './statefulset/pending-pod-writes.ts';
import { setRevisions, truncateHistory } from './statefulset/set-history.ts';
import { sortRevisions } from './statefulset/set-revisions.ts';
import { isMemberOf } from './statefulset/stateful-pod-identity.ts';
import { StatefulPodControl } from './statefulset/stateful-pod-control.ts';
import { updateStatefulSet } from './statefulset/update-stateful-set.ts';
import { claimObjects, controllerRefOf } from './util/controller-ref.ts';
import { isPodReady, secondMs } from './util/pod-readiness.ts';
import { selectorMatcher, selectsEverything } from './util/selector-matcher.ts';
import {
  addWorkloadIndexes,
  controllerUidIndex,
  namespaceIndex,
  orphanNamespaceIndex,
} from './util/workload-indexes.ts';

/** The status fields a write is worth making for (inconsistentStatus). */
function statusChanged(set: StatefulSet, status: StatefulSetStatus): boolean {
  const old = set.status;
  if (!old) return true;
  return (
    (status.observedGeneration ?? 0) > (old.observedGeneration ?? 0) ||
    status.replicas !== old.replicas ||
    (status.currentReplicas ?? 0) !== (old.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (old.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (old.updatedReplicas ?? 0) ||
    status.currentRevision !== old.currentRevision ||
    (status.availableReplicas ?? 0) !== (old.availableReplicas ?? 0) ||
    status.updateRevision !== old.updateRevision
  );
}

/** The status as apps/v1 writes it: zero counts omitted, except replicas and availableReplicas. */
function wireStatus(status: StatefulSetStatus): StatefulSetStatus {
  const out: StatefulSetStatus = { replicas: status.replicas };
  if (status.observedGeneration) out.observedGeneration = status.observedGeneration;
  if (status.readyReplicas) out.readyReplicas = status.readyReplicas;
  if (status.currentReplicas) out.currentReplicas = status.currentReplicas;
  if (status.updatedReplicas) out.updatedReplicas = status.updatedReplicas;
  if (status.currentRevision) out.currentRevision = status.currentRevision;
  if (status.updateRevision) out.updateRevision = status.updateRevision;
  out.collisionCount = status.collisionCount ?? 0;
  out.availableReplicas = status.availableReplicas ?? 0;
  return out;
}

/**
 * The StatefulSet controller (`statefulset-controller`): gives each set `spec.replicas` pods
 * named `<set>-<ordinal>` with stable hostnames under the set's headless Service and their
 * own claims from volumeClaimTemplates (made before the pod, kept when it goes), created in
 * order under OrderedReady and all at once under Parallel, removed from the highest ordinal
 * down; records each template as a ControllerRevision, rolls pods to the update revision from
 * the highest ordinal down to the partition (or leaves it to the user under OnDelete), and
 * reports status with currentRevision, updateRevision and the replica counts.
 */
export class StatefulSetController implements Controller {
  readonly name = 'statefulset-controller';
  readonly workers = 5;
  private context!: ControllerContext;
  private sets!: Informer<StatefulSet>;
  private pods!: Informer<Pod>;
  private revisions!: Informer<ControllerRevision>;
  private claims!: Informer<PersistentVolumeClaim>;
  private pending!: PendingPodWrites;
  private control!: StatefulPodControl;

  setup(context: ControllerContext): void {
    this.context = context;
    this.pending = new PendingPodWrites(context.clock);
    this.sets = context.informers.for<StatefulSet>(statefulsets);
    this.pods = context.informers.for<Pod>(podsResource);
    this.revisions = context.informers.for<ControllerRevision>(controllerrevisions);
    this.claims = context.informers.for<PersistentVolumeClaim>(persistentvolumeclaims);
    addWorkloadIndexes(this.sets);
    addWorkloadIndexes(this.pods);
    addWorkloadIndexes(this.revisions);
    const keyOfPod = (pod: Pod) => {
      const ref = controllerRefOf(pod);
      const set = ref && this.resolve(pod.metadata.namespace, ref);
      return set ? objectKey(set) : undefined;
    };
    this.control = new StatefulPodControl(context.client, context.events, this.claims, {
      creating: (pod) => {
        const key = keyOfPod(pod);
        if (key) this.pending.expectCreate(key, pod.metadata.name ?? '');
      },
      createFailed: (pod) => {
        const key = keyOfPod(pod);
        if (key) this.pending.createSettled(key, pod.metadata.name ?? '');
      },
      deleting: (pod) => {
        const key = keyOfPod(pod);
        if (key) this.pending.expectDelete(key, pod);
      },
      deleteFailed: (pod) => {
        const key = keyOfPod(pod);
        if (key) this.pending.deleteSettled(key, pod.metadata.name ?? '');
      },
    });
    this.sets.addEventHandler({
      add: (set) => this.enqueue(set),
      update: (old, cur) => {
        if (old.metadata.uid !== cur.metadata.uid) this.pending.forget(objectKey(old));
        this.enqueue(cur);
      },
      delete: (set) => {
        this.pending.forget(objectKey(set));
        this.enqueue(set);
      },
    });
    this.pods.addEventHandler({
      add: (pod) => this.podAdded(pod),
      update: (old, cur) => this.podUpdated(old, cur),
      delete: (pod) => this.podDeleted(pod),
    });
  }

  async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.sets.get(namespace, name);
    if (!cached) {
      this.pending.forget(key);
      return;
    }
    // Never modify the cache's objects: the sync works on a copy.
    const set = structuredClone(cached);
    const matcher = selectorMatcher(set.spec.selector);
    // A selector that cannot be converted will not get better by retrying.
    if (!matcher || selectsEverything(set.spec.selector)) return;
    if (!this.pending.satisfied(key)) return;
    const { client, clock } = this.context;

    const revisionCandidates = [
      ...this.revisions.byIndex(controllerUidIndex, set.metadata.uid ?? ''),
      ...this.revisions.byIndex(orphanNamespaceIndex, namespace ?? ''),
    ];
    const claimedRevisions = await claimObjects(revisionCandidates, {
      client,
      owner: set,
      ownerInfo: statefulsets,
      info: controllerrevisions,
      match: (r) => matcher(r.metadata.labels),
    });
    if (claimedRevisions.error !== undefined) throw claimedRevisions.error;
    const podCandidates = [
      ...this.pods.byIndex(controllerUidIndex, set.metadata.uid ?? ''),
      ...this.pods.byIndex(orphanNamespaceIndex, namespace ?? ''),
    ];
    const claimedPods = await claimObjects(podCandidates, {
      client,
      owner: set,
      ownerInfo: statefulsets,
      info: podsResource,
      match: (pod) => matcher(pod.metadata.labels) && isMemberOf(set, pod),
    });
    if (claimedPods.error !== undefined) throw claimedPods.error;
    const pods = claimedPods.claimed;

    const revisions = sortRevisions([...claimedRevisions.claimed]);
    const { current, update, collisionCount } = await setRevisions(client, set, revisions);
    const result = await updateStatefulSet(
      { control: this.control, events: this.context.events, now: clock.now() },
      set,
      current,
      update,
      collisionCount,
      pods,
    );
    let statusError: unknown;
    try {
      await this.writeStatus(set, result.status);
    } catch (err) {
      statusError = err;
    }
    await truncateHistory(client, set, pods, revisions, current, update);
    if (result.error !== undefined) throw result.error;
    if (statusError !== undefined) throw statusError;
    const minReadySeconds = set.spec.minReadySeconds ?? 0;
    if (minReadySeconds > 0 && (result.status.availableReplicas ?? 0) !== (set.spec.replicas ?? 1))
      this.context.queue.addAfter(key, minReadySeconds * secondMs);
  }

  /**
   * updateStatefulSetStatus: completes a rolling update that has reached every pod, and
   * writes the status when it differs, retrying once on a fresh copy after a conflict.
   */
  private async writeStatus(set: StatefulSet, computed: StatefulSetStatus): Promise<void> {
    const status = { ...computed };
    if (
      set.spec.updateStrategy?.type === 'RollingUpdate' &&
      status.updatedReplicas === status.replicas &&
      status.readyReplicas === status.replicas
    ) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    if (!statusChanged(set, status)) return;
    const wire = wireStatus(status);
    const { client } = this.context;
    try {
      await client.updateStatus<StatefulSet>(statefulsets, { ...set, status: wire });
    } catch (err) {
      if (isNotFound(err)) return;
      const fresh = await client.get<StatefulSet>(
        statefulsets,
        set.metadata.namespace,
        set.metadata.name ?? '',
      );
      await client.updateStatus<StatefulSet>(statefulsets, { ...fresh, status: wire });
    }
  }

  private enqueue(set: StatefulSet): void {
    this.context.queue.add(objectKey(set));
  }

  /** The set a controller reference points to, if it is cached with that uid. */
  private resolve(namespace: string | undefined, ref: OwnerReference): StatefulSet | undefined {
    if (ref.kind !== statefulsets.kind || ref.apiVersion.split('/')[0] !== statefulsets.group)
      return undefined;
    const set = this.sets.get(namespace, ref.name);
    return set?.metadata.uid === ref.uid ? set : undefined;
  }

  /** getPodStatefulSets: sets whose selector matches an orphan pod, to adopt it. */
  private enqueueSelecting(pod: Pod): void {
    for (const set of this.sets.byIndex(namespaceIndex, pod.metadata.namespace ?? '')) {
      if (selectsEverything(set.spec.selector)) continue;
      if (selectorMatcher(set.spec.selector)?.(pod.metadata.labels)) this.enqueue(set);
    }
  }

  private podAdded(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    const ref = controllerRefOf(pod);
    if (ref) {
      const set = this.resolve(pod.metadata.namespace, ref);
      if (!set) return;
      this.pending.observed(objectKey(set), pod, false);
      this.enqueue(set);
      return;
    }
    this.enqueueSelecting(pod);
  }

  private podUpdated(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerRefOf(cur);
    const oldRef = controllerRefOf(old);
    const refChanged = !jsonEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const set = this.resolve(old.metadata.namespace, oldRef);
      if (set) this.enqueue(set);
    }
    if (curRef) {
      const set = this.resolve(cur.metadata.namespace, curRef);
      if (!set) return;
      this.pending.observed(objectKey(set), cur, false);
      this.enqueue(set);
      const minReadySeconds = set.spec.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0)
        this.context.queue.addAfter(objectKey(set), minReadySeconds * secondMs);
      return;
    }
    const labelsChanged = !jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
    if (labelsChanged || refChanged) this.enqueueSelecting(cur);
  }

  private podDeleted(pod: Pod): void {
    const ref = controllerRefOf(pod);
    if (!ref) return;
    const set = this.resolve(pod.metadata.namespace, ref);
    if (!set) return;
    this.pending.observed(objectKey(set), pod, true);
    this.enqueue(set);
  }
}
