import { isNotFound } from '../api/errors.ts';
import { persistentvolumeclaims, persistentvolumes, storageclasses } from '../api/resources.ts';
import { rfc3339, type Clock } from '../clock/clock.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type {
  PersistentVolume,
  PersistentVolumeClaim,
  PersistentVolumeClaimStatus,
  PersistentVolumePhase,
  StorageClass,
} from '../types/storage.ts';
import type { Controller, ControllerContext } from './controller.ts';
import {
  annBetaStorageProvisioner,
  annBindCompleted,
  annBoundByController,
  annProvisionedBy,
  annSelectedNode,
  annStorageProvisioner,
} from '../util/storage-annotations.ts';
import {
  claimClass,
  findMatchingVolume,
  isPreBoundTo,
} from './persistentvolume/volume-matching.ts';

const claimPrefix = 'claim:';
const volumePrefix = 'volume:';

/** The provisioners whose Delete reclaim they carry out themselves (external provisioners). */
export type ExternalDeleters = (volume: PersistentVolume) => boolean;

/**
 * The PersistentVolume controller (kube-controller-manager's persistentvolume-binder):
 * binds each claim to a volume — one reserved for it, else the smallest matching available
 * one — writing both sides (claimRef and volumeName, the bind-completed and bound-by-controller
 * annotations, phases Bound with the volume's access modes and capacity); asks the class's
 * provisioner for a volume when none matches (the storage-provisioner annotation and an
 * ExternalProvisioning event), but for a WaitForFirstConsumer class only once the scheduler
 * has picked a node (a WaitForFirstConsumer event until then); makes free volumes Available,
 * and a volume whose claim is gone Released, then reclaims it: Retain keeps it, Delete is left
 * to the external provisioner that made it (anything else fails, as no in-tree plugin can).
 */
export class PersistentVolumeController implements Controller {
  readonly name = 'persistentvolume-controller';
  private client!: Client;
  private clock!: Clock;
  private queue!: WorkQueue;
  private events!: EventRecorder;
  private claims!: Informer<PersistentVolumeClaim>;
  private volumes!: Informer<PersistentVolume>;
  private classes!: Informer<StorageClass>;

