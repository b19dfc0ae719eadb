import { expect } from '@esm-bundle/chai';
import { forbidden } from '../../../src/kernel/api/errors.ts';
import { events as eventsResource, pods, replicasets } from '../../../src/kernel/api/resources.ts';
import type { ApiHandler, ApiRequest, ApiResponse } from '../../../src/kernel/api/types.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { ReplicaSetController } from '../../../src/kernel/controllers/replicaset.ts';
import { podsToDelete } from '../../../src/kernel/controllers/util/pods-to-delete.ts';
import type { ReplicaSet } from '../../../src/kernel/types/apps.ts';
import type { Event, Pod } from '../../../src/kernel/types/core.ts';
import type { WatchEvent } from '../../../src/kernel/types/meta.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

const podName = /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

/**
 * The API server as the controllers see it: requests may be refused on demand, and pod watch
 * events may be held back (a cache that lags behind the controller's own writes).
 */
class InterceptedApi implements ApiHandler {
  /** Answers a request instead of the server when it returns a response. */
  intercept: ((request: ApiRequest) => ApiResponse | undefined) | undefined;
  /** Pod creations in flight now, and the most seen at once. */
  inFlightCreates = 0;
  maxInFlightCreates = 0;
  private holding = false;
  private held: (() => void)[] = [];

  constructor(private readonly server: ApiHandler) {}

  async handle(request: ApiRequest): Promise<ApiResponse> {
    const answer = this.intercept?.(request);
    if (answer) return answer;
    if (!isPodCreate(request)) return this.server.handle(request);
    this.inFlightCreates++;
    this.maxInFlightCreates = Math.max(this.maxInFlightCreates, this.inFlightCreates);
    try {
      // One turn of the event loop, so that creations issued together overlap.
      await new Promise((resolve) => setTimeout(resolve, 0));
      return await this.server.handle(request);
    } finally {
      this.inFlightCreates--;
    }
  }

  watch(request: ApiRequest, onEvent: (event: WatchEvent) => void) {
    if (!request.path.endsWith('/pods')) return this.server.watch(request, onEvent);
    return this.server.watch(request, (event) => {
      if (this.holding) this.held.push(() => onEvent(event));
      else onEvent(event);
    });
  }

  holdPodEvents(): void {
    this.holding = true;
  }

  releasePodEvents(): void {
    this.holding = false;
    for (const deliver of this.held.splice(0)) deliver();
  }
}

function isPodCreate(request: ApiRequest): boolean {
  return (request.verb ?? request.method) === 'POST' && request.path.endsWith('/pods');
}

function replicaSet(
  name: string,
  replicas: number,
  extra: Partial<ReplicaSet['spec']> = {},
): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: 'frontend' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      },
      ...extra,
    },
  };
}

