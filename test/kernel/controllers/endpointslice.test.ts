import { expect } from '@esm-bundle/chai';
import { endpointslices, pods, services } from '../../../src/kernel/api/resources.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { EndpointSliceController } from '../../../src/kernel/controllers/endpointslice.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { EndpointSlice } from '../../../src/kernel/types/discovery.ts';
import { startTestApi } from '../../helpers/api.ts';
import { LaggingWatch } from './lagging-watch.ts';
import { ServiceFixture } from './service-fixture.ts';

const sliceName = /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

describe('EndpointSlice controller', () => {
  let f: ServiceFixture;
  beforeEach(async () => {
    f = await ServiceFixture.start(new EndpointSliceController());
    await f.node('kind-worker', { 'topology.kubernetes.io/zone': 'zone-a' });
    await f.node('kind-worker2');
  });
  afterEach(() => f.stop());

  async function slicesOf(service = 'web'): Promise<EndpointSlice[]> {
    const list = await f.client.list<EndpointSlice>(endpointslices, 'default', {
      labelSelector: `kubernetes.io/service-name=${service}`,
    });
    return list.items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  }

  it('lists the selected pods in a slice owned by the Service', async () => {
    const svc = await f.service('web', {}, { app: 'web', tier: 'frontend' });
    const a = await f.pod('web-a', { node: 'kind-worker', ip: '10.244.1.5' });
    await f.pod('web-b', { node: 'kind-worker2', ip: '10.244.2.7' });
    await f.pod('other', { node: 'kind-worker', ip: '10.244.1.9', labels: { app: 'other' } });
    await f.settle();

    const [slice, ...rest] = await slicesOf();
    expect(rest).to.deep.equal([]);
    expect(slice.metadata.name).to.match(sliceName);
    expect(slice.metadata.generateName).to.equal('web-');
    expect(slice.metadata.labels).to.deep.equal({
      app: 'web',
      tier: 'frontend',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice.metadata.ownerReferences).to.deep.equal([
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: svc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(slice.metadata.annotations).to.have.property(
      'endpoints.kubernetes.io/last-change-trigger-time',
    );
    expect(slice.addressType).to.equal('IPv4');
    expect(slice.ports).to.deep.equal([{ name: '', protocol: 'TCP', port: 80 }]);
    expect(slice.endpoints).to.deep.equal([
      {
        addresses: ['10.244.1.5'],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: a.metadata.uid },
        nodeName: 'kind-worker',
        zone: 'zone-a',
      },
      {
        addresses: ['10.244.2.7'],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: {
          kind: 'Pod',
          namespace: 'default',
          name: 'web-b',
          uid: slice.endpoints![1].targetRef!.uid,
        },
        nodeName: 'kind-worker2',
      },
    ]);
  });

  it('computes ready, serving and terminating as upstream', async () => {
    await f.service('web');
    await f.pod('ready', { node: 'kind-worker', ip: '10.244.1.2' });
    await f.pod('unready', { node: 'kind-worker', ip: '10.244.1.3', ready: false });
    await f.pod('leaving', {
      node: 'kind-worker',
      ip: '10.244.1.4',
      ports: [],
    });
    await f.pod('no-ip', { node: 'kind-worker' });
    await f.pod('done', { node: 'kind-worker', ip: '10.244.1.6', phase: 'Succeeded' });
    // A pod on a node is deleted gracefully: it stays, terminating, until its kubelet confirms.
    await f.client.delete(pods, 'default', 'leaving');
    await f.settle();

    const conditions = Object.fromEntries(
      (await slicesOf())[0].endpoints!.map((e) => [e.targetRef!.name, e.conditions]),
    );
    expect(conditions).to.deep.equal({
      ready: { ready: true, serving: true, terminating: false },
      unready: { ready: false, serving: false, terminating: false },
      leaving: { ready: false, serving: true, terminating: true },
    });
  });

  it('marks every endpoint ready when the Service publishes not-ready addresses', async () => {
    await f.service('web', { publishNotReadyAddresses: true });
    await f.pod('unready', { node: 'kind-worker', ip: '10.244.1.3', ready: false });
    await f.settle();
    expect((await slicesOf())[0].endpoints![0].conditions).to.deep.equal({
      ready: true,
      serving: false,
      terminating: false,
    });
  });

  it('resolves named target ports per pod, one slice per port list', async () => {
    await f.service('web', {
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'metrics', port: 9090, targetPort: 9090 },
      ],
    });
    await f.pod('old', {
      node: 'kind-worker',
      ip: '10.244.1.2',
      ports: [{ name: 'http', containerPort: 8080 }],
    });
    await f.pod('new', {
      node: 'kind-worker',
      ip: '10.244.1.3',
      ports: [{ name: 'http', containerPort: 8081 }],
    });
    await f.pod('bare', { node: 'kind-worker', ip: '10.244.1.4' });
    await f.settle();

    const byPod = Object.fromEntries(
      (await slicesOf()).map((s) => [s.endpoints![0].targetRef!.name, s.ports]),
    );
    expect(byPod).to.deep.equal({
      old: [
        { name: 'http', protocol: 'TCP', port: 8080 },
        { name: 'metrics', protocol: 'TCP', port: 9090 },
      ],
      new: [
        { name: 'http', protocol: 'TCP', port: 8081 },
        { name: 'metrics', protocol: 'TCP', port: 9090 },
      ],
      bare: [{ name: 'metrics', protocol: 'TCP', port: 9090 }],
    });
  });

  it('keeps one empty placeholder slice for a Service without endpoints', async () => {
    await f.service('web');
    await f.settle();
    const [slice, ...rest] = await slicesOf();
    expect(rest).to.have.length(0);
    expect(slice.endpoints).to.equal(null);
    expect(slice.ports).to.equal(null);

    await f.pod('web-a', { node: 'kind-worker', ip: '10.244.1.2' });
    await f.settle();
    const [filled, ...others] = await slicesOf();
    expect(others).to.have.length(0);
    // The placeholder is reused rather than deleted and replaced.
    expect(filled.metadata.name).to.equal(slice.metadata.name);
    expect(filled.endpoints).to.have.length(1);
  });

  it('updates a slice in place and writes nothing when nothing changed', async () => {
    await f.service('web');
    await f.pod('web-a', { node: 'kind-worker', ip: '10.244.1.2', ready: false });
    await f.settle();
    const [before] = await slicesOf();

    await f.setPodStatus('web-a', '10.244.1.2', true);
    await f.settle();
    const [after] = await slicesOf();
    expect(after.metadata.name).to.equal(before.metadata.name);
    expect(after.metadata.generation).to.equal(before.metadata.generation! + 1);
    expect(after.endpoints![0].conditions!.ready).to.equal(true);

    // A pod change that does not touch its endpoint (a label the selector ignores) writes nothing.
    await f.client.patch(pods, 'default', 'web-a', { metadata: { labels: { extra: 'x' } } });
    await f.client.patch(services, 'default', 'web', { metadata: { annotations: { a: 'b' } } });
    await f.settle();
    const [unchanged] = await slicesOf();
    expect(unchanged.metadata.resourceVersion).to.equal(after.metadata.resourceVersion);
  });

  it('splits endpoints into slices of at most 100, without churn', async () => {
    await f.service('web');
    for (let i = 0; i < 250; i++) {
      await f.pod(`web-${i}`, {
        node: 'kind-worker',
        ip: `10.244.${Math.floor(i / 200)}.${(i % 200) + 2}`,
      });
    }
    await f.settle();
    const slices = await slicesOf();
    expect(slices.map((s) => s.endpoints!.length).sort()).to.deep.equal([100, 100, 50]);
    const versions = slices.map((s) => s.metadata.resourceVersion);

    await f.client.delete(pods, 'default', 'web-7', { gracePeriodSeconds: 0 });
    await f.settle();
    const after = await slicesOf();
    expect(after.map((s) => s.endpoints!.length).sort()).to.deep.equal([100, 50, 99]);
    // Only the slice that held the deleted pod was written.
    const rewritten = after.filter((s, i) => s.metadata.resourceVersion !== versions[i]);
    expect(rewritten).to.have.length(1);
  });

  it('labels the slices of a headless Service', async () => {
    await f.service('web', { clusterIP: 'None' });
    await f.settle();
    expect((await slicesOf())[0].metadata.labels).to.include({
      'service.kubernetes.io/headless': '',
    });
  });

  it('leaves Services without a selector to their own slices', async () => {
    await f.service('manual', { selector: undefined });
    await f.pod('manual-a', { node: 'kind-worker', ip: '10.244.1.2', labels: { app: 'manual' } });
    await f.settle();
    expect(await slicesOf('manual')).to.deep.equal([]);
  });

  it('writes a slice again when someone deletes it', async () => {
    await f.service('web');
    await f.pod('web-a', { node: 'kind-worker', ip: '10.244.1.2' });
    await f.settle();
    const [slice] = await slicesOf();
    await f.client.delete(endpointslices, 'default', slice.metadata.name!);
    await f.settle();
    const [again] = await slicesOf();
    expect(again.metadata.name).to.not.equal(slice.metadata.name);
    expect(again.endpoints).to.have.length(1);
  });

  it('follows pods moving in and out of the selector', async () => {
    await f.service('web');
    await f.pod('web-a', { node: 'kind-worker', ip: '10.244.1.2' });
    await f.settle();
    await f.client.patch<Pod>(pods, 'default', 'web-a', { metadata: { labels: { app: 'gone' } } });
    await f.settle();
    const [slice] = await slicesOf();
    expect(slice.endpoints).to.equal(null);
  });
});

