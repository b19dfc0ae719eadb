import { expect } from '@esm-bundle/chai';
import {
  deployments,
  events as eventsResource,
  pods,
  replicasets,
} from '../../../src/kernel/api/resources.ts';
import type { WatchSubscription } from '../../../src/kernel/api/types.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { DeploymentController } from '../../../src/kernel/controllers/deployment.ts';
import { maxSurge, maxUnavailable } from '../../../src/kernel/controllers/deployment/fenceposts.ts';
import {
  computeHash,
  fnv32a,
  safeEncodeString,
} from '../../../src/kernel/controllers/deployment/pod-template-hash.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { ReplicaSetController } from '../../../src/kernel/controllers/replicaset.ts';
import type {
  Deployment,
  DeploymentSpec,
  IntOrString,
  ReplicaSet,
  WorkloadCondition,
} from '../../../src/kernel/types/apps.ts';
import type { Event, Pod } from '../../../src/kernel/types/core.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

const hashName = /^web-[4-9bcdf]{6,10}$/;
const podName = /^web-[4-9bcdf]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function deployment(replicas: number, spec: Partial<DeploymentSpec> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'first rollout' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      },
      ...spec,
    },
  };
}

function rolling(surge: IntOrString, unavailable: IntOrString): Partial<DeploymentSpec> {
  return {
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable },
    },
  };
}

