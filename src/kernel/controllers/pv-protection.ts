import { isConflict, isNotFound } from '../api/errors.ts';
import { pvProtectionFinalizer } from '../api/handlers/storage-admission.ts';
import { persistentvolumes } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import { objectKey, type Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { PersistentVolume } from '../types/storage.ts';
import type { Controller, ControllerContext } from './controller.ts';

/**
 * The PV protection controller: a volume being deleted keeps its kubernetes.io/pv-protection
 * finalizer (and shows Terminating) while it is Bound to a claim, and loses it once it is not.
 */
export class PvProtectionController implements Controller {
  readonly name = 'pv-protection-controller';
  private client!: Client;
  private queue!: WorkQueue;
  private volumes!: Informer<PersistentVolume>;

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.queue = context.queue;
    this.volumes = context.informers.for<PersistentVolume>(persistentvolumes);
    const volume = (v: PersistentVolume) => {
      if (v.metadata.deletionTimestamp) this.queue.add(objectKey(v));
    };
    this.volumes.addEventHandler({ add: volume, update: (_, v) => volume(v) });
  }

  async reconcile(key: string): Promise<void> {
    const volume = this.volumes.get(undefined, key);
    const finalizers = volume?.metadata.finalizers ?? [];
    if (!volume?.metadata.deletionTimestamp || !finalizers.includes(pvProtectionFinalizer)) return;
    if (volume.status?.phase === 'Bound') return;
    const next: PersistentVolume = structuredClone(volume);
    next.metadata.finalizers = finalizers.filter((f) => f !== pvProtectionFinalizer);
    try {
      await this.client.update(persistentvolumes, next);
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) this.queue.add(key);
      else throw err;
    }
  }
}