describe('ReplicaSet controller', () => {
  let api: TestApi;
  let intercepted: InterceptedApi;
  let manager: ControllerManager;

  beforeEach(async () => {
    api = await startTestApi();
    intercepted = new InterceptedApi(api.server);
    manager = new ControllerManager({
      client: new Client(intercepted),
      clock: api.clock,
      timing: kubernetesDefaults,
    });
    manager.add(new ReplicaSetController());
    await manager.start();
  });

  afterEach(() => manager.stop());

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

  async function activePods(app = 'web'): Promise<Pod[]> {
    const list = await api.client.list<Pod>(pods, 'default', { labelSelector: `app=${app}` });
    return list.items.filter((p) => !p.metadata.deletionTimestamp);
  }

  async function getRS(name = 'web'): Promise<ReplicaSet> {
    return api.client.get<ReplicaSet>(replicasets, 'default', name);
  }

  async function eventsFor(name: string, reason: string): Promise<Event[]> {
    const list = await api.client.list<Event>(eventsResource, 'default');
    return list.items.filter((e) => e.involvedObject.name === name && e.reason === reason);
  }

  async function setPodStatus(name: string, status: Pod['status']) {
    const pod = await api.client.get<Pod>(pods, 'default', name);
    await api.client.updateStatus(pods, { ...pod, status: { ...pod.status, ...status } });
  }

  async function markReady(name: string) {
    await setPodStatus(name, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(api.clock.now()) }],
    });
  }

  async function scale(replicas: number, name = 'web') {
    await api.client.patch(replicasets, 'default', name, { spec: { replicas } });
  }

  it('creates spec.replicas pods named <rs>-xxxxx, controlled by the ReplicaSet', async () => {
    const rs = await api.client.create<ReplicaSet>(replicasets, 'default', replicaSet('web', 3));
    await until(async () => (await activePods()).length === 3);
    await settle();

    const list = await activePods();
    expect(list).to.have.length(3);
    for (const pod of list) {
      expect(pod.metadata.name).to.match(podName);
      expect(pod.metadata.labels).to.deep.equal({ app: 'web', tier: 'frontend' });
      expect(pod.metadata.ownerReferences).to.deep.equal([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(pod.spec.containers[0].image).to.equal('nginx:1.25');
    }
    const status = (await getRS()).status;
    expect(status?.replicas).to.equal(3);
    expect(status?.fullyLabeledReplicas).to.equal(3);
    expect(status?.readyReplicas ?? 0).to.equal(0);
    expect(status?.observedGeneration).to.equal(1);

    const created = await eventsFor('web', 'SuccessfulCreate');
    expect(created.map((e) => e.message).sort()).to.deep.equal(
      list.map((p) => `Created pod: ${p.metadata.name}`).sort(),
    );
    expect(
      created.every((e) => e.type === 'Normal' && e.source?.component === 'replicaset-controller'),
    ).to.equal(true);
  });

  it('creates pods in slow-start batches of 1, 2, 4, ...', async () => {
    await api.client.create(replicasets, 'default', replicaSet('web', 7));
    await until(async () => (await activePods()).length === 7);
    // Batches 1, 2 and 4: never more than 4 creations at once, and at least that many.
    expect(intercepted.maxInFlightCreates).to.equal(4);
  });

  it('stops at the first failed batch, records FailedCreate and sets ReplicaFailure', async () => {
    const outcomes: string[] = [];
    let refusing = true;
    intercepted.intercept = (request) => {
      if (!isPodCreate(request) || !refusing) return undefined;
      if (outcomes.length === 0) {
        outcomes.push('created');
        return undefined;
      }
      outcomes.push('refused');
      const status = forbidden({ group: '', resource: 'pods' }, '', 'exceeded quota: pods').status;
      return { status: 403, body: status };
    };
    await api.client.create(replicasets, 'default', replicaSet('web', 5));
    await until(async () => (await getRS()).status?.conditions !== undefined);

    // Batch 1 created one pod; batch 2 (two creations) failed, so batch 3 never ran; each
    // retry since then tried one creation (a new first batch) and failed.
    expect(outcomes.slice(0, 3)).to.deep.equal(['created', 'refused', 'refused']);
    expect(outcomes.slice(3).every((o) => o === 'refused')).to.equal(true);
    expect(await activePods()).to.have.length(1);
    const [failed] = await eventsFor('web', 'FailedCreate');
    expect(failed.type).to.equal('Warning');
    expect(failed.message).to.equal('Error creating: pods is forbidden: exceeded quota: pods');
    const condition = (await getRS()).status?.conditions?.[0];
    expect(condition).to.include({
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: 'pods is forbidden: exceeded quota: pods',
    });

    // Once creations succeed again, the retries fill up the set and clear the condition.
    refusing = false;
    await until(async () => (await activePods()).length === 5, 60_000);
    await until(async () => (await getRS()).status?.conditions === undefined);
  });

  it('scales up and down, deleting not-ready pods before ready ones', async () => {
    await api.client.create(replicasets, 'default', replicaSet('web', 2));
    await until(async () => (await activePods()).length === 2);
    await scale(5);
    await until(async () => (await activePods()).length === 5);

    const all = await activePods();
    const keep = all.slice(0, 2).map((p) => p.metadata.name ?? '');
    for (const name of keep) await markReady(name);
    await until(async () => (await getRS()).status?.readyReplicas === 2);

    await scale(2);
    await until(async () => (await activePods()).length === 2);
    await settle();
    const left = (await activePods()).map((p) => p.metadata.name).sort();
    expect(left).to.deep.equal([...keep].sort());
    const deleted = await eventsFor('web', 'SuccessfulDelete');
    expect(deleted.map((e) => e.message).sort()).to.deep.equal(
      all
        .filter((p) => !keep.includes(p.metadata.name ?? ''))
        .map((p) => `Deleted pod: ${p.metadata.name}`)
        .sort(),
    );
    expect((await getRS()).status?.replicas).to.equal(2);
    expect((await getRS()).status?.observedGeneration).to.equal(3);
  });

  it('replaces a deleted pod and a pod that failed', async () => {
    await api.client.create(replicasets, 'default', replicaSet('web', 2));
    await until(async () => (await activePods()).length === 2);
    const [first, second] = await activePods();

    await api.client.delete(pods, 'default', first.metadata.name ?? '');
    await until(async () => {
      const names = (await activePods()).map((p) => p.metadata.name);
      return names.length === 2 && !names.includes(first.metadata.name);
    });

    await setPodStatus(second.metadata.name ?? '', { phase: 'Failed' });
    await until(async () => {
      const running = (await activePods()).filter((p) => p.status?.phase !== 'Failed');
      return running.length === 2;
    });
    await settle();
    // A terminal pod is not counted, and not deleted either (the pod GC collects it).
    expect((await getRS()).status?.replicas).to.equal(2);
    expect(await activePods()).to.have.length(3);
  });

  it('adopts a matching orphan and releases a pod whose labels stop matching', async () => {
    const orphan = await api.client.create<Pod>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
    });
    const rs = await api.client.create<ReplicaSet>(replicasets, 'default', replicaSet('web', 2));
    await until(async () => (await activePods()).length === 2);
    await settle();

    const adopted = await api.client.get<Pod>(pods, 'default', 'stray');
    expect(adopted.metadata.uid).to.equal(orphan.metadata.uid);
    expect(adopted.metadata.ownerReferences?.[0]).to.include({
      kind: 'ReplicaSet',
      name: 'web',
      uid: rs.metadata.uid,
      controller: true,
    });
    expect(await eventsFor('web', 'SuccessfulCreate')).to.have.length(1);
    // The adopted pod lacks the template's `tier` label: 2 replicas, 1 fully labeled.
    expect((await getRS()).status).to.include({ replicas: 2, fullyLabeledReplicas: 1 });

    await api.client.patch(pods, 'default', 'stray', { metadata: { labels: { app: 'other' } } });
    await until(async () => (await activePods()).length === 2);
    await settle();
    const released = await api.client.get<Pod>(pods, 'default', 'stray');
    expect(released.metadata.ownerReferences ?? []).to.deep.equal([]);
    expect(await eventsFor('web', 'SuccessfulCreate')).to.have.length(2);
  });

  it('counts ready pods, and available ones only after minReadySeconds', async () => {
    await api.client.create(replicasets, 'default', replicaSet('web', 2, { minReadySeconds: 10 }));
    await until(async () => (await activePods()).length === 2);
    for (const pod of await activePods()) await markReady(pod.metadata.name ?? '');
    await until(async () => (await getRS()).status?.readyReplicas === 2);
    await settle();
    expect((await getRS()).status?.availableReplicas ?? 0).to.equal(0);

    await api.clock.advance(9_000);
    await settle();
    expect((await getRS()).status?.availableReplicas ?? 0).to.equal(0);
    await api.clock.advance(2_500);
    await until(async () => (await getRS()).status?.availableReplicas === 2);
  });

  it('does not create twice while the watch lags behind its own creations', async () => {
    intercepted.holdPodEvents();
    await api.client.create(replicasets, 'default', replicaSet('web', 3));
    await until(async () => (await api.client.list<Pod>(pods, 'default')).items.length === 3);
    // More syncs while the cache still shows no pods: expectations keep them from acting.
    for (let i = 0; i < 3; i++) {
      await api.client.patch(replicasets, 'default', 'web', {
        metadata: { annotations: { poke: String(i) } },
      });
      await settle();
    }
    expect((await api.client.list<Pod>(pods, 'default')).items).to.have.length(3);

    intercepted.releasePodEvents();
    await settle();
    expect(await activePods()).to.have.length(3);
    expect(await eventsFor('web', 'SuccessfulCreate')).to.have.length(3);
    expect((await getRS()).status?.replicas).to.equal(3);
  });
});

