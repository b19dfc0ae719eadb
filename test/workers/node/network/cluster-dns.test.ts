import { expect } from '@esm-bundle/chai';
import { ClusterDns } from '../../../../src/workers/node/network/cluster-dns.ts';
import { directoryOf, service, slice } from './directory.ts';

function dns() {
  return new ClusterDns(
    directoryOf(
      [
        service('default', 'web', { clusterIP: '10.96.12.34', ports: [{ port: 80 }] }),
        service('shop', 'cart', { clusterIP: '10.96.0.77', ports: [{ port: 80 }] }),
        service('default', 'db', { clusterIP: 'None', ports: [{ port: 5432 }] }),
        service('default', 'raw', {
          clusterIP: 'None',
          publishNotReadyAddresses: true,
          ports: [{ port: 1 }],
        }),
        service('default', 'ext', {
          type: 'ExternalName',
          externalName: 'my.database.example.com',
        }),
        service('default', 'alias', {
          type: 'ExternalName',
          externalName: 'cart.shop.svc.cluster.local',
        }),
      ],
      [
        slice('default', 'db', 5432, [
          { ip: '10.244.1.5', hostname: 'db-0' },
          { ip: '10.244.2.7', hostname: 'db-1' },
          { ip: '10.244.2.9', hostname: 'db-2', ready: false },
        ]),
        slice('default', 'raw', 1, [{ ip: '10.244.1.8', ready: false }]),
      ],
    ),
  );
}

describe('ClusterDns', () => {
  const cases: [string, string, string | undefined, string[]][] = [
    ['web', 'default', 'web.default.svc.cluster.local', ['10.96.12.34']],
    ['web.default', 'shop', 'web.default.svc.cluster.local', ['10.96.12.34']],
    ['web.default.svc', 'shop', 'web.default.svc.cluster.local', ['10.96.12.34']],
    ['web.default.svc.cluster.local', 'shop', 'web.default.svc.cluster.local', ['10.96.12.34']],
    ['WEB.Default.svc.cluster.local.', 'shop', 'web.default.svc.cluster.local', ['10.96.12.34']],
    ['cart', 'default', undefined, []],
    ['cart', 'shop', 'cart.shop.svc.cluster.local', ['10.96.0.77']],
    ['db', 'default', 'db.default.svc.cluster.local', ['10.244.1.5', '10.244.2.7']],
    ['db-1.db', 'default', 'db-1.db.default.svc.cluster.local', ['10.244.2.7']],
    ['db-2.db.default.svc.cluster.local', 'x', undefined, []],
    ['10-244-1-5.db.default.svc.cluster.local', 'x', undefined, []],
    ['raw', 'default', 'raw.default.svc.cluster.local', ['10.244.1.8']],
    [
      '10-244-3-4.default.pod.cluster.local',
      'x',
      '10-244-3-4.default.pod.cluster.local',
      ['10.244.3.4'],
    ],
    ['ext', 'default', 'my.database.example.com', []],
    ['alias', 'default', 'cart.shop.svc.cluster.local', ['10.96.0.77']],
    ['nothing', 'default', undefined, []],
    ['web.', 'default', undefined, []],
    ['localhost', 'default', 'localhost', ['127.0.0.1']],
  ];
  for (const [name, namespace, canonical, addresses] of cases) {
    it(`resolves ${name} from ${namespace}`, () => {
      const answer = dns().resolve(name, namespace);
      if (canonical === undefined) expect(answer).to.equal(undefined);
      else expect(answer).to.deep.equal({ canonicalName: canonical, addresses });
    });
  }

  it('answers dashed addresses only for endpoints without a hostname', () => {
    const d = new ClusterDns(
      directoryOf(
        [service('default', 'h', { clusterIP: 'None' })],
        [slice('default', 'h', 80, [{ ip: '10.244.1.9' }])],
      ),
    );
    expect(d.resolve('10-244-1-9.h', 'default')?.addresses).to.deep.equal(['10.244.1.9']);
  });

  it("answers the pod's own hostname and subdomain name from its hosts file", () => {
    const hosts = { hostname: 'web-0', subdomain: 'nginx', ip: '10.244.1.3' };
    expect(dns().resolve('web-0', 'default', hosts)).to.deep.equal({
      canonicalName: 'web-0',
      addresses: ['10.244.1.3'],
    });
    expect(
      dns().resolve('web-0.nginx.default.svc.cluster.local', 'default', hosts)?.addresses,
    ).to.deep.equal(['10.244.1.3']);
  });

  it('tries a name with five dots as absolute first', () => {
    const d = new ClusterDns(directoryOf([service('a', 'b', { clusterIP: '10.96.1.1' })]));
    expect(d.resolve('b.a.svc.cluster.local', 'x')?.canonicalName).to.equal(
      'b.a.svc.cluster.local',
    );
  });
});