  constructor(private readonly externallyDeleted: ExternalDeleters = isProvisionedExternally) {}

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.clock = context.clock;
    this.queue = context.queue;
    this.events = context.events;
    this.claims = context.informers.for<PersistentVolumeClaim>(persistentvolumeclaims);
    this.volumes = context.informers.for<PersistentVolume>(persistentvolumes);
    this.classes = context.informers.for<StorageClass>(storageclasses);
    const claim = (c: PersistentVolumeClaim) => this.queue.add(claimPrefix + objectKey(c));
    const volume = (v: PersistentVolume) => {
      this.queue.add(volumePrefix + objectKey(v));
      const ref = v.spec.claimRef;
      if (ref?.name) this.queue.add(`${claimPrefix}${ref.namespace}/${ref.name}`);
    };
    this.claims.addEventHandler({
      add: claim,
      update: (_, c) => claim(c),
      delete: (c) => {
        // Its volume is released.
        for (const v of this.volumes.list()) {
          if (v.spec.claimRef?.uid === c.metadata.uid) this.queue.add(volumePrefix + objectKey(v));
        }
      },
    });
    this.volumes.addEventHandler({ add: volume, update: (_, v) => volume(v), delete: volume });
    const pendingOfClass = (sc: StorageClass) => {
      for (const c of this.claims.list()) {
        if (!c.spec.volumeName && claimClass(c) === sc.metadata.name) claim(c);
      }
    };
    this.classes.addEventHandler({ add: pendingOfClass, update: (_, sc) => pendingOfClass(sc) });
  }

  async reconcile(key: string): Promise<void> {
    if (key.startsWith(claimPrefix)) {
      const { namespace, name } = splitKey(key.slice(claimPrefix.length));
      const claim = this.claims.get(namespace, name);
      if (!claim || claim.metadata.deletionTimestamp) return;
      if (claim.spec.volumeName) await this.syncBoundClaim(claim);
      else await this.syncUnboundClaim(claim);
    } else if (key.startsWith(volumePrefix)) {
      const volume = this.volumes.get(undefined, key.slice(volumePrefix.length));
      if (volume) await this.syncVolume(volume);
    }
  }

  private async syncUnboundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const className = claimClass(claim);
    const storageClass = className ? this.classes.get(undefined, className) : undefined;
    const delayed =
      storageClass?.volumeBindingMode === 'WaitForFirstConsumer' &&
      !claim.metadata.annotations?.[annSelectedNode];
    const volume = findMatchingVolume(claim, this.volumes.list());
    if (volume && (!delayed || isPreBoundTo(volume, claim))) {
      await this.bind(volume, claim);
      return;
    }
    if (delayed) {
      await this.events.record(
        claim,
        'Normal',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
      );
      return;
    }
    if (!storageClass) {
      if (className === '') {
        await this.events.record(
          claim,
          'Normal',
          'FailedBinding',
          'no persistent volumes available for this claim and no storage class is set',
        );
      } else {
        await this.events.record(
          claim,
          'Warning',
          'ProvisioningFailed',
          `storageclass.storage.k8s.io "${className}" not found`,
        );
      }
      return;
    }
    const provisioner = storageClass.provisioner;
    if (claim.metadata.annotations?.[annStorageProvisioner] !== provisioner) {
      await this.client.patch(
        persistentvolumeclaims,
        claim.metadata.namespace,
        claim.metadata.name ?? '',
        {
          metadata: {
            annotations: {
              [annStorageProvisioner]: provisioner,
              [annBetaStorageProvisioner]: provisioner,
            },
          },
        },
      );
    }
    await this.events.record(
      claim,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }

  private async syncBoundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const volume = this.volumes.get(undefined, claim.spec.volumeName ?? '');
    if (!volume) {
      if (claim.status?.phase === 'Lost') return;
      await this.claimStatus(claim, { ...claim.status, phase: 'Lost' });
      await this.events.record(
        claim,
        'Warning',
        'ClaimLost',
        'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
      );
      return;
    }
    const ref = volume.spec.claimRef;
    if (!ref || isPreBoundTo(volume, claim)) {
      await this.bind(volume, claim);
      return;
    }
    if (claim.status?.phase === 'Lost') return;
    await this.claimStatus(claim, { ...claim.status, phase: 'Lost' });
    await this.events.record(
      claim,
      'Warning',
      'ClaimMisbound',
      'Two claims are bound to the same volume, this one is bound incorrectly',
    );
  }

  /** Binds both sides, each step skipped when already done (a retry resumes where it failed). */
  private async bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    let pv = volume;
    const ref = pv.spec.claimRef;
    if (!ref || ref.uid !== claim.metadata.uid) {
      const next: PersistentVolume = structuredClone(pv);
      next.spec.claimRef = {
        kind: 'PersistentVolumeClaim',
        namespace: claim.metadata.namespace,
        name: claim.metadata.name,
        uid: claim.metadata.uid,
        apiVersion: 'v1',
        resourceVersion: claim.metadata.resourceVersion,
      };
      if (!ref) {
        next.metadata.annotations = { ...next.metadata.annotations, [annBoundByController]: 'yes' };
      }
      pv = await this.client.update(persistentvolumes, next);
    }
    if (pv.status?.phase !== 'Bound') pv = await this.volumePhase(pv, 'Bound');
    let pvc = claim;
    const annotations = pvc.metadata.annotations ?? {};
    if (pvc.spec.volumeName !== pv.metadata.name || annotations[annBindCompleted] !== 'yes') {
      const next: PersistentVolumeClaim = structuredClone(pvc);
      next.metadata.annotations = {
        ...annotations,
        [annBindCompleted]: 'yes',
        ...(!pvc.spec.volumeName ? { [annBoundByController]: 'yes' } : {}),
      };
      next.spec.volumeName = pv.metadata.name;
      pvc = await this.client.update(persistentvolumeclaims, next);
    }
    const status = pvc.status ?? {};
    if (
      status.phase !== 'Bound' ||
      JSON.stringify(status.capacity) !== JSON.stringify(pv.spec.capacity) ||
      JSON.stringify(status.accessModes) !== JSON.stringify(pv.spec.accessModes)
    ) {
      await this.claimStatus(pvc, {
        ...status,
        phase: 'Bound',
        accessModes: pv.spec.accessModes,
        capacity: pv.spec.capacity,
      });
    }
  }

  private async syncVolume(volume: PersistentVolume): Promise<void> {
    const ref = volume.spec.claimRef;
    const phase = volume.status?.phase;
    if (!ref || !ref.uid) {
      // Free, or reserved for a claim that has not bound yet.
      if (phase !== 'Available' && !volume.metadata.deletionTimestamp) {
        await this.volumePhase(volume, 'Available');
      }
      return;
    }
    const claim = this.claims.get(ref.namespace, ref.name ?? '');
    if (claim && claim.metadata.uid === ref.uid) {
      if (claim.spec.volumeName === volume.metadata.name && phase !== 'Bound') {
        await this.volumePhase(volume, 'Bound');
      }
      return;
    }
    // The claim is gone: the volume is released and reclaimed by its policy.
    if (phase === 'Failed') return;
    let released = volume;
    if (phase !== 'Released') released = await this.volumePhase(volume, 'Released');
    const policy = volume.spec.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Retain') return;
    if (policy === 'Delete') {
      if (this.externallyDeleted(volume)) return;
      const message = `error getting deleter volume plugin for volume "${volume.metadata.name}": no deletable volume plugin matched`;
      await this.events.record(volume, 'Warning', 'VolumeFailedDelete', message);
      await this.volumePhase(released, 'Failed', message);
      return;
    }
    const message = 'No recycler plugin found for the volume!';
    await this.events.record(volume, 'Warning', 'VolumeFailedRecycle', message);
    await this.volumePhase(released, 'Failed', message);
  }

  private async volumePhase(
    volume: PersistentVolume,
    phase: PersistentVolumePhase,
    message?: string,
  ): Promise<PersistentVolume> {
    const next: PersistentVolume = structuredClone(volume);
    next.status = {
      phase,
      ...(message ? { message } : {}),
      lastPhaseTransitionTime: rfc3339(this.clock.now()),
    };
    try {
      return await this.client.updateStatus(persistentvolumes, next);
    } catch (err) {
      if (isNotFound(err)) return volume;
      throw err;
    }
  }

  private async claimStatus(
    claim: PersistentVolumeClaim,
    status: PersistentVolumeClaimStatus,
  ): Promise<PersistentVolumeClaim> {
    const next: PersistentVolumeClaim = structuredClone(claim);
    next.status = status;
    return this.client.updateStatus(persistentvolumeclaims, next);
  }
}

/** True for a volume an external provisioner made (it reclaims it itself). */
export function isProvisionedExternally(volume: PersistentVolume): boolean {
  return volume.metadata.annotations?.[annProvisionedBy] !== undefined;
}
