import { expect } from '@esm-bundle/chai';
import { ServiceProxy } from '../../../../src/workers/node/network/service-proxy.ts';
import { directoryOf, service, slice } from './directory.ts';

function proxyOver(d: ReturnType<typeof directoryOf>, now = () => 0) {
  return new ServiceProxy(d, {
    nodeName: 'node-a',
    isNodeIP: (ip) => ip.startsWith('172.18.0.'),
    now,
  });
}

const web = service('default', 'web', {
  type: 'NodePort',
  clusterIP: '10.96.0.20',
  ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
});

describe('ServiceProxy', () => {
  it('spreads connections to a ClusterIP over ready endpoints in turn', () => {
    const d = directoryOf(
      [web],
      [
        slice('default', 'web', 8080, [
          { ip: '10.244.1.2' },
          { ip: '10.244.2.2' },
          { ip: '10.244.2.3', ready: false },
        ]),
      ],
    );
    const proxy = proxyOver(d);
    const chosen = Array.from({ length: 4 }, () => {
      const r = proxy.route('10.244.1.9', '10.96.0.20', 80);
      return r.kind === 'endpoint' ? `${r.ip}:${r.port}` : r.kind;
    });
    expect(chosen).to.deep.equal([
      '10.244.1.2:8080',
      '10.244.2.2:8080',
      '10.244.1.2:8080',
      '10.244.2.2:8080',
    ]);
  });

  it('leaves addresses that are not Services alone', () => {
    const proxy = proxyOver(directoryOf([web]));
    expect(proxy.route('10.244.1.9', '10.244.2.2', 8080)).to.deep.equal({ kind: 'direct' });
  });

  it('rejects a Service with no ready endpoints, and a port it does not have', () => {
    const proxy = proxyOver(
      directoryOf([web], [slice('default', 'web', 8080, [{ ip: '10.244.1.2', ready: false }])]),
    );
    expect(proxy.route('10.244.1.9', '10.96.0.20', 80).kind).to.equal('refused');
    expect(proxy.route('10.244.1.9', '10.96.0.20', 81).kind).to.equal('refused');
  });

  it('falls back to serving terminating endpoints when none is ready', () => {
    const proxy = proxyOver(
      directoryOf(
        [web],
        [
          slice('default', 'web', 8080, [
            { ip: '10.244.1.2', ready: false, serving: true, terminating: true },
          ]),
        ],
      ),
    );
    expect(proxy.route('c', '10.96.0.20', 80)).to.include({ kind: 'endpoint', ip: '10.244.1.2' });
  });

  it("answers a NodePort on any node's address, and not elsewhere", () => {
    const proxy = proxyOver(
      directoryOf([web], [slice('default', 'web', 8080, [{ ip: '10.244.1.2' }])]),
    );
    expect(proxy.route('172.18.0.1', '172.18.0.3', 30080)).to.include({
      kind: 'endpoint',
      port: 8080,
    });
    expect(proxy.route('172.18.0.1', '10.0.0.3', 30080).kind).to.equal('direct');
  });

  it("routes a LoadBalancer's ingress IP on the service port", () => {
    const lb = service(
      'default',
      'lb',
      { type: 'LoadBalancer', clusterIP: '10.96.0.30', ports: [{ port: 80, nodePort: 31000 }] },
      { loadBalancer: { ingress: [{ ip: '172.18.255.200' }] } },
    );
    const proxy = proxyOver(
      directoryOf([lb], [slice('default', 'lb', 80, [{ ip: '10.244.2.4' }])]),
    );
    expect(proxy.route('172.18.0.1', '172.18.255.200', 80)).to.include({
      kind: 'endpoint',
      ip: '10.244.2.4',
    });
  });

  it('matches named ports by name', () => {
    const svc = service('default', 'm', {
      clusterIP: '10.96.0.40',
      ports: [
        { name: 'http', port: 80, targetPort: 'web' },
        { name: 'metrics', port: 9090 },
      ],
    });
    const d = directoryOf(
      [svc],
      [
        slice('default', 'm', 8080, [{ ip: '10.244.1.2' }], 'http'),
        slice('default', 'm', 9100, [{ ip: '10.244.1.2' }], 'metrics'),
      ],
    );
    const proxy = proxyOver(d);
    expect(proxy.route('c', '10.96.0.40', 80)).to.include({ port: 8080 });
    expect(proxy.route('c', '10.96.0.40', 9090)).to.include({ port: 9100 });
  });

  it('keeps a client on one endpoint with ClientIP affinity until its timeout', () => {
    let now = 0;
    const sticky = service('default', 's', {
      clusterIP: '10.96.0.50',
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } },
      ports: [{ port: 80 }],
    });
    const d = directoryOf(
      [sticky],
      [slice('default', 's', 80, [{ ip: '10.244.1.2' }, { ip: '10.244.1.3' }])],
    );
    const proxy = proxyOver(d, () => now);
    const ipOf = (client: string) => {
      const r = proxy.route(client, '10.96.0.50', 80);
      return r.kind === 'endpoint' ? r.ip : r.kind;
    };
    const first = ipOf('10.244.9.9');
    expect([ipOf('10.244.9.9'), ipOf('10.244.9.9')]).to.deep.equal([first, first]);
    expect(ipOf('10.244.9.8')).to.not.equal(first);
    ipOf('10.244.9.7');
    // The timeout counts from the last connection, not the first.
    now += 9_000;
    expect(ipOf('10.244.9.9')).to.equal(first);
    now += 11_000;
    expect(ipOf('10.244.9.9')).to.not.equal(first);
  });

  it('drops external traffic with externalTrafficPolicy Local when no endpoint is on this node', () => {
    const local = service('default', 'l', {
      type: 'NodePort',
      clusterIP: '10.96.0.60',
      externalTrafficPolicy: 'Local',
      ports: [{ port: 80, nodePort: 30100 }],
    });
    const d = directoryOf(
      [local],
      [slice('default', 'l', 80, [{ ip: '10.244.2.2', nodeName: 'node-b' }])],
    );
    const proxy = proxyOver(d);
    expect(proxy.route('172.18.0.1', '172.18.0.2', 30100).kind).to.equal('dropped');
    expect(proxy.route('10.244.1.1', '10.96.0.60', 80)).to.include({ kind: 'endpoint' });
  });
});
