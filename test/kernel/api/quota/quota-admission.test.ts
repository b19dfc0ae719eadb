import { expect } from '@esm-bundle/chai';
import type { StatusError } from '../../../../src/kernel/api/errors.ts';
import {
  configmaps,
  limitranges,
  persistentvolumeclaims,
  pods,
  resourcequotas,
} from '../../../../src/kernel/api/resources.ts';
import type { ConfigMap } from '../../../../src/kernel/types/config.ts';
import type { Container, Pod } from '../../../../src/kernel/types/core.ts';
import type { LimitRange, ResourceQuota } from '../../../../src/kernel/types/quota.ts';
import type { PersistentVolumeClaim } from '../../../../src/kernel/types/storage.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

async function failure(attempt: Promise<unknown>): Promise<StatusError> {
  try {
    await attempt;
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('the request succeeded');
}

function pod(name: string, ...containers: Partial<Container>[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      containers: (containers.length ? containers : [{}]).map((c, i) => ({
        name: i === 0 ? 'app' : `app${i}`,
        image: 'nginx',
        ...c,
      })),
    },
  };
}

function limitRange(spec: LimitRange['spec'], name = 'limits'): LimitRange {
  return { apiVersion: 'v1', kind: 'LimitRange', metadata: { name }, spec };
}

