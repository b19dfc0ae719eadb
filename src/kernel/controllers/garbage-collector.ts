import { isConflict, isNotFound } from '../api/errors.ts';
import { groupVersion, type ResourceInfo } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import type { Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { DeletionPropagation, KubeObject, OwnerReference } from '../types/meta.ts';
import type { Controller, ControllerContext } from './controller.ts';
import {
  foregroundFinalizer,
  formatOwnerRef,
  gcKey,
  hasFinalizer,
  isDeletingDependents,
  monitoredResources,
  orphanFinalizer,
  ownerResource,
  parseGcKey,
  referenceTo,
} from './gc/owner-refs.ts';

const ownerUidIndex = 'garbage-collector/owner-uid';
const uidIndex = 'garbage-collector/uid';
/** Attempts at a metadata patch that keeps losing the race with other writers before requeueing. */
const patchAttempts = 5;

interface Dependent {
  info: ResourceInfo;
  object: KubeObject;
}

/**
 * The garbage collector (kube-controller-manager's garbage-collector-controller): follows
 * ownerReferences across every watched resource. A dependent whose owners are all verified
 * gone (by a live read, matching uid) is deleted; an owner deleted in the Foreground has its
 * dependents deleted and loses its `foregroundDeletion` finalizer once no dependent blocks it;
 * an owner deleted with Orphan has the references to it removed from its dependents, then
 * loses its `orphan` finalizer. References to kinds the cluster does not serve are left alone.
 */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector-controller';
  readonly workers = 4;
  private client!: Client;
  private queue!: WorkQueue;
  private events!: EventRecorder;
  private readonly informers = new Map<ResourceInfo, Informer>();

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.queue = context.queue;
    this.events = context.events;
    for (const info of monitoredResources()) {
      const informer = context.informers.for(info);
      informer.addIndex(ownerUidIndex, (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
      informer.addIndex(uidIndex, (o) => (o.metadata.uid ? [o.metadata.uid] : []));
      informer.addEventHandler({
        add: (object) => this.observed(info, undefined, object),
        update: (old, object) => this.observed(info, old, object),
        delete: (object) => this.removed(object),
      });
      this.informers.set(info, informer);
    }
  }

  async reconcile(key: string): Promise<void> {
    const parsed = parseGcKey(key);
    if (!parsed) return;
    const { info, namespace, name } = parsed;
    let object: KubeObject;
    try {
      object = await this.client.get(info, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (object.metadata.deletionTimestamp) {
      if (hasFinalizer(object, orphanFinalizer)) await this.orphanDependents(key, info, object);
      else if (hasFinalizer(object, foregroundFinalizer))
        await this.deleteDependents(key, info, object);
      // Anything else being deleted waits for its grace period or other finalizers, not for us.
      return;
    }
    await this.collectIfOwnersGone(key, info, object);
  }

  /** Queues what an add or update may have made collectable. */
  private observed(info: ResourceInfo, old: KubeObject | undefined, object: KubeObject): void {
    const key = gcKey(info, object);
    if (
      object.metadata.deletionTimestamp &&
      (hasFinalizer(object, orphanFinalizer) || hasFinalizer(object, foregroundFinalizer))
    ) {
      this.queue.add(key);
    }
    const refs = object.metadata.ownerReferences ?? [];
    const oldRefs = old?.metadata.ownerReferences ?? [];
    if (
      refs.length > 0 &&
      !sameRefs(refs, oldRefs) &&
      refs.some((r) => this.ownerNeedsCheck(object, r))
    ) {
      this.queue.add(key);
    }
    // An owner waiting in the foreground may be released by a reference that went or stopped blocking.
    for (const ref of oldRefs) {
      if (!ref.blockOwnerDeletion) continue;
      const now = refs.find((r) => r.uid === ref.uid);
      if (!now?.blockOwnerDeletion) this.queueOwnerIfWaiting(ref);
    }
  }

  /** Queues the dependents of a removed object, and an owner that was waiting for it. */
  private removed(object: KubeObject): void {
    const uid = object.metadata.uid;
    if (uid) for (const d of this.dependentsOf(uid)) this.queue.add(gcKey(d.info, d.object));
    for (const ref of object.metadata.ownerReferences ?? []) this.queueOwnerIfWaiting(ref);
  }

  /** True unless the cache holds the owner, matching the reference, alive and in the right place. */
  private ownerNeedsCheck(dependent: KubeObject, ref: OwnerReference): boolean {
    const info = ownerResource(ref);
    if (!info) return false;
    const owner = this.cachedOwner(ref);
    if (!owner) return true;
    if (owner.metadata.name !== ref.name) return true;
    if (info.namespaced && owner.metadata.namespace !== dependent.metadata.namespace) return true;
    return isDeletingDependents(owner);
  }

  private queueOwnerIfWaiting(ref: OwnerReference): void {
    const info = ownerResource(ref);
    const owner = this.cachedOwner(ref);
    if (info && owner && isDeletingDependents(owner)) this.queue.add(gcKey(info, owner));
  }

  private cachedOwner(ref: OwnerReference): KubeObject | undefined {
    const info = ownerResource(ref);
    return info ? this.informers.get(info)?.byIndex(uidIndex, ref.uid)[0] : undefined;
  }

  private dependentsOf(uid: string): Dependent[] {
    const out: Dependent[] = [];
    for (const [info, informer] of this.informers) {
      for (const object of informer.byIndex(ownerUidIndex, uid)) out.push({ info, object });
    }
    return out;
  }

  /**
   * attemptToDeleteItem: sorts the owners into solid (present), dangling (verified absent) and
   * waiting (present, deleting its dependents in the foreground), then keeps, edits or deletes
   * the object as Kubernetes does.
   */
  private async collectIfOwnersGone(
    key: string,
    info: ResourceInfo,
    object: KubeObject,
  ): Promise<void> {
    const refs = object.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const ownerInfo = ownerResource(ref);
      // A kind this cluster does not serve cannot be verified absent, so it never triggers collection.
      if (!ownerInfo) {
        solid.push(ref);
        continue;
      }
      if (ownerInfo.namespaced && !object.metadata.namespace) {
        // A cluster-scoped object cannot be owned by a namespaced one: the reference is unresolvable.
        this.reportInvalidNamespace(info, object, ref);
        return;
      }
      const namespace = ownerInfo.namespaced ? object.metadata.namespace : undefined;
      const owner = await this.liveOwner(ownerInfo, namespace, ref);
      if (!owner) {
        dangling.push(ref);
        const elsewhere = this.cachedOwner(ref);
        if (
          elsewhere?.metadata.namespace &&
          elsewhere.metadata.namespace !== object.metadata.namespace
        ) {
          this.reportInvalidNamespace(info, object, ref);
        }
      } else if (isDeletingDependents(owner)) {
        waiting.push(ref);
      } else {
        solid.push(ref);
      }
    }

    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // References to owners that are gone, or waiting for us, are dropped; the solid owners keep the object.
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      await this.updateMetadata(key, info, object, (live) => {
        const kept = (live.metadata.ownerReferences ?? []).filter((r) => !drop.has(r.uid));
        if (kept.length === (live.metadata.ownerReferences ?? []).length) return undefined;
        return { ownerReferences: kept.length > 0 ? kept : null };
      });
      return;
    }

    const uid = object.metadata.uid!;
    const dependents = this.dependentsOf(uid);
    if (waiting.length > 0 && dependents.length > 0) {
      if (dependents.some((d) => isDeletingDependents(d.object))) {
        // An owner and a dependent of ours both wait in the foreground: stop blocking to break a possible cycle.
        await this.updateMetadata(key, info, object, (live) => {
          const refsNow = live.metadata.ownerReferences ?? [];
          if (!refsNow.some((r) => r.blockOwnerDeletion)) return undefined;
          return {
            ownerReferences: refsNow.map((r) =>
              r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r,
            ),
          };
        });
      }
      // Foreground deletion cascades: we go once our own blocking dependents are gone.
      await this.deleteObject(key, info, object, 'Foreground');
      return;
    }
    const policy: DeletionPropagation = hasFinalizer(object, orphanFinalizer)
      ? 'Orphan'
      : hasFinalizer(object, foregroundFinalizer)
        ? 'Foreground'
        : 'Background';
    await this.deleteObject(key, info, object, policy);
  }

  /** processDeletingDependentsItem: deletes the dependents, then releases the owner once none blocks it. */
  private async deleteDependents(
    key: string,
    info: ResourceInfo,
    owner: KubeObject,
  ): Promise<void> {
    const uid = owner.metadata.uid!;
    const dependents = this.dependentsOf(uid);
    const blocking = dependents.filter(
      (d) => referenceTo(d.object, uid)?.blockOwnerDeletion === true,
    );
    if (blocking.length === 0) {
      await this.updateMetadata(key, info, owner, (live) =>
        withoutFinalizer(live, foregroundFinalizer),
      );
      return;
    }
    // Each dependent decides for itself, seeing this owner waiting; their removal requeues us.
    for (const d of dependents) {
      if (!isDeletingDependents(d.object)) this.queue.add(gcKey(d.info, d.object));
    }
  }

  /** orphanDependents: removes every reference to the owner, then the owner's `orphan` finalizer. */
  private async orphanDependents(
    key: string,
    info: ResourceInfo,
    owner: KubeObject,
  ): Promise<void> {
    const uid = owner.metadata.uid!;
    for (const d of this.dependentsOf(uid)) {
      await this.updateMetadata(key, d.info, d.object, (live) => {
        const refs = live.metadata.ownerReferences ?? [];
        const kept = refs.filter((r) => r.uid !== uid);
        if (kept.length === refs.length) return undefined;
        return { ownerReferences: kept.length > 0 ? kept : null };
      });
    }
    await this.updateMetadata(key, info, owner, (live) => withoutFinalizer(live, orphanFinalizer));
  }

  /** The owner as the API server has it now, or undefined when absent or replaced (another uid). */
  private async liveOwner(
    info: ResourceInfo,
    namespace: string | undefined,
    ref: OwnerReference,
  ): Promise<KubeObject | undefined> {
    try {
      const owner = await this.client.get(info, namespace, ref.name);
      return owner.metadata.uid === ref.uid ? owner : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Deletes exactly this incarnation of the object (uid and resourceVersion preconditions). */
  private async deleteObject(
    key: string,
    info: ResourceInfo,
    object: KubeObject,
    propagationPolicy: DeletionPropagation,
  ): Promise<void> {
    const { namespace, name = '', uid, resourceVersion } = object.metadata;
    try {
      await this.client.delete(info, namespace, name, {
        propagationPolicy,
        preconditions: { uid, resourceVersion },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      // Changed since we looked (maybe adopted): look again.
      if (isConflict(err)) {
        this.queue.add(key);
        return;
      }
      throw err;
    }
  }

  /**
   * Merge-patches the metadata `compute` returns (undefined: nothing to do) onto the live
   * object, guarded by its resourceVersion, retrying when another writer got there first.
   */
  private async updateMetadata(
    key: string,
    info: ResourceInfo,
    object: KubeObject,
    compute: (live: KubeObject) => Record<string, unknown> | undefined,
  ): Promise<void> {
    const { namespace, name = '', uid } = object.metadata;
    for (let attempt = 0; attempt < patchAttempts; attempt++) {
      let live: KubeObject;
      try {
        live = await this.client.get(info, namespace, name);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      if (live.metadata.uid !== uid) return;
      const change = compute(live);
      if (!change) return;
      const metadata = { ...change, resourceVersion: live.metadata.resourceVersion };
      try {
        await this.client.patch(info, namespace, name, { metadata }, 'merge');
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
      }
    }
    this.queue.add(key);
  }

  private reportInvalidNamespace(
    info: ResourceInfo,
    object: KubeObject,
    ref: OwnerReference,
  ): void {
    const namespace = object.metadata.namespace ?? '';
    const involved: KubeObject = {
      apiVersion: groupVersion(info),
      kind: info.kind,
      metadata: {
        name: object.metadata.name,
        namespace: object.metadata.namespace,
        uid: object.metadata.uid,
      },
    };
    void this.events.record(
      involved,
      'Warning',
      'OwnerRefInvalidNamespace',
      `ownerRef ${formatOwnerRef(ref, namespace)} does not exist in namespace ${JSON.stringify(namespace)}`,
    );
  }
}

function withoutFinalizer(
  live: KubeObject,
  finalizer: string,
): Record<string, unknown> | undefined {
  const finalizers = live.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) return undefined;
  const rest = finalizers.filter((f) => f !== finalizer);
  return { finalizers: rest.length > 0 ? rest : null };
}

function sameRefs(a: OwnerReference[], b: OwnerReference[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (r, i) =>
        r.uid === b[i].uid &&
        r.name === b[i].name &&
        r.kind === b[i].kind &&
        r.apiVersion === b[i].apiVersion &&
        !!r.blockOwnerDeletion === !!b[i].blockOwnerDeletion,
    )
  );
}
