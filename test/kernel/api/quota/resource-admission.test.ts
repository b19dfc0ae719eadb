import { expect } from '@esm-bundle/chai';
import type { Status } from '../../../../src/kernel/api/errors.ts';
import {
  configmaps,
  limitranges,
  persistentvolumeclaims,
  pods,
  resourcequotas,
  services,
} from '../../../../src/kernel/api/resources.ts';
import type { ConfigMap } from '../../../../src/kernel/types/config.ts';
import type { Pod } from '../../../../src/kernel/types/core.ts';
import type { LimitRange, ResourceQuota } from '../../../../src/kernel/types/quota.ts';
import type { Service } from '../../../../src/kernel/types/service.ts';
import type { PersistentVolumeClaim } from '../../../../src/kernel/types/storage.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

/**
 * LimitRanger and ResourceQuota on updates, as upstream's plugins run them: Services and
 * claims are charged for what an update adds, pods and other kinds are not looked at again,
 * subresources skip both plugins, and a claim is held to the LimitRange only for a storage
 * request the update changes.
 */
describe('LimitRanger and ResourceQuota admission of updates', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });

  /** A quota whose status the quota controller would have written (hard copied, used given). */
  async function quota(
    name: string,
    hard: Record<string, string>,
    used: Record<string, string>,
  ): Promise<ResourceQuota> {
    const created = await api.client.create<ResourceQuota>(resourcequotas, 'default', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name },
      spec: { hard },
    });
    return api.client.updateStatus<ResourceQuota>(resourcequotas, {
      ...created,
      status: { hard, used },
    });
  }

  async function used(name: string): Promise<Record<string, string> | undefined> {
    const q = await api.client.get<ResourceQuota>(resourcequotas, 'default', name);
    return q.status?.used;
  }

  /** The Status of a request the server refused (fails the test if it succeeded). */
  async function refusal(attempt: Promise<unknown>): Promise<Status> {
    try {
      await attempt;
    } catch (err) {
      return (err as { status: Status }).status;
    }
    throw new Error('the request succeeded');
  }

  /** A raw request, for the dryRun query parameter the typed client does not send. */
  async function raw(verb: string, path: string, body: unknown, query = {}) {
    return api.server.handle({
      verb,
      path,
      query,
      body,
      contentType: verb === 'PATCH' ? 'application/merge-patch+json' : undefined,
    });
  }

  function service(name: string, ports: number[]): Service {
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: {
        selector: { app: name },
        ports: ports.map((port) => ({ name: `p${port}`, port })),
      },
    };
  }

  async function createService(name: string, ports: number[]): Promise<Service> {
    return api.client.create<Service>(services, 'default', service(name, ports));
  }

  describe('Services', () => {
    it('charges the node ports a Service takes when it becomes a NodePort', async () => {
      await quota('ports', { 'services.nodeports': '2' }, { 'services.nodeports': '0' });
      const web = await createService('web', [80]);
      expect(await used('ports')).to.deep.equal({ 'services.nodeports': '0' });
      await api.client.update(services, { ...web, spec: { ...web.spec, type: 'NodePort' } });
      // Admission charges the quota before the write, so the count is right at once.
      expect(await used('ports')).to.deep.equal({ 'services.nodeports': '1' });
    });

    it('refuses a type change past the quota with upstream wording (PUT and PATCH)', async () => {
      await quota('ports', { 'services.nodeports': '1' }, { 'services.nodeports': '0' });
      const web = await createService('web', [80, 443]);
      const put = await refusal(
        api.client.update(services, { ...web, spec: { ...web.spec, type: 'NodePort' } }),
      );
      expect(put.code).to.equal(403);
      expect(put.reason).to.equal('Forbidden');
      expect(put.message).to.equal(
        'services "web" is forbidden: exceeded quota: ports, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1',
      );
      const patch = await refusal(
        api.client.patch(services, 'default', 'web', { spec: { type: 'NodePort' } }),
      );
      expect(patch.message).to.equal(put.message);
      const stored = await api.client.get<Service>(services, 'default', 'web');
      expect(stored.spec?.type).to.equal('ClusterIP');
      expect(await used('ports')).to.deep.equal({ 'services.nodeports': '0' });
    });

    it('counts a LoadBalancer against services.loadbalancers and its node ports', async () => {
      await quota(
        'lb',
        { 'services.loadbalancers': '1', 'services.nodeports': '3' },
        { 'services.loadbalancers': '1', 'services.nodeports': '1' },
      );
      await createService('web', [80]);
      const err = await refusal(
        api.client.patch(services, 'default', 'web', { spec: { type: 'LoadBalancer' } }),
      );
      expect(err.message).to.equal(
        'services "web" is forbidden: exceeded quota: lb, requested: services.loadbalancers=1, used: services.loadbalancers=1, limited: services.loadbalancers=1',
      );
    });

    it('charges only what an update adds: NodePort to LoadBalancer adds no node ports', async () => {
      await quota(
        'lb',
        { 'services.loadbalancers': '1', 'services.nodeports': '1' },
        { 'services.loadbalancers': '0', 'services.nodeports': '0' },
      );
      await createService('web', [80]);
      await api.client.patch(services, 'default', 'web', { spec: { type: 'NodePort' } });
      expect(await used('lb')).to.deep.equal({
        'services.loadbalancers': '0',
        'services.nodeports': '1',
      });
      // The one node port is already paid for; only the load balancer is new.
      await api.client.patch(services, 'default', 'web', { spec: { type: 'LoadBalancer' } });
      expect(await used('lb')).to.deep.equal({
        'services.loadbalancers': '1',
        'services.nodeports': '1',
      });
    });

    it('lets an update that uses nothing more through a full quota, without charging', async () => {
      await createService('web', [80]);
      await quota(
        'full',
        { services: '1', 'services.nodeports': '0' },
        { services: '1', 'services.nodeports': '0' },
      );
      await api.client.patch(services, 'default', 'web', {
        metadata: { labels: { touched: 'yes' } },
      });
      expect(await used('full')).to.deep.equal({ services: '1', 'services.nodeports': '0' });
    });

    it('decides a dry-run update as a real one but charges nothing', async () => {
      await quota('ports', { 'services.nodeports': '1' }, { 'services.nodeports': '0' });
      await createService('web', [80, 443]);
      const path = '/api/v1/namespaces/default/services/web';
      const refused = await raw('PATCH', path, { spec: { type: 'NodePort' } }, { dryRun: 'All' });
      expect(refused.status).to.equal(403);
      await createService('one', [80]);
      const admitted = await raw(
        'PATCH',
        '/api/v1/namespaces/default/services/one',
        { spec: { type: 'NodePort' } },
        { dryRun: 'All' },
      );
      expect(admitted.status).to.equal(200);
      expect((admitted.body as Service).spec?.type).to.equal('NodePort');
      expect(await used('ports')).to.deep.equal({ 'services.nodeports': '0' });
    });
  });

  describe('PersistentVolumeClaims', () => {
    function claim(name: string, storage: string): PersistentVolumeClaim {
      return {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'standard',
          resources: { requests: { storage } },
        },
      };
    }

    /** A claim the binder has bound (only a bound claim's request may change). */
    async function boundClaim(name: string, storage: string): Promise<PersistentVolumeClaim> {
      const created = await api.client.create<PersistentVolumeClaim>(
        persistentvolumeclaims,
        'default',
        claim(name, storage),
      );
      return api.client.updateStatus<PersistentVolumeClaim>(persistentvolumeclaims, {
        ...created,
        status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage } },
      });
    }

    const expand = (name: string, storage: string) =>
      api.client.patch<PersistentVolumeClaim>(persistentvolumeclaims, 'default', name, {
        spec: { resources: { requests: { storage } } },
      });

    it('charges requests.storage (and the class-scoped name) for a claim that grows', async () => {
      await quota(
        'storage',
        {
          'requests.storage': '10Gi',
          'standard.storageclass.storage.k8s.io/requests.storage': '10Gi',
        },
        {
          'requests.storage': '0',
          'standard.storageclass.storage.k8s.io/requests.storage': '0',
        },
      );
      await boundClaim('data', '1Gi');
      expect(await used('storage')).to.deep.equal({
        'requests.storage': '1Gi',
        'standard.storageclass.storage.k8s.io/requests.storage': '1Gi',
      });
      await expand('data', '4Gi');
      expect(await used('storage')).to.deep.equal({
        'requests.storage': '4Gi',
        'standard.storageclass.storage.k8s.io/requests.storage': '4Gi',
      });
    });

    it('refuses an expansion past the quota', async () => {
      await quota('storage', { 'requests.storage': '5Gi' }, { 'requests.storage': '0' });
      await boundClaim('data', '2Gi');
      const err = await refusal(expand('data', '6Gi'));
      expect(err.code).to.equal(403);
      expect(err.message).to.equal(
        'persistentvolumeclaims "data" is forbidden: exceeded quota: storage, requested: requests.storage=4Gi, used: requests.storage=2Gi, limited: requests.storage=5Gi',
      );
      const stored = await api.client.get<PersistentVolumeClaim>(
        persistentvolumeclaims,
        'default',
        'data',
      );
      expect(stored.spec?.resources?.requests?.storage).to.equal('2Gi');
    });

    it('does not look at status writes (subresources skip quota)', async () => {
      await quota('storage', { 'requests.storage': '2Gi' }, { 'requests.storage': '0' });
      const bound = await boundClaim('data', '2Gi');
      const resized = await api.client.updateStatus<PersistentVolumeClaim>(persistentvolumeclaims, {
        ...bound,
        status: { ...bound.status, allocatedResources: { storage: '8Gi' } },
      });
      expect(resized.status?.allocatedResources).to.deep.equal({ storage: '8Gi' });
    });

    it('holds a changed request to the LimitRange max', async () => {
      await boundClaim('data', '1Gi');
      await api.client.create<LimitRange>(limitranges, 'default', {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'storage' },
        spec: { limits: [{ type: 'PersistentVolumeClaim', max: { storage: '2Gi' } }] },
      });
      const err = await refusal(expand('data', '3Gi'));
      expect(err.code).to.equal(403);
      expect(err.message).to.equal(
        'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 3Gi',
      );
      const grown = await expand('data', '2Gi');
      expect(grown.spec?.resources?.requests?.storage).to.equal('2Gi');
    });

    it('lets a claim stored before a stricter LimitRange be updated if its request stays', async () => {
      await boundClaim('data', '5Gi');
      await api.client.create<LimitRange>(limitranges, 'default', {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'storage' },
        spec: {
          limits: [
            { type: 'PersistentVolumeClaim', max: { storage: '2Gi' }, min: { storage: '1' } },
          ],
        },
      });
      const relabelled = await api.client.patch<PersistentVolumeClaim>(
        persistentvolumeclaims,
        'default',
        'data',
        { metadata: { labels: { tier: 'gold' } } },
      );
      expect(relabelled.metadata.labels).to.deep.equal({ tier: 'gold' });
      // The same size written another way is the same request.
      const same = await expand('data', '5120Mi');
      expect(same.spec?.resources?.requests?.storage).to.equal('5120Mi');
    });
  });

  describe('kinds updates leave alone', () => {
    it('does not hold a pod to LimitRanges or quotas again on update', async () => {
      const created = await api.client.create<Pod>(pods, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      });
      await api.client.create<LimitRange>(limitranges, 'default', {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'cpu' },
        spec: { limits: [{ type: 'Container', min: { cpu: '1' } }] },
      });
      await quota('pods', { pods: '1', 'requests.cpu': '1' }, { pods: '1', 'requests.cpu': '1' });
      const updated = await api.client.update<Pod>(pods, {
        ...created,
        metadata: { ...created.metadata, labels: { app: 'web' } },
      });
      expect(updated.metadata.labels).to.deep.equal({ app: 'web' });
      expect(await used('pods')).to.deep.equal({ pods: '1', 'requests.cpu': '1' });
    });

    it('counts other kinds on create only: a full object count lets updates through', async () => {
      const cm = await api.client.create<ConfigMap>(configmaps, 'default', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { a: '1' },
      });
      await quota('objects', { 'count/configmaps': '1' }, { 'count/configmaps': '1' });
      const updated = await api.client.update<ConfigMap>(configmaps, { ...cm, data: { a: '2' } });
      expect(updated.data).to.deep.equal({ a: '2' });
    });
  });
});
