import { expect } from '@esm-bundle/chai';
import type { Status, StatusError } from '../../../../src/kernel/api/errors.ts';
import { poddisruptionbudgets, pods } from '../../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../../src/kernel/clock/clock.ts';
import type { Pod } from '../../../../src/kernel/types/core.ts';
import type {
  PodDisruptionBudget,
  PodDisruptionBudgetStatus,
} from '../../../../src/kernel/types/policy.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

async function failure(attempt: Promise<unknown>): Promise<StatusError> {
  try {
    await attempt;
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('the request succeeded');
}

describe('pods/eviction', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });

  async function pod(name: string, ready = true, phase: 'Running' | 'Pending' = 'Running') {
    const created = await api.client.create<Pod>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: 'web' } },
      spec: { nodeName: 'n1', containers: [{ name: 'web', image: 'nginx' }] },
    });
    const now = rfc3339(api.clock.now());
    await api.client.updateStatus(pods, {
      ...created,
      status: {
        ...created.status,
        phase,
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }],
      },
    });
  }

  /** A budget over app=web with the status a controller would have written. */
  async function budget(
    name: string,
    status: Partial<PodDisruptionBudgetStatus>,
    selector: PodDisruptionBudget['spec']['selector'] = { matchLabels: { app: 'web' } },
  ) {
    const pdb = await api.client.create<PodDisruptionBudget>(poddisruptionbudgets, 'default', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name },
      spec: { minAvailable: 2, selector },
    });
    await api.client.updateStatus(poddisruptionbudgets, {
      ...pdb,
      status: {
        disruptionsAllowed: 0,
        currentHealthy: 0,
        desiredHealthy: 0,
        expectedPods: 0,
        observedGeneration: 1,
        ...status,
      },
    });
  }

  const evict = (name: string, body: Record<string, unknown> = {}) =>
    api.server.handle({
      verb: 'POST',
      path: `/api/v1/namespaces/default/pods/${name}/eviction`,
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name, namespace: 'default' },
        ...body,
      },
    });

  const getPod = (name: string) => api.client.get<Pod>(pods, 'default', name);
  const getBudget = (name = 'web') =>
    api.client.get<PodDisruptionBudget>(poddisruptionbudgets, 'default', name);

  it('deletes a pod no budget covers, marking it DisruptionTarget', async () => {
    await pod('web-1');
    const response = await evict('web-1');
    expect(response.status).to.equal(201);
    expect(response.body).to.deep.equal({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 201,
    });
    const evicted = await getPod('web-1');
    expect(evicted.metadata.deletionTimestamp).to.be.a('string');
    expect(evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).to.deep.equal({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: rfc3339(api.clock.now()),
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
    });
  });

  it('refuses with 429 while the budget allows no disruption, leaving the pod alone', async () => {
    await pod('web-1');
    await budget('web', { currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 });
    const response = await evict('web-1');
    expect(response.status).to.equal(429);
    const status = response.body as Status;
    expect(status.reason).to.equal('TooManyRequests');
    expect(status.message).to.equal(
      "Cannot evict pod as it would violate the pod's disruption budget.",
    );
    expect(status.details).to.deep.equal({
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget web needs 2 healthy pods and has 2 currently',
        },
      ],
    });
    const untouched = await getPod('web-1');
    expect(untouched.metadata.deletionTimestamp).to.equal(undefined);
    expect(untouched.status?.conditions?.map((c) => c.type)).to.deep.equal(['Ready']);
  });

  it('spends one disruption and records the pod in the budget', async () => {
    await pod('web-1');
    await budget('web', {
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      disruptionsAllowed: 1,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: 'True',
          reason: 'SufficientPods',
          message: '',
          observedGeneration: 1,
          lastTransitionTime: '2025-12-31T00:00:00Z',
        },
      ],
    });
    await api.clock.advance(5_000);
    expect((await evict('web-1')).status).to.equal(201);
    const now = rfc3339(api.clock.now());
    expect((await getBudget()).status).to.deep.equal({
      disruptionsAllowed: 0,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      observedGeneration: 1,
      disruptedPods: { 'web-1': now },
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: 'False',
          reason: 'InsufficientPods',
          message: '',
          observedGeneration: 1,
          lastTransitionTime: now,
        },
      ],
    });
    expect((await getPod('web-1')).metadata.deletionTimestamp).to.be.a('string');
  });

  it('asks to retry in 10s while the budget status is behind its spec', async () => {
    await pod('web-1');
    await budget('web', { disruptionsAllowed: 5, observedGeneration: 0 });
    const response = await evict('web-1');
    expect(response.status).to.equal(429);
    expect((response.body as Status).details).to.deep.equal({
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget web is still being processed by the server.',
        },
      ],
      retryAfterSeconds: 10,
    });
  });

  const goesAnyway: [string, () => Promise<void>, Partial<PodDisruptionBudgetStatus>][] = [
    ['a pending pod', () => pod('web-1', false, 'Pending'), {}],
    [
      'an unready pod while the budget is met',
      () => pod('web-1', false),
      { currentHealthy: 2, desiredHealthy: 2 },
    ],
  ];
  for (const [what, make, status] of goesAnyway) {
    it(`evicts ${what} without spending a disruption`, async () => {
      await make();
      await budget('web', status);
      expect((await evict('web-1')).status).to.equal(201);
      expect((await getBudget()).status?.disruptedPods).to.equal(undefined);
      expect((await getPod('web-1')).metadata.deletionTimestamp).to.be.a('string');
    });
  }

  it('refuses a pod that two budgets cover, and ignores budgets with an empty selector', async () => {
    await pod('web-1');
    await budget('everything', { disruptionsAllowed: 0 }, {});
    expect((await evict('web-1', { deleteOptions: { dryRun: ['All'] } })).status).to.equal(201);
    await budget('a', { disruptionsAllowed: 1 });
    await budget('b', { disruptionsAllowed: 1 });
    const response = await evict('web-1');
    expect(response).to.deep.equal({
      status: 500,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
        code: 500,
      },
    });
  });

  it('dry runs leave the pod and the budget as they were', async () => {
    await pod('web-1');
    await budget('web', { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2 });
    const response = await api.server.handle({
      verb: 'POST',
      path: '/api/v1/namespaces/default/pods/web-1/eviction',
      query: { dryRun: 'All' },
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1' } },
    });
    expect(response.status).to.equal(201);
    expect((await getBudget()).status?.disruptionsAllowed).to.equal(1);
    expect((await getPod('web-1')).metadata.deletionTimestamp).to.equal(undefined);
  });

  it('refuses a body naming another pod, and a missing pod', async () => {
    await pod('web-1');
    const mismatch = await api.server.handle({
      verb: 'POST',
      path: '/api/v1/namespaces/default/pods/web-1/eviction',
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-2' } },
    });
    expect(mismatch.status).to.equal(400);
    expect((mismatch.body as Status).message).to.equal(
      'name in URL does not match name in Eviction object',
    );
    const err = await failure(
      api.client.createSubresource(pods, 'default', 'nope', 'eviction', {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'nope' },
      }),
    );
    expect(err.status.reason).to.equal('NotFound');
    expect(err.status.message).to.equal('pods "nope" not found');
  });
});
