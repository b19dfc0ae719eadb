import { expect } from '@esm-bundle/chai';
import { endpoints, endpointslices, services } from '../../../src/kernel/api/resources.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import { tutorialTiming } from '../../../src/kernel/clock/presets.ts';
import { createKernel, type Kernel } from '../../../src/kernel/kernel.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';
import type { Store } from '../../../src/kernel/store/types.ts';
import type { EndpointSlice } from '../../../src/kernel/types/discovery.ts';
import type { Endpoints, Service } from '../../../src/kernel/types/service.ts';

describe('built-in Services', () => {
  let store: Store;
  let clock: FakeClock;
  const kernels: Kernel[] = [];

  async function boot(apiServerAddress?: string): Promise<Kernel> {
    const kernel = await createKernel({
      store,
      clock,
      timing: tutorialTiming,
      controllers: false,
      scheduler: false,
      apiServerAddress,
    });
    kernels.push(kernel);
    return kernel;
  }

  beforeEach(async () => {
    clock = new FakeClock();
    store = await openStore(new MemoryBackend());
  });
  afterEach(() => {
    for (const k of kernels.splice(0)) k.stop();
  });

  it('creates default/kubernetes on 10.96.0.1:443 with no selector', async () => {
    const { client } = await boot();
    const svc = await client.get<Service>(services, 'default', 'kubernetes');
    expect(svc.metadata.labels).to.deep.equal({ component: 'apiserver', provider: 'kubernetes' });
    expect(svc.spec).to.deep.include({
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    });
    expect(svc.spec!.ports).to.deep.equal([
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 },
    ]);
    expect(svc.spec!.selector).to.equal(undefined);
  });

  it('points its Endpoints and EndpointSlice at the control plane', async () => {
    const { client } = await boot();
    const ep = await client.get<Endpoints>(endpoints, 'default', 'kubernetes');
    expect(ep.metadata.labels).to.deep.equal({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(ep.subsets).to.deep.equal([
      {
        addresses: [{ ip: '172.18.0.2' }],
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      },
    ]);
    const slice = await client.get<EndpointSlice>(endpointslices, 'default', 'kubernetes');
    expect(slice.metadata.labels).to.deep.equal({ 'kubernetes.io/service-name': 'kubernetes' });
    expect(slice.addressType).to.equal('IPv4');
    expect(slice.endpoints).to.deep.equal([
      { addresses: ['172.18.0.2'], conditions: { ready: true } },
    ]);
    expect(slice.ports).to.deep.equal([{ name: 'https', port: 6443, protocol: 'TCP' }]);
  });

  it('creates kube-system/kube-dns as kubeadm does', async () => {
    const { client } = await boot();
    const dns = await client.get<Service>(services, 'kube-system', 'kube-dns');
    expect(dns.metadata.labels).to.deep.equal({
      'k8s-app': 'kube-dns',
      'kubernetes.io/cluster-service': 'true',
      'kubernetes.io/name': 'CoreDNS',
    });
    expect(dns.metadata.annotations).to.deep.equal({
      'prometheus.io/port': '9153',
      'prometheus.io/scrape': 'true',
    });
    expect(dns.spec!.clusterIP).to.equal('10.96.0.10');
    expect(dns.spec!.selector).to.deep.equal({ 'k8s-app': 'kube-dns' });
    expect(dns.spec!.ports).to.deep.equal([
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ]);
  });

  it('keeps them across a restart and follows a moved API server address', async () => {
    const first = await boot();
    const before = await first.client.get<Service>(services, 'default', 'kubernetes');
    const second = await boot('172.18.0.9');
    const after = await second.client.get<Service>(services, 'default', 'kubernetes');
    expect(after.metadata.uid).to.equal(before.metadata.uid);
    const ep = await second.client.get<Endpoints>(endpoints, 'default', 'kubernetes');
    expect(ep.subsets![0].addresses).to.deep.equal([{ ip: '172.18.0.9' }]);
    const slice = await second.client.get<EndpointSlice>(endpointslices, 'default', 'kubernetes');
    expect(slice.endpoints![0].addresses).to.deep.equal(['172.18.0.9']);
    expect(slice.metadata.generation).to.equal(2);
  });
});
