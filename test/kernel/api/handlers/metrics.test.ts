import { expect } from '@esm-bundle/chai';
import { rfc3339 } from '../../../../src/kernel/clock/clock.ts';
import { nodes, pods } from '../../../../src/kernel/api/resources.ts';
import type { Status } from '../../../../src/kernel/api/errors.ts';
import type {
  ContainerSample,
  KubeletMetricsScrape,
  NodeMetrics,
  PodMetrics,
} from '../../../../src/kernel/types/metrics.ts';
import type { KubeList } from '../../../../src/kernel/types/meta.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

const MiB = 1024 * 1024;

function container(pod: string, cpuNanos: number, overrides: Partial<ContainerSample> = {}) {
  return {
    namespace: 'default',
    pod,
    name: 'main',
    containerID: `wasi://${pod}`,
    startTime: 0,
    startWallTime: 0,
    cpuUsageNanoseconds: cpuNanos,
    memoryWorkingSetBytes: 2 * MiB,
    ...overrides,
  } satisfies ContainerSample;
}

function scrape(at: number, containers: ContainerSample[]): KubeletMetricsScrape {
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'KubeletMetricsScrape',
    timestamp: at,
    wallTime: at,
    interval: 15_000,
    containers,
  };
}

async function post(api: TestApi, node: string, body: KubeletMetricsScrape) {
  const res = await api.server.handle({
    verb: 'POST',
    path: `/apis/metrics.k8s.io/v1beta1/nodes/${node}/scrape`,
    body,
  });
  expect(res.status).to.equal(200);
}

describe('the metrics API (metrics.k8s.io/v1beta1)', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    await api.client.create(nodes, undefined, {
      metadata: { name: 'node-a', labels: { zone: 'a' } },
    });
    for (const name of ['web-1', 'web-2', 'db']) {
      await api.client.create(pods, 'default', {
        metadata: { name, labels: { app: name.startsWith('web') ? 'web' : 'db' } },
        spec: { nodeName: 'node-a', containers: [{ name: 'main', image: 'hog' }] },
      });
    }
  });

  it('is discovered with pods and nodes, get and list only', async () => {
    const res = await api.server.handle({ verb: 'GET', path: '/apis/metrics.k8s.io/v1beta1' });
    const resources = (res.body as { resources: { name: string; kind: string; verbs: string[] }[] })
      .resources;
    expect(resources.map((r) => [r.name, r.kind, r.verbs])).to.deep.equal([
      ['nodes', 'NodeMetrics', ['get', 'list']],
      ['pods', 'PodMetrics', ['get', 'list']],
    ]);
    const groups = await api.server.handle({ verb: 'GET', path: '/apis' });
    expect(JSON.stringify(groups.body)).to.contain('"metrics.k8s.io/v1beta1"');
  });

  it('serves rates between the last two samples: nanocores, bytes, window, labels', async () => {
    const t0 = api.clock.now();
    await post(api, 'node-a', scrape(t0, [container('web-1', 1e9), container('db', 0)]));
    await api.clock.advance(15_000);
    await post(
      api,
      'node-a',
      // web-1 used 3 s of CPU in 15 s: 200m; db 15 ms: 1m.
      scrape(t0 + 15_000, [container('web-1', 4e9), container('db', 15e6)]),
    );
    const res = await api.server.handle({
      verb: 'GET',
      path: '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
      query: { labelSelector: 'app=web' },
    });
    expect(res.status).to.equal(200);
    const list = res.body as KubeList<PodMetrics>;
    expect(list.kind).to.equal('PodMetricsList');
    expect(list.items).to.deep.equal([
      {
        kind: 'PodMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: {
          name: 'web-1',
          namespace: 'default',
          creationTimestamp: rfc3339(t0 + 15_000),
          labels: { app: 'web' },
        },
        timestamp: rfc3339(t0 + 15_000),
        window: '15s',
        containers: [{ name: 'main', usage: { cpu: '200m', memory: '2Mi' } }],
      },
    ]);
    const db = (
      await api.server.handle({
        verb: 'GET',
        path: '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/db',
      })
    ).body as PodMetrics;
    expect(db.containers[0].usage).to.deep.equal({ cpu: '1m', memory: '2Mi' });

    const node = (
      await api.server.handle({ verb: 'GET', path: '/apis/metrics.k8s.io/v1beta1/nodes/node-a' })
    ).body as NodeMetrics;
    expect(node.usage).to.deep.equal({ cpu: '201m', memory: '4Mi' });
    expect(node.metadata.labels).to.deep.equal({ zone: 'a' });
    expect(node.window).to.equal('15s');
  });

  it('uses the start of a container started since the last sample as its earlier point', async () => {
    const t0 = api.clock.now();
    await post(api, 'node-a', scrape(t0, []));
    await api.clock.advance(15_000);
    const started = t0 + 5_000;
    await post(
      api,
      'node-a',
      scrape(t0 + 15_000, [
        container('web-2', 12_345_678, { startTime: started, startWallTime: started }),
      ]),
    );
    const res = await api.server.handle({
      verb: 'GET',
      path: '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-2',
    });
    const metrics = res.body as PodMetrics;
    expect(metrics.window).to.equal('10s');
    // 12.345678 ms over 10 s: 1234567.8 nanocores, rounded.
    expect(metrics.containers[0].usage.cpu).to.equal('1234568n');
  });

  it('answers NotFound as metrics-server does, and forgets a node that stopped posting', async () => {
    const missingPod = await api.server.handle({
      verb: 'GET',
      path: '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope',
    });
    expect(missingPod.status).to.equal(404);
    expect((missingPod.body as Status).message).to.equal('pod "nope" not found');
    const noMetrics = await api.server.handle({
      verb: 'GET',
      path: '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/db',
    });
    expect((noMetrics.body as Status).message).to.equal(
      'podmetrics.metrics.k8s.io "default/db" not found',
    );
    const t0 = api.clock.now();
    await post(api, 'node-a', scrape(t0, []));
    await api.clock.advance(15_000);
    await post(api, 'node-a', scrape(t0 + 15_000, []));
    const fresh = await api.server.handle({
      verb: 'GET',
      path: '/apis/metrics.k8s.io/v1beta1/nodes/node-a',
    });
    expect(fresh.status).to.equal(200);
    await api.clock.advance(31_000);
    const stale = await api.server.handle({
      verb: 'GET',
      path: '/apis/metrics.k8s.io/v1beta1/nodes/node-a',
    });
    expect(stale.status).to.equal(404);
    expect((stale.body as Status).message).to.equal(
      'nodemetrics.metrics.k8s.io "node-a" not found',
    );
  });

  it('refuses writes and watches with MethodNotAllowed', async () => {
    const write = await api.server.handle({
      verb: 'POST',
      path: '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
      body: { metadata: { name: 'x' } },
    });
    expect(write.status).to.equal(405);
    expect((write.body as Status).reason).to.equal('MethodNotAllowed');
    const watch = await api.server.watch(
      { verb: 'GET', path: '/apis/metrics.k8s.io/v1beta1/nodes' },
      () => {},
    );
    expect('status' in watch && watch.status).to.equal(405);
  });
});
