import { isConflict, isNotFound } from '../api/errors.ts';
import { pvcProtectionFinalizer } from '../api/handlers/storage-admission.ts';
import { persistentvolumeclaims, pods } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { Pod } from '../types/core.ts';
import type { PersistentVolumeClaim } from '../types/storage.ts';
import type { Controller, ControllerContext } from './controller.ts';

/** The claims a pod mounts, by name. */
function claimsOf(pod: Pod): string[] {
  return (pod.spec.volumes ?? []).flatMap((v) => {
    const source = v.persistentVolumeClaim as { claimName?: string } | undefined;
    return source?.claimName ? [source.claimName] : [];
  });
}

/** A pod that has finished no longer holds its claims. */
function holdsClaims(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * The PVC protection controller: a claim being deleted keeps its kubernetes.io/pvc-protection
 * finalizer (and shows Terminating) while a pod that has not finished uses it, and loses it
 * once none does, so data in use is never released from under a pod.
 */
export class PvcProtectionController implements Controller {
  readonly name = 'pvc-protection-controller';
  private client!: Client;
  private queue!: WorkQueue;
  private claims!: Informer<PersistentVolumeClaim>;
  private pods!: Informer<Pod>;

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.queue = context.queue;
    this.claims = context.informers.for<PersistentVolumeClaim>(persistentvolumeclaims);
    this.pods = context.informers.for<Pod>(pods);
    const claim = (c: PersistentVolumeClaim) => {
      if (c.metadata.deletionTimestamp) this.queue.add(objectKey(c));
    };
    this.claims.addEventHandler({ add: claim, update: (_, c) => claim(c) });
    const pod = (p: Pod) => {
      for (const name of claimsOf(p)) this.queue.add(`${p.metadata.namespace}/${name}`);
    };
    this.pods.addEventHandler({ update: (_, p) => pod(p), delete: pod });
  }

  async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const claim = this.claims.get(namespace, name);
    const finalizers = claim?.metadata.finalizers ?? [];
    if (!claim?.metadata.deletionTimestamp || !finalizers.includes(pvcProtectionFinalizer)) return;
    const inUse = this.pods
      .list(namespace)
      .some((p) => holdsClaims(p) && claimsOf(p).includes(name));
    if (inUse) return;
    const next: PersistentVolumeClaim = structuredClone(claim);
    next.metadata.finalizers = finalizers.filter((f) => f !== pvcProtectionFinalizer);
    try {
      await this.client.update(persistentvolumeclaims, next);
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) this.queue.add(key);
      else throw err;
    }
  }
}