function condition(d: Deployment, type: string): WorkloadCondition | undefined {
  return d.status?.conditions?.find((c) => c.type === type);
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

describe('Deployment controller', () => {
  let api: TestApi;
  let manager: ControllerManager;
  let watches: WatchSubscription[];

  beforeEach(async () => {
    api = await startTestApi();
    manager = new ControllerManager({
      client: api.client,
      clock: api.clock,
      timing: kubernetesDefaults,
    });
    manager.add(new ReplicaSetController());
    manager.add(new DeploymentController());
    await manager.start();
    watches = [];
  });

  afterEach(() => {
    for (const w of watches) w.stop();
    manager.stop();
  });

  /** Advances cluster time in small steps until `predicate` holds. */
  async function until(predicate: () => Promise<boolean> | boolean, limitMs = 5_000) {
    for (let elapsed = 0; elapsed <= limitMs; elapsed += 10) {
      if (await predicate()) return;
      await api.clock.advance(10);
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

  async function getDeployment(): Promise<Deployment> {
    return api.client.get<Deployment>(deployments, 'default', 'web');
  }

  async function replicaSets(): Promise<ReplicaSet[]> {
    const list = await api.client.list<ReplicaSet>(replicasets, 'default');
    return list.items.sort((a, b) => revision(a) - revision(b));
  }

  function revision(rs: ReplicaSet): number {
    return Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  }

  async function activePods(): Promise<Pod[]> {
    const list = await api.client.list<Pod>(pods, 'default', { labelSelector: 'app=web' });
    return list.items.filter((p) => !p.metadata.deletionTimestamp);
  }

  async function scalingEvents(): Promise<string[]> {
    const list = await api.client.list<Event>(eventsResource, 'default');
    return list.items
      .filter((e) => e.involvedObject.kind === 'Deployment' && e.reason === 'ScalingReplicaSet')
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => e.message ?? '');
  }

  async function markReady(pod: Pod) {
    const fresh = await api.client.get<Pod>(pods, 'default', pod.metadata.name ?? '');
    await api.client.updateStatus(pods, {
      ...fresh,
      status: {
        ...fresh.status,
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: rfc3339(api.clock.now()) },
        ],
      },
    });
  }

  /** Marks up to `limit` not-ready pods ready; resolves to how many it marked. */
  async function markPodsReady(limit = Infinity): Promise<number> {
    let marked = 0;
    for (const pod of await activePods()) {
      if (marked >= limit) break;
      if (isReady(pod)) continue;
      await markReady(pod);
      marked++;
    }
    return marked;
  }

  /** True once the Deployment's rollout is complete, as `kubectl rollout status` judges it. */
  async function rolledOut(replicas: number): Promise<boolean> {
    const d = await getDeployment();
    const s = d.status ?? {};
    return (
      (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
      (s.updatedReplicas ?? 0) === replicas &&
      (s.replicas ?? 0) === replicas &&
      (s.availableReplicas ?? 0) === replicas &&
      condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable'
    );
  }

  /** Drives a rollout to completion, making pods ready `perStep` at a time. */
  async function completeRollout(replicas: number, perStep = Infinity) {
    for (let step = 0; step < 100; step++) {
      await settle();
      if (await rolledOut(replicas)) return;
      await markPodsReady(perStep);
    }
    throw new Error('rollout did not complete');
  }

  async function setImage(image: string) {
    await api.client.patch(deployments, 'default', 'web', {
      spec: { template: { spec: { containers: [{ name: 'web', image }] } } },
    });
  }

  it('creates <deployment>-<pod-template-hash> with hash label, owner reference and annotations', async () => {
    const d = await api.client.create<Deployment>(deployments, 'default', deployment(3));
    await until(async () => (await activePods()).length === 3);
    await settle();

    const [rs] = await replicaSets();
    const hash = rs.metadata.labels?.['pod-template-hash'] ?? '';
    expect(rs.metadata.name).to.match(hashName);
    expect(rs.metadata.name).to.equal(`web-${hash}`);
    expect(rs.metadata.labels).to.deep.equal({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.selector.matchLabels).to.deep.equal({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.template?.metadata?.labels).to.deep.equal({
      app: 'web',
      'pod-template-hash': hash,
    });
    expect(rs.metadata.ownerReferences).to.deep.equal([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: d.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs.metadata.annotations).to.deep.equal({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      // 25% of 3 rounded up.
      'deployment.kubernetes.io/max-replicas': '4',
      'kubernetes.io/change-cause': 'first rollout',
    });
    expect(rs.spec.replicas).to.equal(3);
    for (const pod of await activePods()) {
      expect(pod.metadata.name).to.match(podName);
      expect(pod.metadata.name?.startsWith(`${rs.metadata.name}-`)).to.equal(true);
      expect(pod.metadata.labels?.['pod-template-hash']).to.equal(hash);
    }
    const stored = await getDeployment();
    expect(stored.metadata.annotations?.['deployment.kubernetes.io/revision']).to.equal('1');
    expect(await scalingEvents()).to.deep.equal([
      `Scaled up replica set ${rs.metadata.name} from 0 to 3`,
    ]);
  });

  it('reports status and the Available and Progressing conditions', async () => {
    await api.client.create(deployments, 'default', deployment(3));
    await until(async () => (await activePods()).length === 3);
    await settle();

    let d = await getDeployment();
    const [rs] = await replicaSets();
    expect(d.status).to.include({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      unavailableReplicas: 3,
    });
    expect(condition(d, 'Available')).to.include({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
    expect(condition(d, 'Progressing')).to.include({
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "${rs.metadata.name}" is progressing.`,
    });

    await markPodsReady();
    await until(() => rolledOut(3));
    d = await getDeployment();
    expect(d.status).to.include({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status?.unavailableReplicas ?? 0).to.equal(0);
    expect(condition(d, 'Available')).to.include({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    expect(condition(d, 'Progressing')).to.include({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
    });
  });

  it('rolls a new template out within maxSurge and maxUnavailable at every step', async () => {
    await api.client.create(deployments, 'default', deployment(4, rolling(1, 1)));
    await completeRollout(4);
    const [first] = await replicaSets();
    await api.clock.advance(1_000);

    // Follow every change: the sizes of the ReplicaSets and the ready pods.
    const sizes = new Map<string, number>();
    const readyPods = new Map<string, boolean>();
    for (const rs of await replicaSets()) sizes.set(rs.metadata.name ?? '', rs.spec.replicas ?? 0);
    for (const pod of await activePods()) readyPods.set(pod.metadata.name ?? '', isReady(pod));
    let maxTotal = 0;
    let minReady = Infinity;
    const total = () => [...sizes.values()].reduce((a, b) => a + b, 0);
    const ready = () => [...readyPods.values()].filter(Boolean).length;
    watches.push(
      await api.client.watch<ReplicaSet>(
        replicasets,
        'default',
        {
          resourceVersion: (await api.client.list(replicasets, 'default')).metadata.resourceVersion,
        },
        (event) => {
          const name = event.object.metadata.name ?? '';
          if (event.type === 'DELETED') sizes.delete(name);
          else sizes.set(name, event.object.spec.replicas ?? 0);
          maxTotal = Math.max(maxTotal, total());
        },
      ),
    );
    watches.push(
      await api.client.watch<Pod>(
        pods,
        'default',
        { resourceVersion: (await api.client.list(pods, 'default')).metadata.resourceVersion },
        (event) => {
          const name = event.object.metadata.name ?? '';
          if (event.type === 'DELETED' || event.object.metadata.deletionTimestamp) {
            readyPods.delete(name);
          } else {
            readyPods.set(name, isReady(event.object));
          }
          minReady = Math.min(minReady, ready());
        },
      ),
    );

    await setImage('nginx:1.26');
    await completeRollout(4, 1);

    // desired 4 + maxSurge 1, and desired 4 − maxUnavailable 1: both budgets used, never exceeded.
    expect(maxTotal).to.equal(5);
    expect(minReady).to.equal(3);
    const [old, current] = await replicaSets();
    expect(old.metadata.name).to.equal(first.metadata.name);
    expect(old.spec.replicas).to.equal(0);
    expect(current.spec.replicas).to.equal(4);
    expect(revision(current)).to.equal(2);
    expect(
      (await getDeployment()).metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).to.equal('2');
    const messages = await scalingEvents();
    expect(messages.slice(1, 3)).to.deep.equal([
      `Scaled up replica set ${current.metadata.name} from 0 to 1`,
      `Scaled down replica set ${old.metadata.name} from 4 to 3`,
    ]);
    expect(messages).to.include(`Scaled down replica set ${old.metadata.name} from 1 to 0`);
    for (const pod of await activePods()) {
      expect(pod.spec.containers[0].image).to.equal('nginx:1.26');
    }
  });

  it('with minReadySeconds, counts a new pod available only after it has been ready that long, and only then scales the old set down', async () => {
    await api.client.create(
      deployments,
      'default',
      deployment(2, { ...rolling('50%', '0%'), minReadySeconds: 10 }),
    );
    await settle();
    await markPodsReady();
    await settle();
    expect((await getDeployment()).status?.availableReplicas ?? 0, 'not yet').to.equal(0);
    await api.clock.advance(10_500);
    await settle();
    expect(await rolledOut(2)).to.equal(true);
    expect((await replicaSets())[0].spec.minReadySeconds).to.equal(10);

    await setImage('nginx:1.26');
    await settle();
    const [old, current] = await replicaSets();
    expect([old.spec.replicas, current.spec.replicas], '50% of 2 surges one pod').to.deep.equal([
      2, 1,
    ]);
    await markPodsReady();
    await settle();
    await api.clock.advance(5_000);
    await settle();
    expect((await replicaSets())[0].spec.replicas, 'ready, but not for 10 s').to.equal(2);
    expect((await getDeployment()).status).to.include({ availableReplicas: 2, readyReplicas: 3 });
    await api.clock.advance(5_500);
    await settle();
    expect((await replicaSets())[0].spec.replicas).to.equal(1);
  });

  it('rolls back to an old template by reusing its ReplicaSet, whose revision moves up', async () => {
    await api.client.create(deployments, 'default', deployment(2));
    await completeRollout(2);
    await api.clock.advance(1_000);
    await setImage('nginx:1.26');
    await completeRollout(2);
    const [first, second] = await replicaSets();
    expect([revision(first), revision(second)]).to.deep.equal([1, 2]);

    await api.clock.advance(1_000);
    await setImage('nginx:1.25');
    await completeRollout(2);
    const sets = await replicaSets();
    expect(sets.map((rs) => rs.metadata.name)).to.deep.equal([
      second.metadata.name,
      first.metadata.name,
    ]);
    const reused = sets[1];
    expect(reused.metadata.uid).to.equal(first.metadata.uid);
    expect(reused.metadata.annotations).to.include({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });
    expect(reused.spec.replicas).to.equal(2);
    expect(sets[0].spec.replicas).to.equal(0);
    expect(
      (await getDeployment()).metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).to.equal('3');
  });

  it('deletes old ReplicaSets beyond revisionHistoryLimit', async () => {
    await api.client.create(deployments, 'default', deployment(1, { revisionHistoryLimit: 1 }));
    await completeRollout(1);
    for (const image of ['nginx:1.26', 'nginx:1.27', 'nginx:1.28']) {
      await api.clock.advance(1_000);
      await setImage(image);
      await completeRollout(1);
    }
    await until(async () => (await replicaSets()).length === 2);
    await settle();
    const sets = await replicaSets();
    expect(sets.map(revision)).to.deep.equal([3, 4]);
    expect(sets.map((rs) => rs.spec.template?.spec.containers[0].image)).to.deep.equal([
      'nginx:1.27',
      'nginx:1.28',
    ]);
  });

  it('holds a paused Deployment: no rollout, scaling only, then resumes', async () => {
    await api.client.create(deployments, 'default', deployment(2));
    await completeRollout(2);
    await api.clock.advance(1_000);

    await api.client.patch(deployments, 'default', 'web', { spec: { paused: true } });
    await until(
      async () => condition(await getDeployment(), 'Progressing')?.reason === 'DeploymentPaused',
    );
    expect(condition(await getDeployment(), 'Progressing')).to.include({
      status: 'Unknown',
      message: 'Deployment is paused',
    });
    await setImage('nginx:1.26');
    await api.client.patch(deployments, 'default', 'web', { spec: { replicas: 3 } });
    await until(async () => (await activePods()).length === 3);
    await settle();
    const sets = await replicaSets();
    expect(sets).to.have.length(1);
    expect(sets[0].spec.replicas).to.equal(3);
    expect((await activePods()).every((p) => p.spec.containers[0].image === 'nginx:1.25')).to.equal(
      true,
    );

    await api.client.patch(deployments, 'default', 'web', { spec: { paused: false } });
    await completeRollout(3);
    expect(await replicaSets()).to.have.length(2);
    expect((await activePods()).every((p) => p.spec.containers[0].image === 'nginx:1.26')).to.equal(
      true,
    );
  });

  it('with Recreate, removes every old pod before creating the new ReplicaSet', async () => {
    await api.client.create(
      deployments,
      'default',
      deployment(3, { strategy: { type: 'Recreate' } }),
    );
    await completeRollout(3);
    const [old] = await replicaSets();
    await api.clock.advance(1_000);

    const oldPods = new Set((await activePods()).map((p) => p.metadata.name));
    let oldPodsWhenNewCreated = -1;
    watches.push(
      await api.client.watch<Pod>(
        pods,
        'default',
        { resourceVersion: (await api.client.list(pods, 'default')).metadata.resourceVersion },
        (event) => {
          if (event.type === 'DELETED') oldPods.delete(event.object.metadata.name);
        },
      ),
    );
    watches.push(
      await api.client.watch<ReplicaSet>(
        replicasets,
        'default',
        {
          resourceVersion: (await api.client.list(replicasets, 'default')).metadata.resourceVersion,
        },
        (event) => {
          if (event.type === 'ADDED') oldPodsWhenNewCreated = oldPods.size;
        },
      ),
    );

    await setImage('nginx:1.26');
    await completeRollout(3);
    expect(oldPodsWhenNewCreated).to.equal(0);
    const [, current] = await replicaSets();
    expect((await scalingEvents()).slice(1)).to.deep.equal([
      `Scaled down replica set ${old.metadata.name} from 3 to 0`,
      `Scaled up replica set ${current.metadata.name} from 0 to 3`,
    ]);
  });

  it('scales proportionally across old and new ReplicaSets during a rollout', async () => {
    await api.client.create(deployments, 'default', deployment(10, rolling(3, 2)));
    await completeRollout(10);
    await api.clock.advance(1_000);
    await setImage('nginx:does-not-become-ready');
    // The new pods never become ready: the rollout stops at 8 old + 5 new (10 + maxSurge 3).
    await until(async () => (await replicaSets()).map((rs) => rs.spec.replicas).join() === '8,5');
    await settle();

    await api.client.patch(deployments, 'default', 'web', { spec: { replicas: 15 } });
    await until(async () => (await replicaSets()).map((rs) => rs.spec.replicas).join() === '11,7');
    const [old, current] = await replicaSets();
    const messages = await scalingEvents();
    expect(messages).to.include(`Scaled up replica set ${old.metadata.name} from 8 to 11`);
    expect(messages).to.include(`Scaled up replica set ${current.metadata.name} from 5 to 7`);
    expect(old.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).to.equal('15');
    expect(current.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).to.equal('18');
  });

  it('marks a stuck rollout ProgressDeadlineExceeded after progressDeadlineSeconds of cluster time', async () => {
    await api.client.create(deployments, 'default', deployment(2, { progressDeadlineSeconds: 60 }));
    await until(async () => (await activePods()).length === 2);
    await settle();
    const [rs] = await replicaSets();
    expect(condition(await getDeployment(), 'Progressing')?.status).to.equal('True');

    await api.clock.advance(50_000);
    await settle();
    expect(condition(await getDeployment(), 'Progressing')?.status).to.equal('True');

    await api.clock.advance(12_000);
    await until(async () => condition(await getDeployment(), 'Progressing')?.status === 'False');
    expect(condition(await getDeployment(), 'Progressing')).to.include({
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
    });

    await markPodsReady();
    await until(() => rolledOut(2));
  });
});

describe('pod-template-hash', () => {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
  };

  it('is stable, key-order independent, and written in the safe alphabet', () => {
    const hash = computeHash(template);
    expect(hash).to.match(/^[4-9bcdf]{6,10}$/);
    expect(computeHash(structuredClone(template))).to.equal(hash);
    const reordered = { spec: template.spec, metadata: template.metadata };
    expect(computeHash(reordered)).to.equal(hash);
  });

  it('changes with the template and with collisionCount', () => {
    const hash = computeHash(template);
    const other = structuredClone(template);
    other.spec.containers[0].image = 'nginx:1.26';
    expect(computeHash(other)).to.not.equal(hash);
    expect(computeHash(template, 1)).to.not.equal(hash);
    expect(computeHash(template, 1)).to.not.equal(computeHash(template, 2));
  });

  it('uses FNV-1a and SafeEncodeString as apimachinery does', () => {
    // FNV-1a 32 test vectors.
    expect(fnv32a(new Uint8Array())).to.equal(0x811c9dc5);
    expect(fnv32a(new TextEncoder().encode('a'))).to.equal(0xe40c292c);
    expect(fnv32a(new TextEncoder().encode('foobar'))).to.equal(0xbf9cf968);
    // Digits map to 4..9 and b, c, d, f.
    expect(safeEncodeString('0123456789')).to.equal('456789bcdf');
  });
});

describe('rolling-update fenceposts', () => {
  const cases: {
    replicas: number;
    surge: IntOrString;
    unavailable: IntOrString;
    want: [number, number];
  }[] = [
    { replicas: 3, surge: '25%', unavailable: '25%', want: [1, 0] },
    { replicas: 4, surge: '25%', unavailable: '25%', want: [1, 1] },
    { replicas: 10, surge: '25%', unavailable: '25%', want: [3, 2] },
    { replicas: 10, surge: 3, unavailable: 2, want: [3, 2] },
    // Both round to zero: maxUnavailable becomes 1 so the rollout can move.
    { replicas: 1, surge: 0, unavailable: '25%', want: [0, 1] },
    { replicas: 5, surge: '0%', unavailable: '10%', want: [0, 1] },
    // maxUnavailable never exceeds replicas; nothing is unavailable of zero replicas.
    { replicas: 2, surge: 1, unavailable: 5, want: [1, 2] },
    { replicas: 0, surge: 1, unavailable: 1, want: [1, 0] },
  ];
  for (const c of cases) {
    it(`replicas ${c.replicas}, maxSurge ${c.surge}, maxUnavailable ${c.unavailable}`, () => {
      const d = deployment(c.replicas, rolling(c.surge, c.unavailable));
      expect([maxSurge(d), maxUnavailable(d)]).to.deep.equal(c.want);
    });
  }

  it('Recreate has neither', () => {
    const d = deployment(4, { strategy: { type: 'Recreate' } });
    expect([maxSurge(d), maxUnavailable(d)]).to.deep.equal([0, 0]);
  });
});