describe('EndpointSlice controller on a cache behind its own writes', () => {
  let f: ServiceFixture;
  let lag: LaggingWatch;
  beforeEach(async () => {
    const t = await startTestApi();
    lag = new LaggingWatch(t.server, 'endpointslices');
    f = await ServiceFixture.startOn(
      { ...t, client: new Client(lag) },
      new EndpointSliceController(),
    );
    await f.node('kind-worker');
  });
  afterEach(() => f.stop());

  it('syncs a Service skipped while a slice it deleted was still cached', async () => {
    await f.service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
    await f.pod('web-a', {
      node: 'kind-worker',
      ip: '10.244.1.2',
      ports: [{ name: 'http', containerPort: 8080 }],
    });
    await f.pod('web-b', {
      node: 'kind-worker',
      ip: '10.244.1.3',
      ports: [{ name: 'http', containerPort: 8081 }],
    });
    await f.settle();
    const list = () =>
      f.client.list<EndpointSlice>(endpointslices, 'default', {
        labelSelector: 'kubernetes.io/service-name=web',
      });
    expect((await list()).items).to.have.length(2);

    // web-b's slice is deleted while the cache lags; web-a turns unready before it catches up.
    lag.hold = true;
    await f.client.delete(pods, 'default', 'web-b', { gracePeriodSeconds: 0 });
    await f.settle();
    expect((await list()).items).to.have.length(1);
    await f.setPodStatus('web-a', '10.244.1.2', false);
    await f.settle();
    lag.release();
    await f.settle();

    const [slice, ...rest] = (await list()).items;
    expect(rest).to.deep.equal([]);
    expect(slice.endpoints!.map((e) => [e.targetRef!.name, e.conditions!.ready])).to.deep.equal([
      ['web-a', false],
    ]);
  });
});
