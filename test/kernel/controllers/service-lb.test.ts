import { expect } from '@esm-bundle/chai';
import { services } from '../../../src/kernel/api/resources.ts';
import { ServiceLoadBalancerController } from '../../../src/kernel/controllers/service-lb.ts';
import { LoadBalancerIPPool } from '../../../src/kernel/controllers/service-lb/ip-pool.ts';
import type { Service } from '../../../src/kernel/types/service.ts';
import { statusOf } from '../api/service/service-helpers.ts';
import { ServiceFixture } from './service-fixture.ts';

const finalizer = 'service.kubernetes.io/load-balancer-cleanup';

describe('service controller (simulated cloud load balancers)', () => {
  let f: ServiceFixture;
  afterEach(() => f.stop());

  async function start(pool?: LoadBalancerIPPool) {
    f = await ServiceFixture.start(new ServiceLoadBalancerController(pool));
    await f.node('kind-worker');
  }

  const get = (name: string) => f.client.get<Service>(services, 'default', name);

  it('gives a LoadBalancer an address from the pool, a finalizer and events', async () => {
    await start();
    await f.service('web', { type: 'LoadBalancer' });
    await f.settle();
    const svc = await get('web');
    expect(svc.status).to.deep.equal({
      loadBalancer: { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] },
    });
    expect(svc.metadata.finalizers).to.deep.equal([finalizer]);
    expect(await f.events('web')).to.deep.equal([
      'Normal EnsuredLoadBalancer: Ensured load balancer (1)',
      'Normal EnsuringLoadBalancer: Ensuring load balancer (1)',
    ]);
    await f.service('api', { type: 'LoadBalancer' });
    await f.settle();
    expect((await get('api')).status!.loadBalancer!.ingress![0].ip).to.equal('172.18.255.201');
  });

  it('leaves ClusterIP Services and other load balancer classes alone', async () => {
    await start();
    await f.service('plain');
    await f.service('other', { type: 'LoadBalancer', loadBalancerClass: 'example.com/lb' });
    await f.settle();
    expect((await get('plain')).status).to.deep.equal({ loadBalancer: {} });
    const other = await get('other');
    expect(other.status).to.deep.equal({ loadBalancer: {} });
    expect(other.metadata.finalizers).to.equal(undefined);
    expect(await f.events('other')).to.deep.equal([]);
  });

  it('releases the address when the Service is deleted, then lets it go', async () => {
    await start();
    await f.service('web', { type: 'LoadBalancer' });
    await f.settle();
    await f.client.delete(services, 'default', 'web');
    await f.settle();
    expect((await statusOf(get('web'))).reason).to.equal('NotFound');
    await f.service('next', { type: 'LoadBalancer' });
    await f.settle();
    expect((await get('next')).status!.loadBalancer!.ingress![0].ip).to.equal('172.18.255.200');
  });

  it('takes the load balancer down when the type changes', async () => {
    await start();
    await f.service('web', { type: 'LoadBalancer' });
    await f.settle();
    await f.client.patch(services, 'default', 'web', { spec: { type: 'ClusterIP' } });
    await f.settle();
    const svc = await get('web');
    expect(svc.metadata.finalizers).to.equal(undefined);
    expect(svc.status).to.deep.equal({ loadBalancer: {} });
    expect(await f.events('web')).to.include.members([
      'Normal DeletingLoadBalancer: Deleting load balancer (1)',
      'Normal DeletedLoadBalancer: Deleted load balancer (1)',
    ]);
  });

  it('keeps addresses across a restart of the controller', async () => {
    await start();
    await f.service('a', { type: 'LoadBalancer' });
    await f.service('b', { type: 'LoadBalancer' });
    await f.settle();
    const before = (await get('b')).status;
    f.stop();
    f = await ServiceFixture.startOn(f.t, new ServiceLoadBalancerController());
    await f.service('c', { type: 'LoadBalancer' });
    await f.settle();
    expect((await get('b')).status).to.deep.equal(before);
    expect((await get('c')).status!.loadBalancer!.ingress![0].ip).to.equal('172.18.255.202');
  });

  it('reports a pool that is used up', async () => {
    await start(new LoadBalancerIPPool({ first: '172.18.255.200', last: '172.18.255.200' }));
    await f.service('a', { type: 'LoadBalancer' });
    await f.settle();
    await f.service('b', { type: 'LoadBalancer' });
    await f.settle();
    expect((await get('b')).status).to.deep.equal({ loadBalancer: {} });
    const events = await f.events('b');
    expect(
      events.some((e) =>
        e.startsWith(
          'Warning SyncLoadBalancerFailed: Error syncing load balancer: failed to ensure load balancer: no free address left in 172.18.255.200-172.18.255.200',
        ),
      ),
    ).to.equal(true);
  });

  it('warns when no node can take load balancer traffic', async () => {
    f = await ServiceFixture.start(new ServiceLoadBalancerController());
    await f.node('kind-control-plane', {
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    });
    await f.service('web', { type: 'LoadBalancer' });
    await f.settle();
    expect(await f.events('web')).to.include(
      'Warning UnAvailableLoadBalancer: There are no available nodes for LoadBalancer (1)',
    );
  });
});
