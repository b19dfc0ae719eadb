import { jsonEqual } from '../util/json-value.ts';
import { deployments, pods as podsResource, replicasets } from '../api/resources.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { Deployment, ReplicaSet } from '../types/apps.ts';
import type { Pod } from '../types/core.ts';
import type { OwnerReference } from '../types/meta.ts';
import type { Controller, ControllerContext } from './controller.ts';
import { updateDeploymentStatus, type DeploymentSync } from './deployment/deployment-sync.ts';
import { checkPausedConditions } from './deployment/paused-conditions.ts';
import { rolloutRecreate } from './deployment/rollout-recreate.ts';
import { rolloutRolling } from './deployment/rollout-rolling.ts';
import { syncDeploymentStatus } from './deployment/rollout-status.ts';
import { isScalingEvent, syncScaling } from './deployment/scale-deployment.ts';
import { replicaSetsAndSyncRevision } from './deployment/new-replica-set.ts';
import { claimObjects, controllerRefOf } from './util/controller-ref.ts';
import { selectorMatcher, selectsEverything, type LabelMatcher } from './util/selector-matcher.ts';
import { addWorkloadIndexes, controllerUidIndex, namespaceIndex } from './util/workload-indexes.ts';

/**
 * The Deployment controller (`deployment-controller`): rolls each Deployment's pod template
 * out through ReplicaSets named `<deployment>-<pod-template-hash>`. It claims ReplicaSets by
 * selector, finds or creates the one for the current template (a rollback reuses an old one
 * and moves the revision to it), scales new and old sets by the RollingUpdate budget
 * (maxSurge/maxUnavailable) or Recreate, resizes proportionally on scaling events, holds still
 * while paused, deletes old sets beyond revisionHistoryLimit, and reports status with the
 * `Available` and `Progressing` conditions, including ProgressDeadlineExceeded in cluster time.
 */
