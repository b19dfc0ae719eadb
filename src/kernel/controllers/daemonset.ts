import { isNotFound, type StatusError } from '../api/errors.ts';
import {
  controllerrevisions,
  daemonsets,
  nodes as nodesResource,
  pods as podsResource,
} from '../api/resources.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { Node, Pod } from '../types/core.ts';
import type { DaemonSet, DaemonSetStatus } from '../types/daemonset.ts';
import type { OwnerReference } from '../types/meta.ts';
import type { ControllerRevision } from '../types/statefulset.ts';
import { jsonEqual } from '../util/json-value.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import {
  byCreationAndPhase,
  controllerRevisionHashLabel,
  daemonPodTemplate,
  targetNodeName,
  withNodeNameAffinity,
} from './daemonset/daemon-pod-template.ts';
import { daemonSetCounts } from './daemonset/daemonset-status.ts';
import { FailedPodsBackoff } from './daemonset/failed-pods-backoff.ts';
import { cleanupHistory, constructHistory } from './daemonset/history.ts';
import { nodeShouldRunDaemonPod } from './daemonset/node-should-run.ts';
import { allowsSurge, rollingUpdatePlan } from './daemonset/rolling-update.ts';
import { ControllerExpectations } from './util/controller-expectations.ts';
import { claimObjects, controllerRefOf, newControllerRef } from './util/controller-ref.ts';
import { podFromTemplate } from './util/pod-from-template.ts';
import { isPodAvailable, isPodReady, secondMs } from './util/pod-readiness.ts';
import { selectorMatcher, selectsEverything } from './util/selector-matcher.ts';
import { slowStartBatch } from './util/slow-start-batch.ts';
import {
  addWorkloadIndexes,
  controllerUidIndex,
  namespaceIndex,
  orphanNamespaceIndex,
} from './util/workload-indexes.ts';

/** Most pods one sync creates or deletes (kube-controller-manager's burstReplicas). */
const burstReplicas = 250;

