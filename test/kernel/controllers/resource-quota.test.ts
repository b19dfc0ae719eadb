import { expect } from '@esm-bundle/chai';
import type { StatusError } from '../../../src/kernel/api/errors.ts';
import { deployments, pods, resourcequotas } from '../../../src/kernel/api/resources.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { ResourceQuotaController } from '../../../src/kernel/controllers/resource-quota.ts';
import type { Deployment } from '../../../src/kernel/types/apps.ts';
import type { Pod, ResourceList } from '../../../src/kernel/types/core.ts';
import type { ResourceQuota } from '../../../src/kernel/types/quota.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

function pod(name: string, requests?: ResourceList): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      containers: [
        { name: 'app', image: 'nginx', ...(requests ? { resources: { requests } } : {}) },
      ],
    },
  };
}

function deployment(name: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'nginx' }] },
      },
    },
  };
}

describe('ResourceQuota controller', () => {
  let api: TestApi;
  let manager: ControllerManager;

  beforeEach(async () => {
    api = await startTestApi();
    manager = new ControllerManager({
      client: new Client(api.server),
      clock: api.clock,
      timing: kubernetesDefaults,
    });
    manager.add(new ResourceQuotaController());
    await manager.start();
  });

  afterEach(() => manager.stop());

  async function until(predicate: () => Promise<boolean>, limitMs = 5_000) {
    for (let elapsed = 0; elapsed <= limitMs; elapsed += 10) {
      if (await predicate()) return;
      await api.clock.advance(10);
    }
    throw new Error(`not reached within ${limitMs} ms of cluster time`);
  }

  async function used(name = 'q'): Promise<ResourceList | undefined> {
    return (await api.client.get<ResourceQuota>(resourcequotas, 'default', name)).status?.used;
  }

  async function createQuota(
    hard: ResourceList,
    spec: Partial<NonNullable<ResourceQuota['spec']>> = {},
    name = 'q',
  ) {
    await api.client.create(resourcequotas, 'default', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name },
      spec: { hard, ...spec },
    });
  }

  it('copies spec.hard to status and counts what the namespace already uses', async () => {
    await api.client.create(pods, 'default', pod('a', { cpu: '500m', memory: '64Mi' }));
    await api.client.create(pods, 'default', pod('b', { cpu: '1' }));
    await createQuota({
      pods: '10',
      'requests.cpu': '4',
      'requests.memory': '1Gi',
      'count/configmaps': '5',
    });
    await until(async () => (await used()) !== undefined);
    const q = await api.client.get<ResourceQuota>(resourcequotas, 'default', 'q');
    expect(q.status).to.deep.equal({
      hard: { 'count/configmaps': '5', pods: '10', 'requests.cpu': '4', 'requests.memory': '1Gi' },
      used: {
        'count/configmaps': '0',
        pods: '2',
        'requests.cpu': '1500m',
        'requests.memory': '64Mi',
      },
    });
  });

  it('gives units back when a pod goes or finishes, and admission charges new ones', async () => {
    await createQuota({ pods: '2', 'count/pods': '5' });
    await until(async () => (await used())?.pods === '0');
    await api.client.create(pods, 'default', pod('a'));
    await api.client.create(pods, 'default', pod('b'));
    expect(await used()).to.deep.equal({ 'count/pods': '2', pods: '2' });
    let refused: StatusError | undefined;
    await api.client.create(pods, 'default', pod('c')).catch((e) => (refused = e));
    expect(refused?.status.message).to.equal(
      'pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
    );

    const b = await api.client.get<Pod>(pods, 'default', 'b');
    await api.client.updateStatus(pods, { ...b, status: { ...b.status, phase: 'Succeeded' } });
    // A finished pod no longer holds a pod, but it still exists for count/pods.
    await until(async () => (await used())?.pods === '1');
    expect((await used())?.['count/pods']).to.equal('2');
    await api.client.delete(pods, 'default', 'a');
    await until(async () => (await used())?.pods === '0');
    await api.client.create(pods, 'default', pod('c'));
    await until(async () => (await used())?.pods === '1');
  });

  it('counts only the pods in its scopes', async () => {
    await api.client.create(pods, 'default', pod('best-effort'));
    await api.client.create(pods, 'default', pod('burstable', { cpu: '100m' }));
    await createQuota({ pods: '5' }, { scopes: ['BestEffort'] });
    await until(async () => (await used())?.pods === '1');
  });

  it('counts any kind by count/<resource>.<group>', async () => {
    await api.client.create(deployments, 'default', deployment('one'));
    await createQuota({ 'count/deployments.apps': '2' });
    await until(async () => (await used())?.['count/deployments.apps'] === '1');
    await api.client.create(deployments, 'default', deployment('two'));
    let refused: StatusError | undefined;
    await api.client
      .create(deployments, 'default', deployment('three'))
      .catch((e) => (refused = e));
    expect(refused?.status.message).to.equal(
      'deployments.apps "three" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=2, limited: count/deployments.apps=2',
    );
    await api.client.delete(deployments, 'default', 'one');
    await until(async () => (await used())?.['count/deployments.apps'] === '1');
  });
});
