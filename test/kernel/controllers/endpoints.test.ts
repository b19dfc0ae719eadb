import { expect } from '@esm-bundle/chai';
import { endpoints, pods, services } from '../../../src/kernel/api/resources.ts';
import { EndpointsController } from '../../../src/kernel/controllers/endpoints.ts';
import { repackSubsets } from '../../../src/kernel/controllers/endpoints/repack-subsets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import type { Endpoints } from '../../../src/kernel/types/service.ts';
import { startTestApi } from '../../helpers/api.ts';
import { LaggingWatch } from './lagging-watch.ts';
import { ServiceFixture } from './service-fixture.ts';
import { statusOf } from '../api/service/service-helpers.ts';

describe('Endpoints controller', () => {
  let f: ServiceFixture;
  afterEach(() => f?.stop());

  async function start() {
    f = await ServiceFixture.start(new EndpointsController());
    await f.node('kind-worker');
  }

  function getEndpoints(name = 'web'): Promise<Endpoints> {
    return f.client.get<Endpoints>(endpoints, 'default', name);
  }

  it('lists ready and not-ready pods under the Service name and labels', async () => {
    await start();
    await f.service(
      'web',
      { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
      { app: 'web' },
    );
    const a = await f.pod('web-a', { node: 'kind-worker', ip: '10.244.1.5' });
    const b = await f.pod('web-b', { node: 'kind-worker', ip: '10.244.1.3', ready: false });
    await f.pod('web-c', { node: 'kind-worker' });
    await f.settle();

    const ep = await getEndpoints();
    expect(ep.metadata.labels).to.deep.equal({ app: 'web' });
    expect(ep.metadata.annotations).to.have.property(
      'endpoints.kubernetes.io/last-change-trigger-time',
    );
    expect(ep.subsets).to.deep.equal([
      {
        addresses: [
          {
            ip: '10.244.1.5',
            nodeName: 'kind-worker',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: a.metadata.uid },
          },
        ],
        notReadyAddresses: [
          {
            ip: '10.244.1.3',
            nodeName: 'kind-worker',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: b.metadata.uid },
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('leaves terminating pods out unless not-ready addresses are published', async () => {
    await start();
    await f.service('web');
    await f.service('peers', {
      selector: { app: 'web' },
      publishNotReadyAddresses: true,
      clusterIP: 'None',
    });
    await f.pod('web-a', { node: 'kind-worker', ip: '10.244.1.5' });
    await f.client.delete(pods, 'default', 'web-a');
    await f.settle();
    expect((await getEndpoints()).subsets).to.equal(undefined);
    const peers = await getEndpoints('peers');
    expect(peers.metadata.labels).to.deep.equal({ 'service.kubernetes.io/headless': '' });
    expect(peers.subsets![0].addresses!.map((a) => a.ip)).to.deep.equal(['10.244.1.5']);
  });

  it('writes nothing when nothing changed, and follows changes', async () => {
    await start();
    await f.service('web');
    await f.pod('web-a', { node: 'kind-worker', ip: '10.244.1.5', ready: false });
    await f.settle();
    const first = await getEndpoints();
    await f.client.patch(pods, 'default', 'web-a', { metadata: { annotations: { a: 'b' } } });
    await f.settle();
    expect((await getEndpoints()).metadata.resourceVersion).to.equal(
      first.metadata.resourceVersion,
    );
    await f.setPodStatus('web-a', '10.244.1.5', true);
    await f.settle();
    const ready = await getEndpoints();
    expect(ready.subsets![0].addresses).to.have.length(1);
    expect(ready.subsets![0].notReadyAddresses).to.equal(undefined);
  });

  it('deletes the Endpoints of a deleted Service and writes deleted ones again', async () => {
    await start();
    await f.service('web');
    await f.settle();
    await f.client.delete(endpoints, 'default', 'web');
    await f.settle();
    expect((await getEndpoints()).metadata.name).to.equal('web');
    await f.client.delete(services, 'default', 'web');
    await f.settle();
    expect((await statusOf(getEndpoints())).reason).to.equal('NotFound');
  });

  it('deletes leftover Endpoints of Services deleted while it was not running', async () => {
    const t = await startTestApi();
    const leftover = (name: string) =>
      t.client.create(endpoints, 'default', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name },
        subsets: [{ addresses: [{ ip: '10.244.1.2' }] }],
      });
    await leftover('orphan');
    f = await ServiceFixture.startOn(t, new EndpointsController());
    await f.settle();
    expect((await statusOf(getEndpoints('orphan'))).reason).to.equal('NotFound');
    // Created while it runs: left alone, as kube-controller-manager does.
    await leftover('manual');
    await f.settle();
    expect((await getEndpoints('manual')).metadata.name).to.equal('manual');
  });
});

describe('repackSubsets', () => {
  const addr = (ip: string) => ({ ip, targetRef: { kind: 'Pod', uid: ip } });
  it('groups addresses by the ports they offer', () => {
    expect(
      repackSubsets([
        { addresses: [addr('10.0.0.2')], ports: [{ name: 'a', port: 80 }] },
        { addresses: [addr('10.0.0.1')], ports: [{ name: 'a', port: 80 }] },
        { addresses: [addr('10.0.0.1')], ports: [{ name: 'b', port: 81 }] },
        { notReadyAddresses: [addr('10.0.0.3')], ports: [{ name: 'b', port: 81 }] },
        { addresses: [addr('10.0.0.2')], ports: [{ name: 'b', port: 81 }] },
      ]),
    ).to.deep.equal([
      {
        addresses: [addr('10.0.0.1'), addr('10.0.0.2')],
        ports: [{ name: 'a', port: 80 }],
      },
      {
        addresses: [addr('10.0.0.1'), addr('10.0.0.2')],
        notReadyAddresses: [addr('10.0.0.3')],
        ports: [{ name: 'b', port: 81 }],
      },
    ]);
  });

  it('counts an address ready on a port as ready there', () => {
    expect(
      repackSubsets([
        { notReadyAddresses: [addr('10.0.0.1')], ports: [{ port: 80 }] },
        { addresses: [addr('10.0.0.1')], ports: [{ port: 80 }] },
      ]),
    ).to.deep.equal([{ addresses: [addr('10.0.0.1')], ports: [{ port: 80 }] }]);
  });
});

describe('Endpoints controller on a cache behind its own writes', () => {
  let f: ServiceFixture;
  let lag: LaggingWatch;
  beforeEach(async () => {
    const t = await startTestApi();
    lag = new LaggingWatch(t.server, 'endpoints');
    f = await ServiceFixture.startOn({ ...t, client: new Client(lag) }, new EndpointsController());
    await f.node('kind-worker');
  });
  afterEach(() => f.stop());

  it('does not take its cached copy for what it last wrote', async () => {
    await f.service('web');
    await f.pod('web-a', { node: 'kind-worker', ip: '10.244.1.2', ready: false });
    await f.settle();

    // The pod turns ready, then unready again before the cache has seen the first update:
    // the cached Endpoints then match what is wanted, though the stored ones do not.
    lag.hold = true;
    await f.setPodStatus('web-a', '10.244.1.2', true);
    await f.settle();
    await f.setPodStatus('web-a', '10.244.1.2', false);
    await f.settle();
    lag.release();
    await f.t.clock.advance(1000);
    await f.settle();

    const ep = await f.client.get<Endpoints>(endpoints, 'default', 'web');
    expect(
      ep.subsets?.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]),
    ).to.deep.equal([[0, 1]]);
  });
});
