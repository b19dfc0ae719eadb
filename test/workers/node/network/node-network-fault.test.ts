import { expect } from '@esm-bundle/chai';
import type { NodeNetMessage } from '../../../../src/workers/net/protocol.ts';
import { ClusterDns } from '../../../../src/workers/node/network/cluster-dns.ts';
import {
  NodeNetwork,
  type PodNetworkIdentity,
} from '../../../../src/workers/node/network/node-network.ts';
import { ServiceProxy } from '../../../../src/workers/node/network/service-proxy.ts';
import { directoryOf } from './directory.ts';

function pod(name: string, ip: string): PodNetworkIdentity {
  return { uid: `uid-${name}`, namespace: 'default', name, ip, hostname: name };
}

/** A node with a server pod listening on 8080; chance and delays are in the test's hands. */
function setup() {
  const directory = directoryOf([], []);
  const delayed: { ms: number; run: () => void }[] = [];
  const chance = { next: 0.5 };
  const network = new NodeNetwork(
    new ClusterDns(directory),
    new ServiceProxy(directory, { nodeName: 'n', isNodeIP: () => false, now: () => 0 }),
    { post: () => {} },
    {
      random: () => chance.next,
      delay: (ms, run) => delayed.push({ ms, run }),
    },
  );
  const incoming: NodeNetMessage[] = [];
  network
    .openContainer(pod('server', '10.244.0.5'), 'c-server', [8080])
    .attach({ network: (m) => incoming.push(m) });
  return { network, incoming, delayed, chance };
}

/** A connection to the server pod as the router hands one from another node or the page. */
function fromRouter(network: NodeNetwork): void {
  const data = new MessageChannel();
  const ctl = new MessageChannel();
  network.receive({
    type: 'deliver',
    from: { ip: '10.244.1.9', port: 40000 },
    to: { ip: '10.244.0.5', port: 8080 },
    data: data.port2,
    ctl: ctl.port2,
  });
}

describe('NodeNetwork faults', () => {
  it('delivers at once without a fault', () => {
    const s = setup();
    fromRouter(s.network);
    expect(s.incoming.map((m) => m.type)).to.deep.equal(['incoming']);
    expect(s.network.currentFault()).to.equal(undefined);
  });

  it('delays each connection set-up by the latency', () => {
    const s = setup();
    s.network.setFault({ latencyMs: 250 });
    fromRouter(s.network);
    expect(s.incoming).to.deep.equal([]);
    expect(s.delayed.map((d) => d.ms)).to.deep.equal([250]);
    s.delayed[0].run();
    expect(s.incoming.map((m) => m.type)).to.deep.equal(['incoming']);
    expect(s.network.traffic().pods).to.deep.equal({ 'default/server': 1 });
  });

  const losses = [
    { lossPercent: 30, chance: 0.29, dropped: true },
    { lossPercent: 30, chance: 0.3, dropped: false },
    { lossPercent: 100, chance: 0.999, dropped: true },
    { lossPercent: 0, chance: 0, dropped: false },
  ];
  for (const c of losses) {
    it(`with ${c.lossPercent}% loss, a draw of ${c.chance} ${c.dropped ? 'drops' : 'keeps'} the connection`, () => {
      const s = setup();
      s.network.setFault({ lossPercent: c.lossPercent });
      s.chance.next = c.chance;
      fromRouter(s.network);
      expect(s.incoming.length).to.equal(c.dropped ? 0 : 1);
    });
  }

  it('drops connections its containers open, leaving them unanswered', async () => {
    const s = setup();
    const client = s.network.openContainer(pod('client', '10.244.0.6'), 'c-client', []);
    client.attach({ network: () => {} });
    s.network.setFault({ lossPercent: 100 });
    const data = new MessageChannel();
    client.network.request({
      type: 'connect',
      id: 1,
      host: '10.244.0.5',
      port: 8080,
      data: data.port2,
    });
    expect(s.incoming).to.deep.equal([]);
    s.network.setFault(undefined);
    const again = new MessageChannel();
    client.network.request({
      type: 'connect',
      id: 2,
      host: '10.244.0.5',
      port: 8080,
      data: again.port2,
    });
    expect(s.incoming.map((m) => m.type)).to.deep.equal(['incoming']);
  });

  it('clears with undefined or zeros', () => {
    const s = setup();
    s.network.setFault({ latencyMs: 100, lossPercent: 5 });
    expect(s.network.currentFault()).to.deep.equal({ latencyMs: 100, lossPercent: 5 });
    s.network.setFault({ latencyMs: 0, lossPercent: 0 });
    expect(s.network.currentFault()).to.equal(undefined);
    s.network.setFault({ latencyMs: 100 });
    s.network.setFault(undefined);
    fromRouter(s.network);
    expect(s.incoming.length).to.equal(1);
  });
});