describe('LimitRanger and ResourceQuota admission', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });

  /** A quota whose status the quota controller would have written (hard copied, used given). */
  async function quota(
    name: string,
    hard: Record<string, string>,
    used: Record<string, string>,
    extra: Partial<NonNullable<ResourceQuota['spec']>> = {},
  ): Promise<ResourceQuota> {
    const created = await api.client.create<ResourceQuota>(resourcequotas, 'default', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name },
      spec: { hard, ...extra },
    });
    return api.client.updateStatus<ResourceQuota>(resourcequotas, {
      ...created,
      status: { hard, used },
    });
  }

  describe('LimitRanger', () => {
    it('gives containers without resources the default limits and requests, and says so', async () => {
      await api.client.create(
        limitranges,
        'default',
        limitRange({
          limits: [
            {
              type: 'Container',
              default: { cpu: '1', memory: '512Mi' },
              defaultRequest: { cpu: '0.5', memory: '256Mi' },
            },
          ],
        }),
      );
      const created = await api.client.create<Pod>(
        pods,
        'default',
        pod('web', {}, { name: 'side', resources: { limits: { cpu: '2' } } }),
      );
      expect(created.spec.containers[0].resources).to.deep.equal({
        limits: { cpu: '1', memory: '512Mi' },
        requests: { cpu: '500m', memory: '256Mi' },
      });
      // A stated limit is kept, and the request defaulted from it before LimitRanger ran.
      expect(created.spec.containers[1].resources).to.deep.equal({
        limits: { cpu: '2', memory: '512Mi' },
        requests: { cpu: '2', memory: '256Mi' },
      });
      expect(created.metadata.annotations?.['kubernetes.io/limit-ranger']).to.equal(
        'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; memory request for container side; memory limit for container side',
      );
      expect(created.status?.qosClass).to.equal('Burstable');
    });

    it('defaults a Container item: default from max, default request from default', async () => {
      const created = await api.client.create<LimitRange>(
        limitranges,
        'default',
        limitRange({ limits: [{ type: 'Container', max: { cpu: '800m' }, min: { cpu: '200m' } }] }),
      );
      expect(created.spec?.limits?.[0]).to.deep.equal({
        type: 'Container',
        max: { cpu: '800m' },
        min: { cpu: '200m' },
        default: { cpu: '800m' },
        defaultRequest: { cpu: '800m' },
      });
    });

    it('refuses a container over the max with the plugin message (403 Forbidden)', async () => {
      await api.client.create(
        limitranges,
        'default',
        limitRange({ limits: [{ type: 'Container', max: { cpu: '500m' } }] }),
      );
      const err = await failure(
        api.client.create(pods, 'default', pod('x', { resources: { limits: { cpu: '1' } } })),
      );
      expect(err.status.code).to.equal(403);
      expect(err.status.reason).to.equal('Forbidden');
      expect(err.status.message).to.equal(
        'pods "x" is forbidden: maximum cpu usage per Container is 500m, but limit is 1',
      );
    });

    it('aggregates several problems of one pod, and checks min and the ratio', async () => {
      await api.client.create(
        limitranges,
        'default',
        limitRange({
          limits: [
            {
              type: 'Container',
              min: { memory: '100Mi' },
              default: { memory: '1Gi' },
              maxLimitRequestRatio: { memory: '2' },
            },
          ],
        }),
      );
      const err = await failure(
        api.client.create(
          pods,
          'default',
          pod('x', { resources: { requests: { memory: '50Mi' }, limits: { memory: '1Gi' } } }),
        ),
      );
      expect(err.status.message).to.equal(
        'pods "x" is forbidden: [minimum memory usage per Container is 100Mi, but request is 50Mi, memory max limit to request ratio per Container is 2, but provided ratio is 20.480000]',
      );
    });

    it('holds claims to the storage min and max', async () => {
      await api.client.create(
        limitranges,
        'default',
        limitRange({ limits: [{ type: 'PersistentVolumeClaim', max: { storage: '2Gi' } }] }),
      );
      const claim: PersistentVolumeClaim = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'big' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
      };
      const err = await failure(api.client.create(persistentvolumeclaims, 'default', claim));
      expect(err.status.message).to.equal(
        'persistentvolumeclaims "big" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi',
      );
    });

    it('validates LimitRanges: bounds that contradict each other are Invalid', async () => {
      const err = await failure(
        api.client.create(
          limitranges,
          'default',
          limitRange({
            limits: [
              { type: 'Container', min: { cpu: '1' }, max: { cpu: '500m' } },
              { type: 'Container' },
              { type: 'Pod', default: { cpu: '1' } },
            ],
          }),
        ),
      );
      expect(err.status.reason).to.equal('Invalid');
      expect(err.status.details?.causes?.map((c) => [c.field, c.message])).to.deep.equal([
        [
          'spec.limits[0].min[cpu]',
          'Invalid value: "1": min value 1 is greater than max value 500m',
        ],
        [
          'spec.limits[0].defaultRequest[cpu]',
          'Invalid value: "500m": min value 1 is greater than default request value 500m',
        ],
        [
          'spec.limits[0].default[cpu]',
          'Invalid value: "1": min value 1 is greater than default value 500m',
        ],
        ['spec.limits[1].type', 'Duplicate value: "Container"'],
        ['spec.limits[2].default', "Forbidden: may not be specified when `type` is 'Pod'"],
      ]);
    });
  });

  describe('ResourceQuota', () => {
    it('refuses a pod beyond the quota with upstream wording, and charges the ones it admits', async () => {
      await quota('compute', { 'requests.cpu': '2' }, { 'requests.cpu': '1' });
      const fits = pod('fits', { resources: { requests: { cpu: '1' } } });
      await api.client.create(pods, 'default', fits);
      const charged = await api.client.get<ResourceQuota>(resourcequotas, 'default', 'compute');
      expect(charged.status?.used).to.deep.equal({ 'requests.cpu': '2' });

      const err = await failure(
        api.client.create(pods, 'default', pod('x', { resources: { requests: { cpu: '1' } } })),
      );
      expect(err.status.code).to.equal(403);
      expect(err.status.message).to.equal(
        'pods "x" is forbidden: exceeded quota: compute, requested: requests.cpu=1, used: requests.cpu=2, limited: requests.cpu=2',
      );
    });

    it('makes every container state cpu and memory a quota limits', async () => {
      await quota(
        'q',
        { 'limits.cpu': '4', 'requests.cpu': '4' },
        { 'limits.cpu': '0', 'requests.cpu': '0' },
      );
      const err = await failure(api.client.create(pods, 'default', pod('x')));
      expect(err.status.message).to.equal(
        'pods "x" is forbidden: failed quota: q: must specify limits.cpu for: app; requests.cpu for: app',
      );
    });

    it('counts objects: a quota on configmaps refuses the one too many', async () => {
      await quota(
        'objects',
        { configmaps: '1', 'count/configmaps': '5' },
        { configmaps: '1', 'count/configmaps': '1' },
      );
      const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two' } };
      const err = await failure(api.client.create(configmaps, 'default', cm));
      expect(err.status.message).to.equal(
        'configmaps "two" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
      );
      // Other namespaces are not limited.
      const other = await api.client.create<ConfigMap>(configmaps, 'kube-public', cm);
      expect(other.metadata.name).to.equal('two');
    });

    it('only counts pods in the quota scopes', async () => {
      await quota('best-effort', { pods: '1' }, { pods: '1' }, { scopes: ['BestEffort'] });
      // A pod with requests is not BestEffort, so the full quota does not apply to it.
      await api.client.create(
        pods,
        'default',
        pod('burstable', { resources: { requests: { cpu: '1' } } }),
      );
      const err = await failure(api.client.create(pods, 'default', pod('plain')));
      expect(err.status.message).to.equal(
        'pods "plain" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1',
      );
    });

    it('validates quotas: standard names, whole counts, non-negative values, fixed scopes', async () => {
      const err = await failure(
        api.client.create(resourcequotas, 'default', {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: 'bad' },
          spec: { hard: { pods: '1500m', widgets: '1', 'requests.cpu': '-1' } },
        }),
      );
      expect(err.status.details?.causes?.map((c) => [c.field, c.message])).to.deep.equal([
        ['spec.hard[pods]', 'Invalid value: "1500m": must be an integer'],
        ['spec.hard[requests.cpu]', 'Invalid value: "-1": must be greater than or equal to 0'],
        [
          'spec.hard[widgets]',
          'Invalid value: "widgets": must be a standard resource type or fully qualified',
        ],
        ['spec.hard[widgets]', 'Invalid value: "widgets": must be a standard resource for quota'],
      ]);
      const q = await quota('scoped', { pods: '2' }, { pods: '0' }, { scopes: ['BestEffort'] });
      const changed = await failure(
        api.client.update(resourcequotas, { ...q, spec: { ...q.spec, scopes: ['NotBestEffort'] } }),
      );
      expect(changed.status.details?.causes?.map((c) => c.field)).to.deep.equal(['spec.scopes']);
    });
  });
});