export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  readonly workers = 5;
  private context!: ControllerContext;
  private deployments!: Informer<Deployment>;
  private replicaSets!: Informer<ReplicaSet>;
  private pods!: Informer<Pod>;

  setup(context: ControllerContext): void {
    this.context = context;
    this.deployments = context.informers.for<Deployment>(deployments);
    this.replicaSets = context.informers.for<ReplicaSet>(replicasets);
    this.pods = context.informers.for<Pod>(podsResource);
    addWorkloadIndexes(this.deployments);
    addWorkloadIndexes(this.replicaSets);
    addWorkloadIndexes(this.pods);
    this.deployments.addEventHandler({
      add: (d) => this.enqueue(d),
      update: (_old, cur) => this.enqueue(cur),
      delete: (d) => this.enqueue(d),
    });
    this.replicaSets.addEventHandler({
      add: (rs) => this.replicaSetAdded(rs),
      update: (old, cur) => this.replicaSetUpdated(old, cur),
      delete: (rs) => this.replicaSetDeleted(rs),
    });
    this.pods.addEventHandler({ delete: (pod) => this.podDeleted(pod) });
  }

  async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.deployments.get(namespace, name);
    if (!cached) return;
    // Never modify the cache's objects: the sync works on a copy.
    const d = structuredClone(cached);
    const { client, events, clock, queue } = this.context;
    const sync: DeploymentSync = {
      client,
      events,
      clock,
      queue,
      replicaSets: this.replicaSets,
      key,
    };

    if (selectsEverything(d.spec.selector)) {
      void events.record(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      const generation = d.metadata.generation ?? 0;
      if ((d.status?.observedGeneration ?? 0) < generation) {
        d.status = { ...d.status, observedGeneration: generation };
        await updateDeploymentStatus(sync, d);
      }
      return;
    }
    const matcher = selectorMatcher(d.spec.selector);
    if (!matcher) return;

    const rsList = await this.claimReplicaSets(d, matcher);
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await replicaSetsAndSyncRevision(sync, d, rsList, false);
      await syncDeploymentStatus(sync, [...oldRSs, newRS], newRS, d);
      return;
    }
    await checkPausedConditions(sync, d);
    if (d.spec.paused || (await isScalingEvent(sync, d, rsList))) {
      await syncScaling(sync, d, rsList);
      return;
    }
    if (d.spec.strategy?.type === 'Recreate') {
      await rolloutRecreate(sync, d, rsList, this.podsByReplicaSet(d, matcher, rsList));
    } else {
      await rolloutRolling(sync, d, rsList);
    }
  }

  /** The ReplicaSets the Deployment controls after adopting orphans and releasing strays. */
  private async claimReplicaSets(d: Deployment, matcher: LabelMatcher): Promise<ReplicaSet[]> {
    const candidates = this.replicaSets.byIndex(namespaceIndex, d.metadata.namespace ?? '');
    const { claimed, error } = await claimObjects(candidates, {
      client: this.context.client,
      owner: d,
      ownerInfo: deployments,
      info: replicasets,
      match: (rs) => matcher(rs.metadata.labels),
    });
    if (error !== undefined) throw error;
    return claimed;
  }

  /** The Deployment's pods grouped by the uid of the ReplicaSet that controls them. */
  private podsByReplicaSet(
    d: Deployment,
    matcher: LabelMatcher,
    rsList: readonly ReplicaSet[],
  ): Map<string, Pod[]> {
    const byUid = new Map<string, Pod[]>();
    for (const rs of rsList) {
      const uid = rs.metadata.uid ?? '';
      const owned = this.pods
        .byIndex(controllerUidIndex, uid)
        .filter(
          (pod) => pod.metadata.namespace === d.metadata.namespace && matcher(pod.metadata.labels),
        );
      byUid.set(uid, owned);
    }
    return byUid;
  }

  private enqueue(d: Deployment): void {
    this.context.queue.add(objectKey(d));
  }

  /** The Deployment a controller reference points to, if it is cached with that uid. */
  private resolve(namespace: string | undefined, ref: OwnerReference): Deployment | undefined {
    if (ref.kind !== deployments.kind || ref.apiVersion.split('/')[0] !== deployments.group) {
      return undefined;
    }
    const d = this.deployments.get(namespace, ref.name);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  /** Deployments whose selector matches an orphan ReplicaSet: candidates to adopt it. */
  private enqueueSelecting(rs: ReplicaSet): void {
    for (const d of this.deployments.byIndex(namespaceIndex, rs.metadata.namespace ?? '')) {
      if (selectsEverything(d.spec.selector)) continue;
      if (selectorMatcher(d.spec.selector)?.(rs.metadata.labels)) this.enqueue(d);
    }
  }

  private replicaSetAdded(rs: ReplicaSet): void {
    if (rs.metadata.deletionTimestamp) {
      this.replicaSetDeleted(rs);
      return;
    }
    const ref = controllerRefOf(rs);
    if (ref) {
      const d = this.resolve(rs.metadata.namespace, ref);
      if (d) this.enqueue(d);
      return;
    }
    this.enqueueSelecting(rs);
  }

  private replicaSetUpdated(old: ReplicaSet, cur: ReplicaSet): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerRefOf(cur);
    const oldRef = controllerRefOf(old);
    const refChanged = !jsonEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const d = this.resolve(old.metadata.namespace, oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolve(cur.metadata.namespace, curRef);
      if (d) this.enqueue(d);
      return;
    }
    const labelsChanged = !jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
    if (labelsChanged || refChanged) this.enqueueSelecting(cur);
  }

  private replicaSetDeleted(rs: ReplicaSet): void {
    const ref = controllerRefOf(rs);
    if (!ref) return;
    const d = this.resolve(rs.metadata.namespace, ref);
    if (d) this.enqueue(d);
  }

  /** A Recreate rollout waits for old pods to be gone; each pod deletion may end that wait. */
  private podDeleted(pod: Pod): void {
    const rsRef = controllerRefOf(pod);
    if (!rsRef || rsRef.kind !== replicasets.kind) return;
    const rs = this.replicaSets.get(pod.metadata.namespace, rsRef.name);
    if (!rs || rs.metadata.uid !== rsRef.uid) return;
    const ref = controllerRefOf(rs);
    const d = ref && this.resolve(rs.metadata.namespace, ref);
    if (d && d.spec.strategy?.type === 'Recreate') this.enqueue(d);
  }
}
