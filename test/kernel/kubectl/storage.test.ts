import { expect } from '@esm-bundle/chai';
import {
  persistentvolumeclaims,
  persistentvolumes,
  pods,
} from '../../../src/kernel/api/resources.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../src/kernel/types/storage.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

/** The docs task's PersistentVolume and claim ("Configure a Pod to Use a PersistentVolume"). */
const taskVolume = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv-volume
  labels:
    type: local
spec:
  storageClassName: manual
  capacity:
    storage: 10Gi
  accessModes:
    - ReadWriteOnce
  hostPath:
    path: "/mnt/data"
`;
const taskClaim = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: task-pv-claim
spec:
  storageClassName: manual
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 3Gi
`;

describe('kubectl: PersistentVolumes, claims and StorageClasses', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
    k.files.set('pv-volume.yaml', taskVolume);
    k.files.set('pv-claim.yaml', taskClaim);
  });

  /** Binds the task's claim to its volume as the PV controller would. */
  async function bindTaskClaim(): Promise<void> {
    const claim = await k.client.get<PersistentVolumeClaim>(
      persistentvolumeclaims,
      'default',
      'task-pv-claim',
    );
    const pv = await k.client.get<PersistentVolume>(persistentvolumes, undefined, 'task-pv-volume');
    await k.client.update(persistentvolumes, {
      ...pv,
      spec: {
        ...pv.spec,
        claimRef: {
          kind: 'PersistentVolumeClaim',
          namespace: 'default',
          name: 'task-pv-claim',
          uid: claim.metadata.uid,
          apiVersion: 'v1',
        },
      },
    });
    const boundPv = await k.client.get<PersistentVolume>(
      persistentvolumes,
      undefined,
      'task-pv-volume',
    );
    await k.client.updateStatus(persistentvolumes, { ...boundPv, status: { phase: 'Bound' } });
    const named = await k.client.update<PersistentVolumeClaim>(persistentvolumeclaims, {
      ...claim,
      metadata: { ...claim.metadata, annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } },
      spec: { ...claim.spec, volumeName: 'task-pv-volume' },
    });
    await k.client.updateStatus(persistentvolumeclaims, {
      ...named,
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } },
    });
  }

  it('gets the default StorageClass as kind shows it', async () => {
    await k.clock.advance(5 * 60_000);
    const out = await k.run('get sc');
    expect(out.stdout).to.equal(
      'NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n' +
        'standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  5m\n',
    );
  });

  it('gets the task volume and claim, before and after binding', async () => {
    expect((await k.run('apply -f pv-volume.yaml')).stdout).to.equal(
      'persistentvolume/task-pv-volume created\n',
    );
    expect((await k.run('apply -f pv-claim.yaml')).stdout).to.equal(
      'persistentvolumeclaim/task-pv-claim created\n',
    );
    await k.clock.advance(30_000);
    expect((await k.run('get pvc')).stdout).to.equal(
      'NAME            STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n' +
        'task-pv-claim   Pending                                      manual         <unset>                 30s\n',
    );
    await bindTaskClaim();
    expect((await k.run('get pv task-pv-volume')).stdout).to.equal(
      'NAME             CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM                   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n' +
        'task-pv-volume   10Gi       RWO            Retain           Bound    default/task-pv-claim   manual         <unset>                          30s\n',
    );
    expect((await k.run('get pvc task-pv-claim')).stdout).to.equal(
      'NAME            STATUS   VOLUME           CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n' +
        'task-pv-claim   Bound    task-pv-volume   10Gi       RWO            manual         <unset>                 30s\n',
    );
    expect((await k.run('get pvc -o wide')).stdout.split('\n')[0]).to.match(/AGE {3}VOLUMEMODE$/);
  });

  it('describes a volume, a claim and a class in kubectl layout', async () => {
    await k.run('apply -f pv-volume.yaml');
    await k.run('apply -f pv-claim.yaml');
    await bindTaskClaim();
    await k.client.create<Pod>(pods, 'default', {
      metadata: { name: 'task-pv-pod' },
      spec: {
        containers: [{ name: 'task-pv-container', image: 'nginx' }],
        volumes: [
          { name: 'task-pv-storage', persistentVolumeClaim: { claimName: 'task-pv-claim' } },
        ],
      },
    });
    expect((await k.run('describe pv task-pv-volume')).stdout).to.equal(
      [
        'Name:            task-pv-volume',
        'Labels:          type=local',
        'Annotations:     <none>',
        'Finalizers:      [kubernetes.io/pv-protection]',
        'StorageClass:    manual',
        'Status:          Bound',
        'Claim:           default/task-pv-claim',
        'Reclaim Policy:  Retain',
        'Access Modes:    RWO',
        'VolumeMode:      Filesystem',
        'Capacity:        10Gi',
        'Node Affinity:   <none>',
        'Message:         ',
        'Source:',
        '    Type:          HostPath (bare host directory volume)',
        '    Path:          /mnt/data',
        '    HostPathType:  <none>',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
    expect((await k.run('describe pvc task-pv-claim')).stdout).to.equal(
      [
        'Name:          task-pv-claim',
        'Namespace:     default',
        'StorageClass:  manual',
        'Status:        Bound',
        'Volume:        task-pv-volume',
        'Labels:        <none>',
        'Annotations:   pv.kubernetes.io/bind-completed: yes',
        'Finalizers:    [kubernetes.io/pvc-protection]',
        'Capacity:      10Gi',
        'Access Modes:  RWO',
        'VolumeMode:    Filesystem',
        'Used By:       task-pv-pod',
        'Events:        <none>',
        '',
      ].join('\n'),
    );
    expect((await k.run('describe sc standard')).stdout).to.equal(
      [
        'Name:                  standard',
        'IsDefaultClass:        Yes',
        'Annotations:           storageclass.kubernetes.io/is-default-class=true',
        'Provisioner:           rancher.io/local-path',
        'Parameters:            <none>',
        'AllowVolumeExpansion:  <unset>',
        'MountOptions:          <none>',
        'ReclaimPolicy:         Delete',
        'VolumeBindingMode:     WaitForFirstConsumer',
        'Events:                <none>',
        '',
      ].join('\n'),
    );
    const pod = (await k.run('describe pod task-pv-pod')).stdout;
    expect(pod).to.contain(
      [
        'Volumes:',
        '  task-pv-storage:',
        '    Type:        PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
        '    ClaimName:   task-pv-claim',
        '    ReadOnly:    false',
      ].join('\n'),
    );
  });

  it('shows a claim being deleted as Terminating', async () => {
    await k.run('apply -f pv-claim.yaml');
    const out = await k.run('delete pvc task-pv-claim --wait=false');
    expect(out.stdout).to.equal(
      'persistentvolumeclaim "task-pv-claim" deleted from default namespace\n',
    );
    expect((await k.run('get pvc')).stdout).to.match(/task-pv-claim\s+Terminating/);
  });
});
