import { expect } from '@esm-bundle/chai';
import {
  controllerrevisions,
  events as eventsResource,
  nodes,
  persistentvolumeclaims,
  pods,
  statefulsets,
} from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { GarbageCollector } from '../../../src/kernel/controllers/garbage-collector.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { PodGcController } from '../../../src/kernel/controllers/pod-gc.ts';
import { StatefulSetController } from '../../../src/kernel/controllers/statefulset.ts';
import type { Event, Node, Pod } from '../../../src/kernel/types/core.ts';
import type { ControllerRevision, StatefulSet } from '../../../src/kernel/types/statefulset.ts';
import type { PersistentVolumeClaim } from '../../../src/kernel/types/storage.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

function statefulSet(replicas: number, spec: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx',
      replicas,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'registry.k8s.io/nginx-slim:0.8',
              volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...spec,
    },
  };
}

describe('StatefulSet controller', () => {
  let api: TestApi;
  let manager: ControllerManager;

  async function start(...extra: ('gc' | 'podgc')[]) {
    manager = new ControllerManager({
      client: new Client(api.server),
      clock: api.clock,
      timing: kubernetesDefaults,
    });
    manager.add(new StatefulSetController());
    if (extra.includes('gc')) manager.add(new GarbageCollector());
    if (extra.includes('podgc')) manager.add(new PodGcController());
    await manager.start();
  }

  beforeEach(async () => {
    api = await startTestApi();
  });

  afterEach(() => manager?.stop());

  /** Advances cluster time in steps until `predicate` holds. */
  async function until(predicate: () => Promise<boolean>, limitMs = 5_000, stepMs = 10) {
    for (let elapsed = 0; elapsed <= limitMs; elapsed += stepMs) {
      if (await predicate()) return;
      await api.clock.advance(stepMs);
    }
    throw new Error(`not reached within ${limitMs} ms of cluster time`);
  }

  /** Lets the controllers run until they have nothing left to do. */
  async function settle() {
    let quiet = 0;
    for (let turn = 0; turn < 500 && quiet < 3; turn++) {
      await api.clock.advance(1);
      quiet = manager.idle() ? quiet + 1 : 0;
    }
  }

  async function podNames(): Promise<string[]> {
    const list = await api.client.list<Pod>(pods, 'default');
    return list.items
      .filter((p) => !p.metadata.deletionTimestamp)
      .map((p) => p.metadata.name ?? '')
      .sort();
  }

  async function getPod(name: string): Promise<Pod> {
    return api.client.get<Pod>(pods, 'default', name);
  }

  async function getSet(): Promise<StatefulSet> {
    return api.client.get<StatefulSet>(statefulsets, 'default', 'web');
  }

  async function markReady(name: string) {
    const pod = await getPod(name);
    const now = rfc3339(api.clock.now());
    await api.client.updateStatus(pods, {
      ...pod,
      status: {
        ...pod.status,
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
      },
    });
  }

  /** Plays the kubelet: graceful deletions complete at once. Returns the pods it removed. */
  async function confirmDeletions(): Promise<string[]> {
    const list = await api.client.list<Pod>(pods, 'default');
    const removed: string[] = [];
    for (const pod of list.items) {
      if (!pod.metadata.deletionTimestamp) continue;
      removed.push(pod.metadata.name ?? '');
      await api.client
        .delete(pods, 'default', pod.metadata.name ?? '', { gracePeriodSeconds: 0 })
        .catch(() => {});
    }
    return removed;
  }

  async function eventMessages(reason?: string): Promise<string[]> {
    const list = await api.client.list<Event>(eventsResource, 'default');
    return list.items
      .filter((e) => e.involvedObject.name === 'web' && (!reason || e.reason === reason))
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => `${e.reason}: ${e.message}`);
  }

  /** The claims not being deleted (a deleted claim may wait for its protection finalizer). */
  async function claims(): Promise<PersistentVolumeClaim[]> {
    const list = await api.client.list<PersistentVolumeClaim>(persistentvolumeclaims, 'default');
    return list.items.filter((c) => !c.metadata.deletionTimestamp);
  }

  /**
   * Plays scheduler and kubelet: every pod is bound to a node (so that its deletion is
   * graceful, as for a pod that may be running) and marked Running and Ready.
   */
  async function runPods() {
    for (const name of await podNames()) {
      const pod = await getPod(name);
      if (!pod.spec.nodeName) await api.client.bind('default', name, 'node-a');
      if (pod.status?.phase !== 'Running') await markReady(name);
    }
  }

  /** Runs every pod to Ready as soon as it exists, until the set has `n` ready pods. */
  async function allReady(n: number) {
    await until(async () => {
      await runPods();
      return (await getSet()).status?.readyReplicas === n;
    });
  }

  it('OrderedReady: makes web-0 with its claim first, and each next pod once the one before is ready', async () => {
    await start();
    const set = await api.client.create<StatefulSet>(statefulsets, 'default', statefulSet(3));
    await until(async () => (await podNames()).length === 1);
    await settle();
    expect(await podNames()).to.deep.equal(['web-0']);

    const pod = await getPod('web-0');
    expect(pod.metadata.generateName).to.equal('web-');
    expect(pod.spec.hostname).to.equal('web-0');
    expect(pod.spec.subdomain).to.equal('nginx');
    expect(pod.metadata.labels).to.include({
      app: 'nginx',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
    });
    expect(pod.metadata.labels?.['controller-revision-hash']).to.match(
      /^web-[bcdfghjklmnpqrstvwxz2456789]+$/,
    );
    expect(pod.metadata.ownerReferences).to.deep.equal([
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'web',
        uid: set.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(pod.spec.volumes?.[0]).to.deep.equal({
      name: 'www',
      persistentVolumeClaim: { claimName: 'www-web-0' },
    });
    const [claim] = await claims();
    expect(claim.metadata.name).to.equal('www-web-0');
    expect(claim.metadata.labels).to.deep.equal({ app: 'nginx' });
    expect(claim.spec.resources?.requests).to.deep.equal({ storage: '1Gi' });
    expect(await eventMessages()).to.deep.equal([
      'SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
    ]);

    // Running is not enough: web-1 waits for web-0 to be Ready.
    await api.client.updateStatus(pods, { ...pod, status: { ...pod.status, phase: 'Running' } });
    await settle();
    expect(await podNames()).to.deep.equal(['web-0']);

    await markReady('web-0');
    await until(async () => (await podNames()).length === 2);
    await settle();
    expect(await podNames()).to.deep.equal(['web-0', 'web-1']);
    await markReady('web-1');
    await until(async () => (await podNames()).length === 3);
    await markReady('web-2');
    await until(async () => (await getSet()).status?.readyReplicas === 3);
    const status = (await getSet()).status!;
    expect(status).to.include({
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
      collisionCount: 0,
    });
    expect(status.currentRevision).to.equal(status.updateRevision);
    expect((await claims()).map((c) => c.metadata.name).sort()).to.deep.equal([
      'www-web-0',
      'www-web-1',
      'www-web-2',
    ]);
    const revisions = (await api.client.list<ControllerRevision>(controllerrevisions, 'default'))
      .items;
    expect(revisions.map((r) => [r.metadata.name, r.revision])).to.deep.equal([
      [status.currentRevision, 1],
    ]);
    expect(revisions[0].metadata.labels?.app).to.equal('nginx');
  });

  it('Parallel: makes every pod at once, without waiting for readiness', async () => {
    await start();
    await api.client.create(
      statefulsets,
      'default',
      statefulSet(3, { podManagementPolicy: 'Parallel' }),
    );
    await until(async () => (await podNames()).length === 3);
    expect(await podNames()).to.deep.equal(['web-0', 'web-1', 'web-2']);
    expect((await claims()).length).to.equal(3);
  });

  it('Parallel: scales down every condemned pod at once', async () => {
    await start();
    await api.client.create(
      statefulsets,
      'default',
      statefulSet(3, { podManagementPolicy: 'Parallel' }),
    );
    await allReady(3);
    await api.client.patch(statefulsets, 'default', 'web', { spec: { replicas: 1 } });
    await until(async () => (await podNames()).length === 1);
    expect((await getPod('web-1')).metadata.deletionTimestamp).to.be.a('string');
    expect((await getPod('web-2')).metadata.deletionTimestamp).to.be.a('string');
  });

  it('replaces up to maxUnavailable pods at once in a rolling update', async () => {
    await start();
    await api.client.create(
      statefulsets,
      'default',
      statefulSet(3, {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
      }),
    );
    await allReady(3);
    await api.client.patch(
      statefulsets,
      'default',
      'web',
      { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } },
      'strategic',
    );
    await until(async () => (await podNames()).length === 1);
    // The two highest ordinals go together; web-0 waits for them to be available again.
    expect(await podNames()).to.deep.equal(['web-0']);
    expect((await getPod('web-2')).metadata.deletionTimestamp).to.be.a('string');
    expect((await getPod('web-1')).metadata.deletionTimestamp).to.be.a('string');
  });

  it('scales down from the highest ordinal, one pod at a time, keeping the claims', async () => {
    await start();
    await api.client.create(statefulsets, 'default', statefulSet(3));
    await allReady(3);
    await api.client.patch(statefulsets, 'default', 'web', { spec: { replicas: 1 } });
    await until(async () => (await podNames()).length === 2);
    await settle();
    // web-2 is terminating; web-1 stays until web-2 is gone.
    expect(await podNames()).to.deep.equal(['web-0', 'web-1']);
    const terminating = await getPod('web-2');
    expect(terminating.metadata.deletionTimestamp).to.be.a('string');

    await confirmDeletions();
    await until(async () => (await podNames()).length === 1);
    await confirmDeletions();
    await settle();
    expect(await podNames()).to.deep.equal(['web-0']);
    expect(await eventMessages('SuccessfulDelete')).to.deep.equal([
      'SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
    ]);
    // Retain/Retain: the claims outlive their pods.
    expect((await claims()).length).to.equal(3);
    expect((await getSet()).status).to.include({ replicas: 1, readyReplicas: 1 });
  });

  it('makes a deleted pod again under the same name, with the same claim', async () => {
    await start();
    await api.client.create(statefulsets, 'default', statefulSet(2));
    await allReady(2);
    const claimBefore = (await claims()).find((c) => c.metadata.name === 'www-web-1')!;
    const before = await getPod('web-1');
    await api.client.delete(pods, 'default', 'web-1', { gracePeriodSeconds: 0 });
    await until(async () => {
      const names = await podNames();
      return (
        names.includes('web-1') && (await getPod('web-1')).metadata.uid !== before.metadata.uid
      );
    });
    const after = await getPod('web-1');
    expect(after.spec.volumes?.[0]).to.deep.equal({
      name: 'www',
      persistentVolumeClaim: { claimName: 'www-web-1' },
    });
    const claimAfter = (await claims()).find((c) => c.metadata.name === 'www-web-1')!;
    expect(claimAfter.metadata.uid).to.equal(claimBefore.metadata.uid);
  });

  it('recreates a failed pod, with a RecreatingFailedPod warning', async () => {
    await start();
    await api.client.create(statefulsets, 'default', statefulSet(1));
    await allReady(1);
    const pod = await getPod('web-0');
    await api.client.updateStatus(pods, { ...pod, status: { ...pod.status, phase: 'Failed' } });
    await until(async () => (await eventMessages('RecreatingFailedPod')).length === 1);
    await confirmDeletions();
    await until(async () => (await podNames()).includes('web-0'));
    expect((await getPod('web-0')).metadata.uid).to.not.equal(pod.metadata.uid);
    expect(await eventMessages('RecreatingFailedPod')).to.deep.equal([
      'RecreatingFailedPod: StatefulSet default/web is recreating failed Pod web-0',
    ]);
  });

  it('rolls an update out in reverse ordinal order, stopping at the partition', async () => {
    await start();
    await api.client.create(
      statefulsets,
      'default',
      statefulSet(3, {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
      }),
    );
    await allReady(3);
    const first = (await getSet()).status!.currentRevision;
    await api.client.patch(
      statefulsets,
      'default',
      'web',
      { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } },
      'strategic',
    );
    const deletions: string[] = [];
    await until(async () => {
      await runPods();
      deletions.push(...(await confirmDeletions()));
      const s = (await getSet()).status;
      return s?.updatedReplicas === 2 && s.readyReplicas === 3;
    }, 10_000);
    await settle();
    expect(deletions).to.deep.equal(['web-2', 'web-1']);
    const images = async (name: string) => (await getPod(name)).spec.containers[0].image;
    expect(await images('web-0')).to.equal('registry.k8s.io/nginx-slim:0.8');
    expect(await images('web-1')).to.equal('nginx:1.27');
    expect(await images('web-2')).to.equal('nginx:1.27');
    const status = (await getSet()).status!;
    expect(status.currentRevision).to.equal(first);
    expect(status.updateRevision).to.not.equal(first);
    expect(status).to.include({ currentReplicas: 1, updatedReplicas: 2 });
    expect((await getPod('web-0')).metadata.labels?.['controller-revision-hash']).to.equal(first);
    const revisions = (await api.client.list<ControllerRevision>(controllerrevisions, 'default'))
      .items;
    expect(revisions.map((r) => r.revision).sort()).to.deep.equal([1, 2]);

    // Partition 0 finishes the rollout: web-0 goes last, and the revisions become one.
    await api.client.patch(statefulsets, 'default', 'web', {
      spec: { updateStrategy: { rollingUpdate: { partition: 0 } } },
    });
    await until(async () => {
      await confirmDeletions();
      await runPods();
      const s = (await getSet()).status;
      return s?.updatedReplicas === 3 && s.currentRevision === s.updateRevision;
    });
    expect(await images('web-0')).to.equal('nginx:1.27');
  });

  it('leaves pods alone under OnDelete until they are deleted', async () => {
    await start();
    await api.client.create(
      statefulsets,
      'default',
      statefulSet(2, { updateStrategy: { type: 'OnDelete' } }),
    );
    await allReady(2);
    await api.client.patch(
      statefulsets,
      'default',
      'web',
      { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } },
      'strategic',
    );
    await until(async () => (await getSet()).status?.observedGeneration === 2);
    await settle();
    expect((await getPod('web-1')).spec.containers[0].image).to.equal(
      'registry.k8s.io/nginx-slim:0.8',
    );
    await api.client.delete(pods, 'default', 'web-1', { gracePeriodSeconds: 0 });
    await until(async () => (await podNames()).includes('web-1'));
    expect((await getPod('web-1')).spec.containers[0].image).to.equal('nginx:1.27');
    expect((await getPod('web-0')).spec.containers[0].image).to.equal(
      'registry.k8s.io/nginx-slim:0.8',
    );
  });

  it('keeps a pod identity when its node is lost: the same name comes back once the old pod is gone', async () => {
    await start('podgc');
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-a' },
      spec: {},
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    await api.client.create(nodes, undefined, node);
    await api.client.create(statefulsets, 'default', statefulSet(2));
    await until(async () => {
      for (const name of await podNames()) {
        const pod = await getPod(name);
        if (!pod.spec.nodeName) await api.client.bind('default', name, 'node-a');
        if (pod.status?.phase !== 'Running') await markReady(name);
      }
      return (await getSet()).status?.readyReplicas === 2;
    });
    const lost = await getPod('web-1');

    // The node is gone for good: the pod garbage collector removes its pods after the
    // quarantine, and only then does the StatefulSet make web-1 again.
    await api.client.delete(nodes, undefined, 'node-a');
    await until(
      async () => {
        // web-0 comes back first, and web-1 only once it is ready (OrderedReady).
        for (const name of await podNames()) {
          if ((await getPod(name)).status?.phase !== 'Running') await markReady(name);
        }
        const names = await podNames();
        if (!names.includes('web-1')) return false;
        return (await getPod('web-1')).metadata.uid !== lost.metadata.uid;
      },
      120_000,
      1_000,
    );
    const again = await getPod('web-1');
    expect(again.spec.hostname).to.equal('web-1');
    expect(again.spec.nodeName).to.equal(undefined);
    expect(again.spec.volumes?.[0]).to.deep.equal({
      name: 'www',
      persistentVolumeClaim: { claimName: 'www-web-1' },
    });
  });

  it('deletes the claims of scaled-down pods under whenScaled: Delete', async () => {
    await start('gc');
    await api.client.create(
      statefulsets,
      'default',
      statefulSet(2, { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } }),
    );
    await allReady(2);
    await api.client.patch(statefulsets, 'default', 'web', { spec: { replicas: 1 } });
    await until(async () => {
      await confirmDeletions();
      return (await claims()).length === 1;
    }, 10_000);
    expect((await claims()).map((c) => c.metadata.name)).to.deep.equal(['www-web-0']);
  });
});
