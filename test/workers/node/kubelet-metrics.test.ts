import { expect } from '@esm-bundle/chai';
import type { Status } from '../../../src/kernel/api/errors.ts';
import type { NodeMetrics, PodMetrics } from '../../../src/kernel/types/metrics.ts';
import {
  createBound,
  nodeName,
  podManifest,
  startKubelet,
  waitForPod,
  type KubeletFixture,
} from './kubelet-fixture.ts';

describe('kubelet: resource metrics', () => {
  let f: KubeletFixture;
  beforeEach(async () => {
    f = await startKubelet();
  });
  afterEach(() => f.kubelet.stop());

  const get = async <T>(path: string) => {
    const res = await f.client.api.handle({ verb: 'GET', path });
    return { status: res.status, body: res.body as T };
  };

  it('posts its containers every metric resolution, which the metrics API turns into usage', async () => {
    await createBound(f.client, podManifest('web-1'));
    await waitForPod(f.client, 'web-1', (p) => p.status?.phase === 'Running');
    const container = f.runtime.of('web-1')[0];
    const before = await get<Status>('/apis/metrics.k8s.io/v1beta1/nodes/' + nodeName);
    expect(before.status).to.equal(404);

    // The container's worker reports its CPU time: 150 ms in each 15 s (10m) from here on.
    for (let i = 1; i <= 2; i++) {
      container.cpuUsageNanos += 150e6;
      await f.clock.advance(f.timing.metricResolution);
    }
    const pod = await get<PodMetrics>('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-1');
    expect(pod.status).to.equal(200);
    expect(pod.body.containers).to.have.length(1);
    expect(pod.body.containers[0].name).to.equal('app');
    expect(pod.body.containers[0].usage.memory).to.equal('64Ki');
    // The rate is CPU time over the real time between the two posts, which a fake clock
    // does not move: only its presence is certain here.
    expect(pod.body.containers[0].usage.cpu).to.match(/^\d+[nmu]?$/);
    expect(pod.body.window).to.equal('15s');
    const node = await get<NodeMetrics>('/apis/metrics.k8s.io/v1beta1/nodes/' + nodeName);
    expect(node.status).to.equal(200);
    expect(node.body.usage.memory).to.equal('64Ki');
  });

  it('stops posting when the kubelet stops: the node is forgotten after two periods', async () => {
    await f.clock.advance(f.timing.metricResolution);
    expect((await get('/apis/metrics.k8s.io/v1beta1/nodes/' + nodeName)).status).to.equal(200);
    f.kubelet.stop();
    await f.clock.advance(2 * f.timing.metricResolution + 1);
    expect((await get('/apis/metrics.k8s.io/v1beta1/nodes/' + nodeName)).status).to.equal(404);
  });
});