describe('podsToDelete', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  let uid = 0;

  function pod(
    name: string,
    options: {
      node?: string;
      phase?: 'Pending' | 'Running' | 'Unknown';
      readySince?: number;
      restarts?: number;
      created?: number;
      cost?: string;
    } = {},
  ): Pod {
    return {
      metadata: {
        name,
        uid: `uid-${String(++uid).padStart(4, '0')}`,
        creationTimestamp: rfc3339(options.created ?? now - 3_600_000),
        ...(options.cost
          ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': options.cost } }
          : {}),
      },
      spec: { containers: [], ...(options.node ? { nodeName: options.node } : {}) },
      status: {
        phase: options.phase ?? 'Running',
        conditions:
          options.readySince === undefined
            ? []
            : [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(options.readySince) }],
        containerStatuses: [
          { name: 'c', ready: true, restartCount: options.restarts ?? 0, image: '', imageID: '' },
        ],
      },
    };
  }

  const hourAgo = now - 3_600_000;
  const cases: { name: string; pods: Pod[]; related?: Pod[]; first: string }[] = [
    {
      name: 'unscheduled before scheduled',
      pods: [pod('scheduled', { node: 'a' }), pod('unscheduled', { phase: 'Pending' })],
      first: 'unscheduled',
    },
    {
      name: 'Pending before Unknown before Running',
      pods: [
        pod('running', { node: 'a' }),
        pod('unknown', { node: 'a', phase: 'Unknown' }),
        pod('pending', { node: 'a', phase: 'Pending' }),
      ],
      first: 'pending',
    },
    {
      name: 'not ready before ready',
      pods: [pod('ready', { node: 'a', readySince: hourAgo }), pod('not-ready', { node: 'b' })],
      first: 'not-ready',
    },
    {
      name: 'lower pod-deletion-cost first',
      pods: [
        pod('costly', { node: 'a', readySince: hourAgo, cost: '100' }),
        pod('cheap', { node: 'b', readySince: hourAgo, cost: '-5' }),
      ],
      first: 'cheap',
    },
    {
      name: 'doubled up on a node before alone',
      pods: [
        pod('alone', { node: 'a', readySince: hourAgo }),
        pod('crowded', { node: 'b', readySince: hourAgo }),
      ],
      // A pod of a sibling ReplicaSet (same Deployment) shares node b.
      related: [pod('sibling', { node: 'b', readySince: hourAgo })],
      first: 'crowded',
    },
    {
      name: 'ready for less time first (on a log scale)',
      pods: [
        pod('old-ready', { node: 'a', readySince: now - 86_400_000 }),
        pod('new-ready', { node: 'b', readySince: now - 60_000 }),
      ],
      first: 'new-ready',
    },
    {
      name: 'more restarts first',
      pods: [
        pod('stable', { node: 'a', readySince: hourAgo }),
        pod('flappy', { node: 'b', readySince: hourAgo, restarts: 4 }),
      ],
      first: 'flappy',
    },
    {
      name: 'newer before older',
      pods: [
        pod('older', { node: 'a', readySince: hourAgo, created: now - 86_400_000 }),
        pod('newer', { node: 'b', readySince: hourAgo, created: now - 60_000 }),
      ],
      first: 'newer',
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const related = [...c.pods, ...(c.related ?? [])];
      const [victim] = podsToDelete(c.pods, related, 1, now);
      expect(victim.metadata.name).to.equal(c.first);
      const reversed = [...c.pods].reverse();
      expect(podsToDelete(reversed, related, 1, now)[0].metadata.name).to.equal(c.first);
    });
  }

  it('returns every pod when asked for as many or more', () => {
    const list = [pod('a'), pod('b')];
    expect(podsToDelete(list, list, 5, now)).to.have.length(2);
  });
});
