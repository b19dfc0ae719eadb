import { expect } from '@esm-bundle/chai';
import {
  events,
  persistentvolumeclaims,
  persistentvolumes,
  pods,
} from '../../../src/kernel/api/resources.ts';
import { tutorialTiming } from '../../../src/kernel/clock/presets.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { storageControllers } from '../../../src/kernel/controllers/storage-controllers.ts';
import type { Event, Pod } from '../../../src/kernel/types/core.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../src/kernel/types/storage.ts';
import { eventually, startTestApi, type TestApi } from '../../helpers/api.ts';

function claim(
  name: string,
  spec: Partial<PersistentVolumeClaim['spec']> = {},
): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  };
}

function volume(name: string, spec: Partial<PersistentVolume['spec']> = {}): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: '5Gi' },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: `/mnt/${name}` },
      storageClassName: 'manual',
      ...spec,
    },
  };
}

describe('persistent volume controllers: binding, provisioning, reclaiming, protection', () => {
  let t: TestApi;
  let manager: ControllerManager;
  let deleted: string[];

  beforeEach(async () => {
    t = await startTestApi();
    deleted = [];
    manager = new ControllerManager({ client: t.client, clock: t.clock, timing: tutorialTiming });
    for (const c of storageControllers(async (name) => void deleted.push(name))) manager.add(c);
    await manager.start();
  });
  afterEach(() => manager.stop());

  const getClaim = (name: string) =>
    t.client.get<PersistentVolumeClaim>(persistentvolumeclaims, 'default', name);
  const getVolume = (name: string) =>
    t.client.get<PersistentVolume>(persistentvolumes, undefined, name);
  const gone = async (get: () => Promise<unknown>) => {
    try {
      await get();
      return false;
    } catch {
      return true;
    }
  };
  async function eventsOf(name: string): Promise<Event[]> {
    const list = await t.client.list<Event>(events, 'default');
    return list.items.filter((e) => e.involvedObject.name === name);
  }

  it('makes a new volume Available and binds a claim of its class to the smallest that fits', async () => {
    await t.client.create(
      persistentvolumes,
      undefined,
      volume('big', { capacity: { storage: '10Gi' } }),
    );
    await t.client.create(persistentvolumes, undefined, volume('small'));
    await t.client.create(
      persistentvolumes,
      undefined,
      volume('tiny', { capacity: { storage: '500Mi' } }),
    );
    await eventually(async () => (await getVolume('small')).status?.phase === 'Available');
    await t.client.create(
      persistentvolumeclaims,
      'default',
      claim('data', { storageClassName: 'manual' }),
    );
    await eventually(async () => (await getClaim('data')).status?.phase === 'Bound');
    const bound = await getClaim('data');
    expect(bound.spec.volumeName).to.equal('small');
    expect(bound.status).to.deep.include({
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '5Gi' },
    });
    expect(bound.metadata.annotations).to.deep.equal({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
    });
    await eventually(async () => (await getVolume('small')).status?.phase === 'Bound');
    const pv = await getVolume('small');
    expect(pv.spec.claimRef).to.deep.include({
      kind: 'PersistentVolumeClaim',
      namespace: 'default',
      name: 'data',
      uid: bound.metadata.uid,
    });
    expect(pv.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).to.equal('yes');
    expect((await getVolume('big')).status?.phase).to.equal('Available');
  });

  it('releases a retained volume when its claim is deleted, and keeps it', async () => {
    await t.client.create(persistentvolumes, undefined, volume('keep'));
    await t.client.create(
      persistentvolumeclaims,
      'default',
      claim('data', { storageClassName: 'manual' }),
    );
    await eventually(async () => (await getVolume('keep')).status?.phase === 'Bound');
    await t.client.delete(persistentvolumeclaims, 'default', 'data');
    await eventually(() => gone(() => getClaim('data')));
    await eventually(async () => (await getVolume('keep')).status?.phase === 'Released');
    expect((await getVolume('keep')).spec.persistentVolumeReclaimPolicy).to.equal('Retain');
  });

  it('waits for the first consumer with the default class, then provisions pvc-<uid> and binds it', async () => {
    const created = await t.client.create<PersistentVolumeClaim>(
      persistentvolumeclaims,
      'default',
      claim('data'),
    );
    expect(created.spec.storageClassName).to.equal('standard');
    await eventually(async () =>
      (await eventsOf('data')).some((e) => e.reason === 'WaitForFirstConsumer'),
    );
    const waiting = (await eventsOf('data')).find((e) => e.reason === 'WaitForFirstConsumer')!;
    expect(waiting).to.deep.include({
      type: 'Normal',
      message: 'waiting for first consumer to be created before binding',
    });
    expect(waiting.source?.component).to.equal('persistentvolume-controller');
    expect((await getClaim('data')).status?.phase).to.equal('Pending');

    // The scheduler picked a node for the claim's first pod.
    await t.client.patch(persistentvolumeclaims, 'default', 'data', {
      metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'kind-worker' } },
    });
    await eventually(async () => (await getClaim('data')).status?.phase === 'Bound');
    const name = `pvc-${created.metadata.uid}`;
    const pv = await getVolume(name);
    expect(pv.spec).to.deep.include({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    });
    expect(pv.spec.hostPath?.path).to.equal(`/var/local-path-provisioner/${name}_default_data`);
    expect(pv.metadata.annotations).to.deep.include({
      'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path',
      'local.path.provisioner/selected-node': 'kind-worker',
    });
    const claimAnnotations = (await getClaim('data')).metadata.annotations;
    expect(claimAnnotations?.['volume.kubernetes.io/storage-provisioner']).to.equal(
      'rancher.io/local-path',
    );
    const reasons = (await eventsOf('data')).map((e) => [e.reason, e.message]);
    expect(reasons).to.deep.include([
      'ExternalProvisioning',
      "Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    ]);
    expect(reasons).to.deep.include([
      'Provisioning',
      'External provisioner is provisioning volume for claim "default/data"',
    ]);
    expect(reasons).to.deep.include([
      'ProvisioningSucceeded',
      `Successfully provisioned volume ${name}`,
    ]);

    // Delete reclaim: the provisioner deletes the data, then the volume.
    await t.client.delete(persistentvolumeclaims, 'default', 'data');
    await eventually(() => gone(() => getVolume(name)));
    expect(deleted).to.deep.equal([name]);
  });

  it('keeps a claim in use by a pod (Terminating) until the pod is gone', async () => {
    await t.client.create(persistentvolumes, undefined, volume('pv1'));
    await t.client.create(
      persistentvolumeclaims,
      'default',
      claim('data', { storageClassName: 'manual' }),
    );
    await eventually(async () => (await getClaim('data')).status?.phase === 'Bound');
    await t.client.create<Pod>(pods, 'default', {
      metadata: { name: 'user', namespace: 'default' },
      spec: {
        containers: [{ name: 'app', image: 'toolbox:1.0' }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      },
    });
    await t.client.delete(persistentvolumeclaims, 'default', 'data');
    // Deleting a bound volume waits too.
    await t.client.delete(persistentvolumes, undefined, 'pv1');
    await t.clock.advance(1000);
    const terminating = await getClaim('data');
    expect(terminating.metadata.deletionTimestamp).to.be.a('string');
    expect(terminating.metadata.finalizers).to.deep.equal(['kubernetes.io/pvc-protection']);
    expect((await getVolume('pv1')).metadata.finalizers).to.deep.equal([
      'kubernetes.io/pv-protection',
    ]);
    await t.client.delete(pods, 'default', 'user', { gracePeriodSeconds: 0 });
    await eventually(() => gone(() => getClaim('data')));
    // Released, then the volume's own deletion completes.
    await eventually(() => gone(() => getVolume('pv1')));
  });

  it('says why a claim without a class finds no volume, and one of an unknown class', async () => {
    await t.client.create(
      persistentvolumeclaims,
      'default',
      claim('none', { storageClassName: '' }),
    );
    await t.client.create(
      persistentvolumeclaims,
      'default',
      claim('odd', { storageClassName: 'gold' }),
    );
    await eventually(
      async () => (await eventsOf('none')).length > 0 && (await eventsOf('odd')).length > 0,
    );
    expect((await eventsOf('none'))[0]).to.deep.include({
      type: 'Normal',
      reason: 'FailedBinding',
      message: 'no persistent volumes available for this claim and no storage class is set',
    });
    expect((await eventsOf('odd'))[0]).to.deep.include({
      type: 'Warning',
      reason: 'ProvisioningFailed',
      message: 'storageclass.storage.k8s.io "gold" not found',
    });
  });

  it('fails a released volume whose Delete policy no plugin can carry out', async () => {
    await t.client.create(
      persistentvolumes,
      undefined,
      volume('manual-delete', { persistentVolumeReclaimPolicy: 'Delete' }),
    );
    await t.client.create(
      persistentvolumeclaims,
      'default',
      claim('data', { storageClassName: 'manual' }),
    );
    await eventually(async () => (await getVolume('manual-delete')).status?.phase === 'Bound');
    await t.client.delete(persistentvolumeclaims, 'default', 'data');
    await eventually(async () => (await getVolume('manual-delete')).status?.phase === 'Failed');
    expect((await getVolume('manual-delete')).status?.message).to.equal(
      'error getting deleter volume plugin for volume "manual-delete": no deletable volume plugin matched',
    );
  });
});