function inTerminatingNamespace(err: unknown): boolean {
  const causes = (err as Partial<StatusError>)?.status?.details?.causes ?? [];
  return causes.some((c) => c.reason === 'NamespaceTerminating');
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const isTerminal = (pod: Pod) =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/**
 * The DaemonSet controller (`daemonset-controller`): one daemon pod on every node that should
 * run it — the template's node selector and required node affinity match the node, and the pod
 * (with the daemon tolerations) tolerates the node's NoSchedule/NoExecute taints — including
 * nodes that join later. Pods are created unbound with a `metadata.name` node affinity, so the
 * default scheduler places them; pods on nodes that no longer qualify, extra pods and failed
 * pods (with back-off) are deleted. Each template is recorded as a ControllerRevision, whose
 * hash labels the pods; RollingUpdate replaces out-of-date pods within maxUnavailable (or
 * next to them within maxSurge). Status counts go through `/status`.
 */
export class DaemonSetController implements Controller {
  readonly name = 'daemonset-controller';
  readonly workers = 2;
  private context!: ControllerContext;
  private daemonSets!: Informer<DaemonSet>;
  private pods!: Informer<Pod>;
  private nodes!: Informer<Node>;
  private revisions!: Informer<ControllerRevision>;
  private expectations!: ControllerExpectations;
  private readonly failedPodsBackoff = new FailedPodsBackoff();

  setup(context: ControllerContext): void {
    this.context = context;
    this.expectations = new ControllerExpectations(context.clock);
    this.daemonSets = context.informers.for<DaemonSet>(daemonsets);
    this.pods = context.informers.for<Pod>(podsResource);
    this.nodes = context.informers.for<Node>(nodesResource);
    this.revisions = context.informers.for<ControllerRevision>(controllerrevisions);
    addWorkloadIndexes(this.daemonSets);
    addWorkloadIndexes(this.pods);
    addWorkloadIndexes(this.revisions);
    this.daemonSets.addEventHandler({
      add: (ds) => this.enqueue(ds),
      update: (old, cur) => {
        if (old.metadata.uid !== cur.metadata.uid) this.expectations.delete(objectKey(old));
        this.enqueue(cur);
      },
      delete: (ds) => {
        this.expectations.delete(objectKey(ds));
        this.enqueue(ds);
      },
    });
    this.pods.addEventHandler({
      add: (pod) => this.podAdded(pod),
      update: (old, cur) => this.podUpdated(old, cur),
      delete: (pod) => this.podDeleted(pod),
    });
    this.nodes.addEventHandler({
      add: (node) => {
        for (const ds of this.daemonSets.list()) {
          if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.enqueue(ds);
        }
      },
      update: (old, cur) => {
        for (const ds of this.daemonSets.list()) {
          if (!jsonEqual(nodeShouldRunDaemonPod(old, ds), nodeShouldRunDaemonPod(cur, ds))) {
            this.enqueue(ds);
          }
        }
      },
    });
    const revisionChanged = (revision: ControllerRevision) => {
      const ref = controllerRefOf(revision);
      const ds = ref && this.resolve(revision.metadata.namespace, ref);
      if (ds) this.enqueue(ds);
      else if (!ref) this.enqueueSelecting(revision.metadata.namespace, revision.metadata.labels);
    };
    this.revisions.addEventHandler({
      add: revisionChanged,
      update: (_, cur) => revisionChanged(cur),
      delete: revisionChanged,
    });
  }

  /** syncDaemonSet. */
  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const ds = this.daemonSets.get(namespace, name);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const nodeList = this.nodes.list();
    if (jsonEqual(ds.spec.selector ?? null, {})) {
      void this.context.events.record(
        ds,
        'Warning',
        'SelectingAll',
        'This daemon set is selecting all pods. A non-empty selector is required.',
      );
      return;
    }
    // Revisions of a DaemonSet being deleted may be gone already: its status cannot be trusted.
    if (ds.metadata.deletionTimestamp) return;
    const claimed = await this.daemonPods(ds);
    const { current, old } = await constructHistory(
      this.context.client,
      ds,
      await this.controlledRevisions(ds),
      claimed,
    );
    const hash = current.metadata.labels?.[controllerRevisionHashLabel] ?? '';
    if (!this.expectations.satisfied(key)) {
      return this.updateStatus(ds, nodeList, hash, false);
    }
    let syncError: unknown;
    let requeue: number | undefined;
    try {
      requeue = await this.manage(key, ds, nodeList, hash, claimed);
      const rolling = (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
      if (this.expectations.satisfied(key) && rolling) {
        const plan = rollingUpdatePlan(
          ds,
          new Map(nodeList.map((n) => [n.metadata.name ?? '', n])),
          this.nodeToDaemonPods(
            this.ownedPods(ds),
            false,
            (node) => nodeShouldRunDaemonPod(node, ds).shouldRun,
            nodeList,
          ),
          hash,
          this.context.clock.now(),
        );
        await this.syncNodes(key, ds, plan.podsToDelete, plan.nodesToCreate, hash);
      }
      await cleanupHistory(this.context.client, ds, old, this.ownedPods(ds)).catch((err) => {
        throw new Error(`failed to clean up revisions of DaemonSet: ${messageOf(err)}`);
      });
    } catch (err) {
      syncError = err;
    }
    const result = await this.updateStatus(ds, nodeList, hash, true);
    if (syncError !== undefined) throw syncError;
    const after = result?.requeueAfter;
    if (requeue === undefined) return result;
    return { requeueAfter: after === undefined ? requeue : Math.min(after, requeue) };
  }

  /**
   * The pods the DaemonSet controls and still selects, as the cache shows them now: the view
   * after this sync's claim (claiming again could adopt an orphan twice from a stale cache).
   */
  private ownedPods(ds: DaemonSet): Pod[] {
    const matcher = selectorMatcher(ds.spec.selector);
    if (!matcher) return [];
    return this.pods
      .byIndex(controllerUidIndex, ds.metadata.uid ?? '')
      .filter((pod) => matcher(pod.metadata.labels));
  }

  /** getDaemonPods: the pods the DaemonSet controls after adopting matching orphans. */
  private async daemonPods(ds: DaemonSet): Promise<Pod[]> {
    const matcher = selectorMatcher(ds.spec.selector);
    if (!matcher) return [];
    const candidates = [
      ...this.pods.byIndex(controllerUidIndex, ds.metadata.uid ?? ''),
      ...this.pods.byIndex(orphanNamespaceIndex, ds.metadata.namespace ?? ''),
    ];
    const { claimed, error } = await claimObjects(candidates, {
      client: this.context.client,
      owner: ds,
      ownerInfo: daemonsets,
      info: podsResource,
      match: (pod) => matcher(pod.metadata.labels),
    });
    if (error !== undefined) throw error;
    return claimed;
  }

  /** controlledHistories: the revisions the DaemonSet controls after adopting matching orphans. */
  private async controlledRevisions(ds: DaemonSet): Promise<ControllerRevision[]> {
    const matcher = selectorMatcher(ds.spec.selector);
    if (!matcher) return [];
    const candidates = [
      ...this.revisions.byIndex(controllerUidIndex, ds.metadata.uid ?? ''),
      ...this.revisions.byIndex(orphanNamespaceIndex, ds.metadata.namespace ?? ''),
    ];
    const { claimed, error } = await claimObjects(candidates, {
      client: this.context.client,
      owner: ds,
      ownerInfo: daemonsets,
      info: controllerrevisions,
      match: (revision) => matcher(revision.metadata.labels),
    });
    if (error !== undefined) throw error;
    return claimed;
  }

  /**
   * getNodesToDaemonPods: the DaemonSet's pods by the node they are for; finished pods being
   * deleted are left out unless `includeDeletedTerminal`. With `wanted`, the nodes of
   * `nodeList` it accepts come first, listed even without pods (updatedDesiredNodeCounts).
   */
  private nodeToDaemonPods(
    pods: readonly Pod[],
    includeDeletedTerminal: boolean,
    wanted?: (node: Node) => boolean,
    nodeList: readonly Node[] = [],
  ): Map<string, Pod[]> {
    const byNode = new Map<string, Pod[]>();
    if (wanted) {
      for (const node of nodeList) if (wanted(node)) byNode.set(node.metadata.name ?? '', []);
    }
    for (const pod of pods) {
      if (!includeDeletedTerminal && isTerminal(pod) && pod.metadata.deletionTimestamp) continue;
      const node = targetNodeName(pod);
      if (node === undefined) continue;
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    return byNode;
  }

  /**
   * manage: on each node, creates the missing daemon pod, deletes pods that should not be
   * there, failed pods (each node backing off on repeated failures) and extra pods, and pods
   * pending for nodes that are gone. Returns when to look again for a node in back-off.
   */
  private async manage(
    key: string,
    ds: DaemonSet,
    nodeList: readonly Node[],
    hash: string,
    claimed: readonly Pod[],
  ): Promise<number | undefined> {
    const { clock, events } = this.context;
    const byNode = this.nodeToDaemonPods(claimed, false);
    const nodesNeedingPods: string[] = [];
    const podsToDelete: string[] = [];
    let requeue: number | undefined;
    const now = clock.now();
    for (const node of nodeList) {
      const nodeName = node.metadata.name ?? '';
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
      const daemonPods = byNode.get(nodeName);
      if (shouldRun && !daemonPods) {
        nodesNeedingPods.push(nodeName);
        continue;
      }
      if (!shouldContinueRunning) {
        for (const pod of daemonPods ?? []) {
          if (!pod.metadata.deletionTimestamp) podsToDelete.push(pod.metadata.name ?? '');
        }
        continue;
      }
      const running: Pod[] = [];
      for (const pod of daemonPods ?? []) {
        if (pod.metadata.deletionTimestamp) continue;
        if (pod.status?.phase === 'Failed') {
          // Daemon pods the kubelet refuses fail again at once: back off per node.
          const backoffKey = `${ds.metadata.uid}/${ds.metadata.generation ?? 0}/${nodeName}`;
          if (this.failedPodsBackoff.inBackoff(backoffKey, now)) {
            const delay = this.failedPodsBackoff.delay(backoffKey);
            requeue = requeue === undefined ? delay : Math.min(requeue, delay);
            continue;
          }
          this.failedPodsBackoff.next(backoffKey, now);
          void events.record(
            ds,
            'Warning',
            'FailedDaemonPod',
            `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to kill it`,
          );
          podsToDelete.push(pod.metadata.name ?? '');
        } else if (pod.status?.phase === 'Succeeded') {
          void events.record(
            ds,
            'Warning',
            'SucceededDaemonPod',
            `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to delete it`,
          );
          podsToDelete.push(pod.metadata.name ?? '');
        } else {
          running.push(pod);
        }
      }
      running.sort(byCreationAndPhase);
      if (!allowsSurge(ds)) {
        // One pod per node: all but the oldest go.
        for (const pod of running.slice(1)) podsToDelete.push(pod.metadata.name ?? '');
        continue;
      }
      if (running.length <= 1) {
        if (running.length === 0 && shouldRun) nodesNeedingPods.push(nodeName);
        continue;
      }
      // Surging: an old ready pod may stay next to the oldest new one until that is available.
      let oldestNew: Pod | undefined;
      let oldestOld: Pod | undefined;
      for (const pod of running) {
        const isNew = pod.metadata.labels?.[controllerRevisionHashLabel] === hash;
        if (isNew && !oldestNew) oldestNew = pod;
        else if (!isNew && !oldestOld) oldestOld = pod;
        else podsToDelete.push(pod.metadata.name ?? '');
      }
      if (oldestNew && oldestOld) {
        const minReady = ds.spec.minReadySeconds ?? 0;
        if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, now)) {
          podsToDelete.push(oldestOld.metadata.name ?? '');
        }
      }
    }
    // getUnscheduledPodsWithoutNode: unbound pods for nodes that no longer exist.
    const existing = new Set(nodeList.map((n) => n.metadata.name ?? ''));
    for (const [nodeName, pods] of byNode) {
      if (existing.has(nodeName)) continue;
      for (const pod of pods) if (!pod.spec.nodeName) podsToDelete.push(pod.metadata.name ?? '');
    }
    await this.syncNodes(key, ds, podsToDelete, nodesNeedingPods, hash);
    return requeue;
  }

  /**
   * syncNodes: deletes `podsToDelete` and creates a pod for each of `nodesNeedingPods` (at most
   * burstReplicas of each), creations in slow-start batches, with expectations set first so the
   * watch's view of them is awaited before the next sync acts.
   */
  private async syncNodes(
    key: string,
    ds: DaemonSet,
    podsToDelete: readonly string[],
    nodesNeedingPods: readonly string[],
    hash: string,
  ): Promise<void> {
    const createCount = Math.min(nodesNeedingPods.length, burstReplicas);
    const deletions = podsToDelete.slice(0, burstReplicas);
    const namespace = ds.metadata.namespace ?? 'default';
    this.expectations.expectCreationsAndDeletions(
      key,
      createCount,
      deletions.map((name) => `${namespace}/${name}`),
    );
    const template = daemonPodTemplate(ds, hash);
    let next = 0;
    const { successes, error } = await slowStartBatch(createCount, 1, () =>
      this.createPod(ds, template, nodesNeedingPods[next++]),
    );
    for (let i = successes; i < createCount; i++) this.expectations.creationObserved(key);
    const results = await Promise.allSettled(deletions.map((name) => this.deletePod(ds, name)));
    let firstError = error;
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      this.expectations.deletionObserved(key, `${namespace}/${deletions[i]}`);
      if (!isNotFound(result.reason)) firstError ??= result.reason;
    });
    if (firstError !== undefined) throw firstError;
  }

  private async createPod(
    ds: DaemonSet,
    template: ReturnType<typeof daemonPodTemplate>,
    nodeName: string,
  ): Promise<void> {
    const { client, events } = this.context;
    const namespace = ds.metadata.namespace ?? 'default';
    const forNode = structuredClone(template);
    forNode.spec.affinity = withNodeNameAffinity(forNode.spec.affinity, nodeName);
    const ref: OwnerReference = newControllerRef(ds, daemonsets);
    const pod = podFromTemplate(forNode, namespace, `${ds.metadata.name}-`, ref);
    try {
      const created = await client.create<Pod>(podsResource, namespace, pod);
      void events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      if (inTerminatingNamespace(err)) return;
      void events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
  }

  private async deletePod(ds: DaemonSet, name: string): Promise<void> {
    const { client, events } = this.context;
    try {
      await client.delete(podsResource, ds.metadata.namespace, name);
      void events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (err) {
      if (!isNotFound(err)) {
        void events.record(ds, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
      }
      throw err;
    }
  }

  /**
   * updateDaemonSetStatus: writes the counts (and the generation, when this sync acted on it)
   * unless they are already there; looks again after minReadySeconds while ready pods are not
   * yet available.
   */
  private async updateStatus(
    ds: DaemonSet,
    nodeList: readonly Node[],
    hash: string,
    observeGeneration: boolean,
  ): Promise<ReconcileResult | void> {
    const byNode = this.nodeToDaemonPods(this.ownedPods(ds), false);
    const counts = daemonSetCounts(ds, nodeList, byNode, hash, this.context.clock.now());
    const current = ds.status;
    const same =
      current !== undefined &&
      current.desiredNumberScheduled === counts.desiredNumberScheduled &&
      current.currentNumberScheduled === counts.currentNumberScheduled &&
      current.numberMisscheduled === counts.numberMisscheduled &&
      current.numberReady === counts.numberReady &&
      (current.updatedNumberScheduled ?? 0) === counts.updatedNumberScheduled &&
      (current.numberAvailable ?? 0) === counts.numberAvailable &&
      (current.numberUnavailable ?? 0) === counts.numberUnavailable &&
      (current.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0);
    if (!same) await this.writeStatus(ds, counts, observeGeneration);
    const minReadySeconds = ds.spec.minReadySeconds ?? 0;
    if (minReadySeconds > 0 && counts.numberReady !== counts.numberAvailable) {
      return { requeueAfter: minReadySeconds * secondMs };
    }
  }

  /** storeDaemonSetStatus: the status write, read again and retried once on a failure. */
  private async writeStatus(
    ds: DaemonSet,
    counts: ReturnType<typeof daemonSetCounts>,
    observeGeneration: boolean,
  ): Promise<void> {
    const { client } = this.context;
    const build = (base: DaemonSet): DaemonSet => {
      const status: DaemonSetStatus = { ...base.status, ...counts };
      if (observeGeneration) status.observedGeneration = ds.metadata.generation;
      // The optional counts are omitted at 0, as apps/v1 serializes them.
      for (const field of [
        'updatedNumberScheduled',
        'numberAvailable',
        'numberUnavailable',
      ] as const) {
        if (!status[field]) delete status[field];
      }
      return { ...base, status };
    };
    try {
      await client.updateStatus<DaemonSet>(daemonsets, build(ds));
    } catch (err) {
      if (isNotFound(err)) return;
      const fresh = await client.get<DaemonSet>(
        daemonsets,
        ds.metadata.namespace,
        ds.metadata.name ?? '',
      );
      await client.updateStatus<DaemonSet>(daemonsets, build(fresh));
    }
  }

  private enqueue(ds: DaemonSet): void {
    this.context.queue.add(objectKey(ds));
  }

  /** The DaemonSet a controller reference points to, if cached with that uid. */
  private resolve(namespace: string | undefined, ref: OwnerReference): DaemonSet | undefined {
    if (ref.kind !== daemonsets.kind || ref.apiVersion.split('/')[0] !== daemonsets.group) {
      return undefined;
    }
    const ds = this.daemonSets.get(namespace, ref.name);
    return ds?.metadata.uid === ref.uid ? ds : undefined;
  }

  /** DaemonSets of the namespace whose (non-empty) selector matches these labels. */
  private enqueueSelecting(
    namespace: string | undefined,
    labels: Record<string, string> | undefined,
  ) {
    for (const ds of this.daemonSets.byIndex(namespaceIndex, namespace ?? '')) {
      const matcher = selectorMatcher(ds.spec.selector);
      if (matcher && !selectsEverything(ds.spec.selector) && matcher(labels)) this.enqueue(ds);
    }
  }

  private podAdded(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    const ref = controllerRefOf(pod);
    if (ref) {
      const ds = this.resolve(pod.metadata.namespace, ref);
      if (!ds) return;
      this.expectations.creationObserved(objectKey(ds));
      this.enqueue(ds);
      return;
    }
    this.enqueueSelecting(pod.metadata.namespace, pod.metadata.labels);
  }

  private podUpdated(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerRefOf(cur);
    const oldRef = controllerRefOf(old);
    const refChanged = !jsonEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const ds = this.resolve(old.metadata.namespace, oldRef);
      if (ds) this.enqueue(ds);
    }
    if (curRef) {
      const ds = this.resolve(cur.metadata.namespace, curRef);
      if (!ds) return;
      this.enqueue(ds);
      const minReadySeconds = ds.spec.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) {
        this.context.queue.addAfter(objectKey(ds), (minReadySeconds + 1) * secondMs);
      }
      return;
    }
    const labelsChanged = !jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
    if (labelsChanged || refChanged)
      this.enqueueSelecting(cur.metadata.namespace, cur.metadata.labels);
  }

  private podDeleted(pod: Pod): void {
    const ref = controllerRefOf(pod);
    if (!ref) return;
    const ds = this.resolve(pod.metadata.namespace, ref);
    if (!ds) return;
    const key = objectKey(ds);
    this.expectations.deletionObserved(key, `${pod.metadata.namespace}/${pod.metadata.name}`);
    this.enqueue(ds);
  }
}
