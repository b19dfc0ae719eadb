import { expect } from '@esm-bundle/chai';
import { createApiServer } from '../../../../src/kernel/api/server.ts';
import { endpoints, services } from '../../../../src/kernel/api/resources.ts';
import { Client } from '../../../../src/kernel/client/client.ts';
import type { Service } from '../../../../src/kernel/types/service.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';
import { causes, createService, service, statusOf } from './service-helpers.ts';

const inServiceCidr = /^10\.96\.\d+\.\d+$/;

describe('Service cluster IPs and node ports', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await startTestApi();
  });

  describe('defaults', () => {
    it('fills what the apiserver fills for a ClusterIP service', async () => {
      const created = await createService(t.client, service('web'));
      const spec = created.spec!;
      expect(spec.type).to.equal('ClusterIP');
      expect(spec.sessionAffinity).to.equal('None');
      expect(spec.ports).to.deep.equal([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
      expect(spec.ipFamilies).to.deep.equal(['IPv4']);
      expect(spec.ipFamilyPolicy).to.equal('SingleStack');
      expect(spec.internalTrafficPolicy).to.equal('Cluster');
      expect(spec.externalTrafficPolicy).to.equal(undefined);
      expect(spec.clusterIP).to.match(inServiceCidr);
      expect(spec.clusterIPs).to.deep.equal([spec.clusterIP]);
      expect(created.status).to.deep.equal({ loadBalancer: {} });
      expect(created.metadata.generation).to.equal(undefined);
    });

    it('keeps a named targetPort and defaults ClientIP affinity to three hours', async () => {
      const created = await createService(
        t.client,
        service('web', { ports: [{ port: 80, targetPort: 'http' }], sessionAffinity: 'ClientIP' }),
      );
      expect(created.spec!.ports![0].targetPort).to.equal('http');
      expect(created.spec!.sessionAffinityConfig).to.deep.equal({
        clientIP: { timeoutSeconds: 10800 },
      });
    });

    it('gives NodePort and LoadBalancer services node ports and the external policy', async () => {
      const np = await createService(t.client, service('np', { type: 'NodePort' }));
      expect(np.spec!.externalTrafficPolicy).to.equal('Cluster');
      expect(np.spec!.ports![0].nodePort).to.be.within(30000, 32767);
      const lb = await createService(t.client, service('lb', { type: 'LoadBalancer' }));
      expect(lb.spec!.allocateLoadBalancerNodePorts).to.equal(true);
      expect(lb.spec!.ports![0].nodePort).to.be.within(30000, 32767);
      expect(lb.spec!.ports![0].nodePort).to.not.equal(np.spec!.ports![0].nodePort);
    });

    it('gives a LoadBalancer with allocateLoadBalancerNodePorts false no node port', async () => {
      const lb = await createService(
        t.client,
        service('lb', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }),
      );
      expect(lb.spec!.ports![0].nodePort).to.equal(undefined);
    });

    it('allocates a health check node port for externalTrafficPolicy Local', async () => {
      const lb = await createService(
        t.client,
        service('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }),
      );
      expect(lb.spec!.healthCheckNodePort).to.be.within(30000, 32767);
    });

    it('leaves ExternalName services without cluster IPs or IP families', async () => {
      const created = await createService(t.client, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'db' },
        spec: { type: 'ExternalName', externalName: 'db.example.com' },
      });
      expect(created.spec!.clusterIP).to.equal(undefined);
      expect(created.spec!.clusterIPs).to.equal(undefined);
      expect(created.spec!.ipFamilies).to.equal(undefined);
      expect(created.spec!.internalTrafficPolicy).to.equal(undefined);
    });

    it('makes headless services: single stack with a selector, dual stack without', async () => {
      const withSelector = await createService(t.client, service('web', { clusterIP: 'None' }));
      expect(withSelector.spec!.clusterIPs).to.deep.equal(['None']);
      expect(withSelector.spec!.ipFamilyPolicy).to.equal('SingleStack');
      expect(withSelector.spec!.ipFamilies).to.deep.equal(['IPv4']);
      const bare = service('bare', { clusterIP: 'None' });
      delete bare.spec!.selector;
      const created = await createService(t.client, bare);
      expect(created.spec!.ipFamilyPolicy).to.equal('RequireDualStack');
      expect(created.spec!.ipFamilies).to.deep.equal(['IPv4', 'IPv6']);
    });
  });

  describe('requested cluster IPs', () => {
    it('honours a free address in range', async () => {
      const created = await createService(t.client, service('web', { clusterIP: '10.96.0.5' }));
      expect(created.spec!.clusterIP).to.equal('10.96.0.5');
      expect(created.spec!.clusterIPs).to.deep.equal(['10.96.0.5']);
    });

    it('refuses an address in use, with the allocator words', async () => {
      await createService(t.client, service('a', { clusterIP: '10.96.0.5' }));
      const status = await statusOf(
        createService(t.client, service('b', { clusterIP: '10.96.0.5' })),
      );
      expect(status.code).to.equal(422);
      expect(status.reason).to.equal('Invalid');
      expect(status.details).to.include({ kind: 'Service', name: 'b' });
      expect(status.message).to.equal(
        'Service "b" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.5"]: failed to allocate IP 10.96.0.5: provided IP is already allocated',
      );
      expect(status.details!.causes).to.deep.equal([
        {
          reason: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          message:
            'Invalid value: ["10.96.0.5"]: failed to allocate IP 10.96.0.5: provided IP is already allocated',
        },
      ]);
    });

    it('refuses an address outside the service CIDR', async () => {
      const status = await statusOf(
        createService(t.client, service('web', { clusterIP: '10.0.0.1' })),
      );
      expect(causes(status)).to.deep.equal([
        'spec.clusterIPs: Invalid value: ["10.0.0.1"]: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/16',
      ]);
    });

    it('checks the address before allocating it', async () => {
      const status = await statusOf(
        createService(t.client, service('web', { clusterIP: '10.96.0.256' })),
      );
      expect(causes(status)).to.deep.equal([
        'spec.clusterIPs[0]: Invalid value: "10.96.0.256": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ]);
      const v6 = await statusOf(createService(t.client, service('web', { clusterIP: 'fd00::1' })));
      expect(causes(v6)).to.deep.equal([
        'spec.clusterIPs[0]: Invalid value: ["fd00::1"]: IPv6 is not configured on this cluster',
      ]);
    });

    it('leaves an address refused by validation free', async () => {
      await statusOf(
        createService(t.client, service('web', { clusterIP: '10.96.0.7', ports: [{ port: 0 }] })),
      );
      const created = await createService(t.client, service('web', { clusterIP: '10.96.0.7' }));
      expect(created.spec!.clusterIP).to.equal('10.96.0.7');
    });

    it('reserves nothing on a dry run', async () => {
      const res = await t.server.handle({
        verb: 'POST',
        path: '/api/v1/namespaces/default/services?dryRun=All',
        body: service('web', { clusterIP: '10.96.0.8', type: 'NodePort' }),
      });
      expect(res.status).to.equal(201);
      const dry = res.body as Service;
      expect(dry.spec!.clusterIP).to.equal('10.96.0.8');
      const nodePort = dry.spec!.ports![0].nodePort!;
      expect(nodePort).to.be.within(30000, 32767);
      const real = await createService(
        t.client,
        service('web', {
          clusterIP: '10.96.0.8',
          type: 'NodePort',
          ports: [{ port: 80, nodePort }],
        }),
      );
      expect(real.spec!.ports![0].nodePort).to.equal(nodePort);
    });
  });

  describe('requested node ports', () => {
    it('honours a free port and refuses a taken or out-of-range one', async () => {
      const a = await createService(
        t.client,
        service('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }),
      );
      expect(a.spec!.ports![0].nodePort).to.equal(30080);
      const taken = await statusOf(
        createService(
          t.client,
          service('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }),
        ),
      );
      expect(taken.reason).to.equal('Invalid');
      expect(causes(taken)).to.deep.equal([
        'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
      ]);
      const outside = await statusOf(
        createService(
          t.client,
          service('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }),
        ),
      );
      expect(outside.message).to.equal(
        'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
      );
    });

    it('shares one node port between TCP and UDP on the same service port', async () => {
      const dns = await createService(
        t.client,
        service('dns', {
          type: 'NodePort',
          ports: [
            { name: 'udp', port: 53, protocol: 'UDP' },
            { name: 'tcp', port: 53, protocol: 'TCP' },
          ],
        }),
      );
      const [udp, tcp] = dns.spec!.ports!;
      expect(udp.nodePort).to.equal(tcp.nodePort);
    });
  });

  describe('updates', () => {
    it('keeps allocated values a re-applied manifest leaves out', async () => {
      const created = await createService(t.client, service('web', { type: 'NodePort' }));
      const replaced = await t.client.update(services, {
        ...service('web', { type: 'NodePort' }),
        metadata: { name: 'web', namespace: 'default' },
      });
      expect(replaced.spec!.clusterIP).to.equal(created.spec!.clusterIP);
      expect(replaced.spec!.ports![0].nodePort).to.equal(created.spec!.ports![0].nodePort);
    });

    it('refuses a new cluster IP', async () => {
      const created = await createService(t.client, service('web'));
      const status = await statusOf(
        t.client.patch(services, 'default', 'web', { spec: { clusterIP: '10.96.0.99' } }),
      );
      expect(status.reason).to.equal('Invalid');
      expect(causes(status)).to.deep.equal([
        'spec.clusterIPs[0]: Invalid value: ["10.96.0.99"]: may not change once set',
      ]);
      const after = await t.client.get<Service>(services, 'default', 'web');
      expect(after.spec!.clusterIP).to.equal(created.spec!.clusterIP);
      // The refused address was never taken.
      const other = await createService(t.client, service('other', { clusterIP: '10.96.0.99' }));
      expect(other.spec!.clusterIP).to.equal('10.96.0.99');
    });

    it('releases node ports when the type goes back to ClusterIP', async () => {
      await createService(
        t.client,
        service('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }),
      );
      const patched = await t.client.patch<Service>(services, 'default', 'a', {
        spec: { type: 'ClusterIP' },
      });
      expect(patched.spec!.ports![0].nodePort).to.equal(undefined);
      expect(patched.spec!.externalTrafficPolicy).to.equal(undefined);
      const b = await createService(
        t.client,
        service('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }),
      );
      expect(b.spec!.ports![0].nodePort).to.equal(30080);
    });

    it('allocates node ports when a ClusterIP service becomes a LoadBalancer', async () => {
      await createService(t.client, service('web'));
      const lb = await t.client.patch<Service>(services, 'default', 'web', {
        spec: { type: 'LoadBalancer' },
      });
      expect(lb.spec!.ports![0].nodePort).to.be.within(30000, 32767);
      expect(lb.spec!.allocateLoadBalancerNodePorts).to.equal(true);
      expect(lb.spec!.externalTrafficPolicy).to.equal('Cluster');
    });

    it('releases the cluster IP when a service becomes ExternalName', async () => {
      await createService(t.client, service('web', { clusterIP: '10.96.0.20' }));
      const patched = await t.client.patch<Service>(services, 'default', 'web', {
        spec: { type: 'ExternalName', externalName: 'example.com' },
      });
      expect(patched.spec!.clusterIP).to.equal(undefined);
      expect(patched.spec!.ipFamilies).to.equal(undefined);
      const other = await createService(t.client, service('other', { clusterIP: '10.96.0.20' }));
      expect(other.spec!.clusterIP).to.equal('10.96.0.20');
    });

    it('keeps status out of spec writes and spec out of status writes', async () => {
      await createService(t.client, service('web', { type: 'LoadBalancer' }));
      const svc = await t.client.get<Service>(services, 'default', 'web');
      const updated = await t.client.updateStatus(services, {
        ...svc,
        spec: { ...svc.spec, type: 'ClusterIP' as const },
        status: { loadBalancer: { ingress: [{ ip: '172.18.255.200' }] } },
      });
      expect(updated.spec!.type).to.equal('LoadBalancer');
      expect(updated.status).to.deep.equal({
        loadBalancer: { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] },
      });
      const replaced = await t.client.update<Service>(services, { ...updated, status: {} });
      expect(replaced.status!.loadBalancer!.ingress).to.have.length(1);
    });
  });

  describe('delete', () => {
    it('answers with the Service, releases its IP and ports, and deletes its Endpoints', async () => {
      await createService(
        t.client,
        service('web', {
          clusterIP: '10.96.0.30',
          type: 'NodePort',
          ports: [{ port: 80, nodePort: 30090 }],
        }),
      );
      await t.client.create(endpoints, 'default', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'web' },
        subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }],
      });
      const deleted = (await t.client.delete(services, 'default', 'web')) as Service;
      expect(deleted.kind).to.equal('Service');
      expect(deleted.metadata.name).to.equal('web');
      const gone = await statusOf(t.client.get(endpoints, 'default', 'web'));
      expect(gone.reason).to.equal('NotFound');
      const again = await createService(
        t.client,
        service('web', {
          clusterIP: '10.96.0.30',
          type: 'NodePort',
          ports: [{ port: 80, nodePort: 30090 }],
        }),
      );
      expect(again.spec!.clusterIP).to.equal('10.96.0.30');
    });

    it('holds the IP of a service kept by a finalizer until it is gone', async () => {
      await createService(t.client, {
        ...service('web', { clusterIP: '10.96.0.31' }),
        metadata: { name: 'web', finalizers: ['example.com/hold'] },
      });
      await t.client.delete(services, 'default', 'web');
      const held = await statusOf(
        createService(t.client, service('other', { clusterIP: '10.96.0.31' })),
      );
      expect(held.reason).to.equal('Invalid');
      await t.client.patch(services, 'default', 'web', { metadata: { finalizers: null } });
      const other = await createService(t.client, service('other', { clusterIP: '10.96.0.31' }));
      expect(other.spec!.clusterIP).to.equal('10.96.0.31');
    });
  });

  it('rebuilds its allocations from the stored Services after a restart', async () => {
    const a = await createService(t.client, service('a', { type: 'NodePort' }));
    const restarted = new Client(await createApiServer({ store: t.store, clock: t.clock }));
    const taken = await statusOf(
      createService(restarted, service('b', { clusterIP: a.spec!.clusterIP, type: 'NodePort' })),
    );
    expect(causes(taken)[0]).to.match(/provided IP is already allocated$/);
    const port = await statusOf(
      createService(
        restarted,
        service('c', {
          type: 'NodePort',
          ports: [{ port: 80, nodePort: a.spec!.ports![0].nodePort }],
        }),
      ),
    );
    expect(causes(port)[0]).to.match(/provided port is already allocated$/);
  });
});
