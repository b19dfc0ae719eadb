import { isAlreadyExists, isNotFound } from '../api/errors.ts';
import { localPathProvisioner } from '../api/builtin-storage-class.ts';
import { persistentvolumeclaims, persistentvolumes, storageclasses } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../types/storage.ts';
import type { Controller, ControllerContext } from './controller.ts';
import {
  annProvisionedBy,
  annSelectedNode,
  annStorageProvisioner,
} from '../util/storage-annotations.ts';
import { claimClass } from './persistentvolume/volume-matching.ts';

const claimPrefix = 'claim:';
const volumePrefix = 'volume:';

/** Where local-path-provisioner keeps its volumes on a node; shown in the PV's hostPath. */
const basePath = '/var/local-path-provisioner';
/** The annotation local-path-provisioner puts on what it provisioned: the node it chose. */
const annLocalPathNode = 'local.path.provisioner/selected-node';

/** Deletes a provisioned volume's data (the cluster's volume store); resolves once it is gone. */
export type VolumeDataDeleter = (volumeName: string) => Promise<void>;

/**
 * The volume name a claim's provisioned volume gets, as external provisioners name them:
 * `pvc-<claim uid>`.
 */
export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata.uid}`;
}

/**
 * kind's local-path-provisioner (rancher.io/local-path), as an external provisioner: for each
 * claim the PV controller hands it (the storage-provisioner annotation names it; for a
 * WaitForFirstConsumer class once the scheduler chose a node) it makes a volume `pvc-<uid>`
 * of the requested size and access modes, reserved for the claim (claimRef with its uid), with
 * the class's reclaim policy, recording Provisioning and ProvisioningSucceeded on the claim;
 * and it deletes a volume it made once released under the Delete policy, data first. Unlike
 * the real one it gives volumes no node affinity: their data lives in the browser's storage,
 * which every node reaches.
 */
export class LocalPathProvisioner implements Controller {
  /** Events come from the provisioner's own identity, as the real one records them. */
  readonly name =
    'rancher.io/local-path_local-path-provisioner-7577fdbbfb-vr7kx_2c0b5a3e-8f6d-4a6e-9d3c-5b1f2e7a4c81';
  private client!: Client;
  private queue!: WorkQueue;
  private events!: EventRecorder;
  private claims!: Informer<PersistentVolumeClaim>;
  private volumes!: Informer<PersistentVolume>;
  private classes!: Informer<StorageClass>;

  constructor(private readonly deleteData: VolumeDataDeleter = async () => {}) {}

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.queue = context.queue;
    this.events = context.events;
    this.claims = context.informers.for<PersistentVolumeClaim>(persistentvolumeclaims);
    this.volumes = context.informers.for<PersistentVolume>(persistentvolumes);
    this.classes = context.informers.for<StorageClass>(storageclasses);
    const claim = (c: PersistentVolumeClaim) => {
      if (c.metadata.annotations?.[annStorageProvisioner] === localPathProvisioner) {
        this.queue.add(claimPrefix + objectKey(c));
      }
    };
    this.claims.addEventHandler({ add: claim, update: (_, c) => claim(c) });
    const volume = (v: PersistentVolume) => {
      if (v.metadata.annotations?.[annProvisionedBy] === localPathProvisioner) {
        this.queue.add(volumePrefix + objectKey(v));
      }
    };
    this.volumes.addEventHandler({ add: volume, update: (_, v) => volume(v) });
  }

  async reconcile(key: string): Promise<void> {
    if (key.startsWith(claimPrefix)) {
      const { namespace, name } = splitKey(key.slice(claimPrefix.length));
      const claim = this.claims.get(namespace, name);
      if (claim) await this.provision(claim);
    } else if (key.startsWith(volumePrefix)) {
      const volume = this.volumes.get(undefined, key.slice(volumePrefix.length));
      if (volume) await this.reclaim(volume);
    }
  }

  private async provision(claim: PersistentVolumeClaim): Promise<void> {
    if (claim.spec.volumeName || claim.metadata.deletionTimestamp) return;
    if (claim.metadata.annotations?.[annStorageProvisioner] !== localPathProvisioner) return;
    const storageClass = this.classes.get(undefined, claimClass(claim));
    if (!storageClass || storageClass.provisioner !== localPathProvisioner) return;
    const node = claim.metadata.annotations?.[annSelectedNode];
    if (storageClass.volumeBindingMode === 'WaitForFirstConsumer' && !node) return;
    const name = provisionedVolumeName(claim);
    if (this.volumes.get(undefined, name)) return;
    const namespace = claim.metadata.namespace ?? 'default';
    await this.events.record(
      claim,
      'Normal',
      'Provisioning',
      `External provisioner is provisioning volume for claim "${namespace}/${claim.metadata.name}"`,
    );
    const volume: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name,
        annotations: {
          [annProvisionedBy]: localPathProvisioner,
          ...(node ? { [annLocalPathNode]: node } : {}),
        },
      },
      spec: {
        accessModes: claim.spec.accessModes,
        capacity: { storage: claim.spec.resources?.requests?.storage ?? '0' },
        claimRef: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          name: claim.metadata.name,
          namespace,
          resourceVersion: claim.metadata.resourceVersion,
          uid: claim.metadata.uid,
        },
        hostPath: {
          path: `${basePath}/${name}_${namespace}_${claim.metadata.name}`,
          type: 'DirectoryOrCreate',
        },
        persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
        storageClassName: storageClass.metadata.name,
        volumeMode: claim.spec.volumeMode ?? 'Filesystem',
      },
    };
    try {
      await this.client.create(persistentvolumes, undefined, volume);
    } catch (err) {
      if (isAlreadyExists(err)) return;
      throw err;
    }
    await this.events.record(
      claim,
      'Normal',
      'ProvisioningSucceeded',
      `Successfully provisioned volume ${name}`,
    );
  }

  private async reclaim(volume: PersistentVolume): Promise<void> {
    if (volume.metadata.annotations?.[annProvisionedBy] !== localPathProvisioner) return;
    if (volume.status?.phase !== 'Released') return;
    if ((volume.spec.persistentVolumeReclaimPolicy ?? 'Delete') !== 'Delete') return;
    if (volume.metadata.deletionTimestamp) return;
    const name = volume.metadata.name ?? '';
    await this.deleteData(name);
    try {
      await this.client.delete(persistentvolumes, undefined, name, {
        preconditions: { uid: volume.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
