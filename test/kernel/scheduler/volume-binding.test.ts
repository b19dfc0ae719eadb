import { expect } from '@esm-bundle/chai';
import {
  events as eventsResource,
  nodes,
  persistentvolumeclaims,
  persistentvolumes,
  pods,
} from '../../../src/kernel/api/resources.ts';
import { tutorialTiming } from '../../../src/kernel/clock/presets.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { storageControllers } from '../../../src/kernel/controllers/storage-controllers.ts';
import { Scheduler } from '../../../src/kernel/scheduler/scheduler.ts';
import type { Event, Pod } from '../../../src/kernel/types/core.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../src/kernel/types/storage.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { makeNode, makePod } from './fixtures.ts';

function podWithClaim(name: string, claimName: string): Pod {
  const pod = makePod(name, { cpu: '100m' });
  delete pod.metadata.uid;
  delete pod.status;
  pod.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName } }];
  return pod;
}

function claim(name: string, storageClassName?: string): PersistentVolumeClaim {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      ...(storageClassName !== undefined ? { storageClassName } : {}),
    },
  };
}

describe('scheduler: VolumeBinding', () => {
  let api: TestApi;
  let scheduler: Scheduler;
  let manager: ControllerManager | undefined;

  async function start(withControllers: boolean) {
    api = await startTestApi();
    await api.client.create(nodes, undefined, makeNode('node-a'));
    scheduler = new Scheduler({ client: api.client, clock: api.clock, random: () => 0 });
    await scheduler.start();
    if (withControllers) {
      manager = new ControllerManager({
        client: api.client,
        clock: api.clock,
        timing: tutorialTiming,
      });
      for (const c of storageControllers()) manager.add(c);
      await manager.start();
    }
  }

  afterEach(() => {
    scheduler?.stop();
    manager?.stop();
    manager = undefined;
  });

  const getPod = (name: string) => api.client.get<Pod>(pods, 'default', name);
  const podEvents = async (name: string) =>
    (await api.client.list<Event>(eventsResource, 'default')).items.filter(
      (e) => e.involvedObject.name === name,
    );

  async function until(predicate: () => Promise<boolean>, ms = 5_000, step = 100): Promise<void> {
    for (let elapsed = 0; elapsed <= ms; elapsed += step) {
      if (await predicate()) return;
      await api.clock.advance(step);
    }
    throw new Error('condition not reached');
  }

  it('schedules a pod whose claim waits for its first consumer, then the claim is provisioned and bound', async () => {
    await start(true);
    await api.client.create(persistentvolumeclaims, 'default', claim('data'));
    await api.client.create(pods, 'default', podWithClaim('web', 'data'));
    await until(async () => !!(await getPod('web')).spec.nodeName);
    const bound = await api.client.get<PersistentVolumeClaim>(
      persistentvolumeclaims,
      'default',
      'data',
    );
    expect(bound.metadata.annotations?.['volume.kubernetes.io/selected-node']).to.equal('node-a');
    expect(bound.status?.phase).to.equal('Bound');
    const pv = await api.client.get<PersistentVolume>(
      persistentvolumes,
      undefined,
      bound.spec.volumeName!,
    );
    expect(pv.metadata.name).to.equal(`pvc-${bound.metadata.uid}`);
    expect((await podEvents('web')).map((e) => e.reason)).to.deep.equal(['Scheduled']);
  });

  const unschedulable: [string, PersistentVolumeClaim | undefined, string][] = [
    ['a missing claim', undefined, 'persistentvolumeclaim "data" not found'],
    [
      'an unbound claim of an Immediate binding (no class)',
      claim('data', ''),
      'pod has unbound immediate PersistentVolumeClaims',
    ],
  ];
  for (const [what, pvc, reason] of unschedulable) {
    it(`leaves a pod with ${what} pending and says why`, async () => {
      await start(false);
      if (pvc) await api.client.create(persistentvolumeclaims, 'default', pvc);
      await api.client.create(pods, 'default', podWithClaim('web', 'data'));
      await until(async () =>
        (await podEvents('web')).some((e) => e.reason === 'FailedScheduling'),
      );
      const failed = (await podEvents('web')).find((e) => e.reason === 'FailedScheduling')!;
      expect(failed.message).to.equal(
        `0/1 nodes are available: ${reason}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.`,
      );
      expect((await getPod('web')).spec.nodeName).to.equal(undefined);
    });
  }

  it('retries a pod once its missing claim is created', async () => {
    await start(true);
    await api.client.create(pods, 'default', podWithClaim('web', 'data'));
    await until(async () => (await podEvents('web')).some((e) => e.reason === 'FailedScheduling'));
    await api.client.create(persistentvolumeclaims, 'default', claim('data'));
    await until(async () => !!(await getPod('web')).spec.nodeName);
  });

  it('keeps bound volumes to the nodes their node affinity names', async () => {
    await start(true);
    await api.client.create(nodes, undefined, makeNode('node-b'));
    await api.client.create(persistentvolumes, undefined, {
      metadata: { name: 'local-b' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        local: { path: '/mnt/disk' },
        storageClassName: '',
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'kubernetes.io/hostname', operator: 'In', values: ['node-b'] },
                ],
              },
            ],
          },
        },
      },
    } satisfies PersistentVolume);
    await api.client.create(persistentvolumeclaims, 'default', claim('data', ''));
    await until(async () => {
      const c = await api.client.get<PersistentVolumeClaim>(
        persistentvolumeclaims,
        'default',
        'data',
      );
      return c.status?.phase === 'Bound';
    });
    await api.client.create(pods, 'default', podWithClaim('web', 'data'));
    await until(async () => !!(await getPod('web')).spec.nodeName);
    expect((await getPod('web')).spec.nodeName).to.equal('node-b');
  });
});
