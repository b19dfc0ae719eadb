import { expect } from '@esm-bundle/chai';
import type { StatusError } from '../../../src/kernel/api/errors.ts';
import {
  deployments,
  persistentvolumeclaims,
  pods,
  resourcequotas,
  services,
} from '../../../src/kernel/api/resources.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { ResourceQuotaController } from '../../../src/kernel/controllers/resource-quota.ts';
import type { Deployment } from '../../../src/kernel/types/apps.ts';
import type { Pod, ResourceList } from '../../../src/kernel/types/core.ts';
import type { ResourceQuota } from '../../../src/kernel/types/quota.ts';
import type { Service } from '../../../src/kernel/types/service.ts';
import type { PersistentVolumeClaim } from '../../../src/kernel/types/storage.ts';
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
  it('keeps node ports right as a Service changes type and goes', async () => {
    await createQuota({ services: '5', 'services.nodeports': '2' });
    await until(async () => (await used())?.services === '0');
    const svc: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] },
    };
    await api.client.create(services, 'default', svc);
    expect(await used()).to.deep.equal({ services: '1', 'services.nodeports': '1' });
    // Back to ClusterIP: admission charges nothing, the controller gives the port back.
    await api.client.patch(services, 'default', 'web', {
      spec: { type: 'ClusterIP', ports: [{ port: 80, nodePort: null }] },
    });
    await until(async () => (await used())?.['services.nodeports'] === '0');
    await api.client.patch(services, 'default', 'web', { spec: { type: 'NodePort' } });
    expect(await used()).to.deep.equal({ services: '1', 'services.nodeports': '1' });
    await api.client.delete(services, 'default', 'web');
    await until(async () => (await used())?.services === '0');
    expect(await used()).to.deep.equal({ services: '0', 'services.nodeports': '0' });
  });

  it('keeps requests.storage right as a claim grows, finishes a resize and goes', async () => {
    await createQuota({ 'requests.storage': '10Gi' });
    await until(async () => (await used())?.['requests.storage'] === '0');
    const created = await api.client.create<PersistentVolumeClaim>(
      persistentvolumeclaims,
      'default',
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    );
    const bound = await api.client.updateStatus<PersistentVolumeClaim>(persistentvolumeclaims, {
      ...created,
      status: { phase: 'Bound', capacity: { storage: '1Gi' } },
    });
    expect((await used())?.['requests.storage']).to.equal('1Gi');
    await api.client.patch(persistentvolumeclaims, 'default', 'data', {
      spec: { resources: { requests: { storage: '2Gi' } } },
    });
    expect((await used())?.['requests.storage']).to.equal('2Gi');
    // The volume came out larger than asked: the claim counts what it was given.
    const grown = await api.client.get<PersistentVolumeClaim>(
      persistentvolumeclaims,
      'default',
      'data',
    );
    await api.client.updateStatus(persistentvolumeclaims, {
      ...grown,
      status: { ...bound.status, allocatedResources: { storage: '3Gi' } },
    });
    await until(async () => (await used())?.['requests.storage'] === '3Gi');
    await api.client.delete(persistentvolumeclaims, 'default', 'data');
    // The claim protection finalizer keeps it until removed; drop it as the controller would.
    const deleting = await api.client.get<PersistentVolumeClaim>(
      persistentvolumeclaims,
      'default',
      'data',
    );
    await api.client.update(persistentvolumeclaims, {
      ...deleting,
      metadata: { ...deleting.metadata, finalizers: [] },
    });
    await until(async () => (await used())?.['requests.storage'] === '0');
  });
});
