import { expect } from '@esm-bundle/chai';
import { events as eventsResource, nodes, pods } from '../../../src/kernel/api/resources.ts';
import { Scheduler } from '../../../src/kernel/scheduler/scheduler.ts';
import type { Event, Node, Pod } from '../../../src/kernel/types/core.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { makeNode, makePod } from './fixtures.ts';

/** A pod as a user would create it: no uid, no status. */
function newPod(name: string, options: Parameters<typeof makePod>[1] = {}): Pod {
  const pod = makePod(name, options);
  delete pod.metadata.uid;
  delete pod.status;
  return pod;
}

describe('Scheduler', () => {
  let api: TestApi;
  let scheduler: Scheduler;

  async function start(
    nodeList: Node[],
    options: Partial<ConstructorParameters<typeof Scheduler>[0]> = {},
  ) {
    api = await startTestApi();
    for (const node of nodeList) await api.client.create(nodes, undefined, node);
    scheduler = new Scheduler({
      client: api.client,
      clock: api.clock,
      random: () => 0,
      ...options,
    });
    await scheduler.start();
  }

  afterEach(() => scheduler?.stop());

  const getPod = (name: string) => api.client.get<Pod>(pods, 'default', name);
  const podEvents = async (name: string) =>
    (await api.client.list<Event>(eventsResource, 'default')).items.filter(
      (e) => e.involvedObject.name === name,
    );

  /** Lets the cluster run: cluster time passes in steps, each followed by a few event-loop turns. */
  async function until(predicate: () => Promise<boolean>, ms = 2_000, step = 100): Promise<void> {
    for (let elapsed = 0; elapsed <= ms; elapsed += step) {
      if (await predicate()) return;
      await api.clock.advance(step);
    }
    throw new Error('condition not reached');
  }

  const scheduled = (name: string) => async () => !!(await getPod(name)).spec.nodeName;

  it('binds a pending pod and records Scheduled', async () => {
    await start([makeNode('node-a')]);
    await api.client.create(pods, 'default', newPod('web', { cpu: '100m' }));
    await until(scheduled('web'));
    const pod = await getPod('web');
    expect(pod.spec.nodeName).to.equal('node-a');
    expect(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).to.equal('True');
    await until(async () => (await podEvents('web')).length > 0);
    const [event] = await podEvents('web');
    expect(event).to.deep.include({
      reason: 'Scheduled',
      type: 'Normal',
      message: 'Successfully assigned default/web to node-a',
      reportingComponent: 'default-scheduler',
      count: 1,
    });
    expect(event.source).to.deep.equal({ component: 'default-scheduler' });
    expect(event.metadata.name).to.match(/^web\.[0-9a-f]+$/);
    expect(event.involvedObject).to.include({
      kind: 'Pod',
      name: 'web',
      namespace: 'default',
      uid: pod.metadata.uid,
    });
    expect(event.firstTimestamp).to.be.a('string');
  });

  it('places consecutive pods knowing about each other before their bindings are seen', async () => {
    await start([makeNode('node-a', { cpu: '1' }), makeNode('node-b', { cpu: '1' })]);
    await Promise.all(
      ['one', 'two'].map((name) => api.client.create(pods, 'default', newPod(name, { cpu: '1' }))),
    );
    await until(async () => (await scheduled('one')()) && (await scheduled('two')()));
    const placed = [
      (await getPod('one')).spec.nodeName,
      (await getPod('two')).spec.nodeName,
    ].sort();
    expect(placed).to.deep.equal(['node-a', 'node-b']);
  });

  it('spreads a controller\u2019s pods over nodes by default', async () => {
    await start([makeNode('node-a'), makeNode('node-b'), makeNode('node-c')]);
    for (let i = 0; i < 6; i++)
      await api.client.create(pods, 'default', newPod(`rs-${i}`, { owner: 'rs-uid' }));
    await until(async () =>
      (await api.client.list<Pod>(pods, 'default')).items.every((p) => p.spec.nodeName),
    );
    const perNode = new Map<string, number>();
    for (const p of (await api.client.list<Pod>(pods, 'default')).items) {
      perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
    }
    expect([...perNode.values()]).to.deep.equal([2, 2, 2]);
  });

  describe('when no node fits', () => {
    const message =
      '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
      '2 No preemption victims found for incoming pod.';

    beforeEach(async () => {
      await start([
        makeNode('control-plane', {
          taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
        }),
        makeNode('worker', { cpu: '2' }),
        makeNode('worker2', { cpu: '2' }),
      ]);
      for (const node of ['worker', 'worker2']) {
        await api.client.create(
          pods,
          'default',
          newPod(`busy-${node}`, { cpu: '1500m', nodeName: node }),
        );
      }
      await api.client.create(pods, 'default', newPod('big', { cpu: '1' }));
      await until(async () => (await podEvents('big')).length > 0);
    });

    it('records FailedScheduling and sets PodScheduled=False with kube-scheduler\u2019s message', async () => {
      const [event] = await podEvents('big');
      expect(event).to.deep.include({
        reason: 'FailedScheduling',
        type: 'Warning',
        message,
        count: 1,
      });
      expect(event.source).to.deep.equal({ component: 'default-scheduler' });
      await until(async () => !!(await getPod('big')).status?.conditions?.length);
      const condition = (await getPod('big')).status?.conditions?.find(
        (c) => c.type === 'PodScheduled',
      );
      expect(condition).to.deep.include({ status: 'False', reason: 'Unschedulable', message });
      expect((await getPod('big')).spec.nodeName).to.equal(undefined);
    });

    it('retries when a node that fits is added', async () => {
      await api.client.create(nodes, undefined, makeNode('worker3', { cpu: '4' }));
      await until(scheduled('big'));
      expect((await getPod('big')).spec.nodeName).to.equal('worker3');
    });

    it('retries when a node grows', async () => {
      const worker = await api.client.get<Node>(nodes, undefined, 'worker');
      await api.client.updateStatus(nodes, {
        ...worker,
        status: { ...worker.status, allocatable: { cpu: '8', memory: '8Gi', pods: '110' } },
      });
      await until(scheduled('big'));
      expect((await getPod('big')).spec.nodeName).to.equal('worker');
    });

    it('counts a repeated failure on the same Event', async () => {
      // Nothing changes: the pod is retried after podMaxUnschedulableDuration (5 minutes).
      await until(async () => (await podEvents('big'))[0]?.count === 2, 6 * 60_000, 10_000);
      expect(await podEvents('big')).to.have.length(1);
    });
  });

  it('retries when a pod on the node is deleted', async () => {
    await start([makeNode('node-a', { cpu: '1' })]);
    await api.client.create(pods, 'default', newPod('first', { cpu: '1' }));
    await until(scheduled('first'));
    await api.client.create(pods, 'default', newPod('second', { cpu: '1' }));
    await until(async () =>
      (await podEvents('second')).some((e) => e.reason === 'FailedScheduling'),
    );
    await api.client.delete(pods, 'default', 'first', { gracePeriodSeconds: 0 });
    await until(scheduled('second'));
    expect((await getPod('second')).spec.nodeName).to.equal('node-a');
  });

  it('leaves pods of other schedulers alone', async () => {
    await start([makeNode('node-a')]);
    await api.client.create(
      pods,
      'default',
      newPod('other', { spec: { schedulerName: 'my-scheduler' } }),
    );
    await api.client.create(
      pods,
      'default',
      newPod('mine', { spec: { schedulerName: 'default-scheduler' } }),
    );
    await until(scheduled('mine'));
    await api.clock.advance(1_000);
    expect((await getPod('other')).spec.nodeName).to.equal(undefined);
    expect(await podEvents('other')).to.deep.equal([]);
  });

  it('works through a long queue, yielding the thread on the way', async () => {
    await start([makeNode('node-a'), makeNode('node-b'), makeNode('node-c')]);
    await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        api.client.create(pods, 'default', newPod(`p-${i}`, { cpu: '10m' })),
      ),
    );
    await until(async () =>
      (await api.client.list<Pod>(pods, 'default')).items.every((p) => p.spec.nodeName),
    );
    await scheduler.bindingsSettled();
    expect(scheduler.cache.podCount).to.equal(250);
  });

  it('schedules pods created before it started', async () => {
    api = await startTestApi();
    await api.client.create(nodes, undefined, makeNode('node-a'));
    await api.client.create(pods, 'default', newPod('early'));
    scheduler = new Scheduler({ client: api.client, clock: api.clock });
    await scheduler.start();
    await until(scheduled('early'));
  });
});
