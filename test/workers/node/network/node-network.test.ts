import { expect } from '@esm-bundle/chai';
import type {
  DataMessage,
  NodeNetMessage,
  RouterMessage,
} from '../../../../src/workers/net/protocol.ts';
import { Errno } from '../../../../src/workers/net/protocol.ts';
import { ClusterDns } from '../../../../src/workers/node/network/cluster-dns.ts';
import {
  NodeNetwork,
  type PodNetworkIdentity,
} from '../../../../src/workers/node/network/node-network.ts';
import { ServiceProxy } from '../../../../src/workers/node/network/service-proxy.ts';
import { directoryOf, service, slice } from './directory.ts';

/** A container as the node sees it: records what the node sends it. */
class RecordingContainer {
  readonly messages: NodeNetMessage[] = [];
  private waiters: (() => void)[] = [];
  network(message: NodeNetMessage) {
    this.messages.push(message);
    for (const w of this.waiters.splice(0)) w();
  }
  async next(type: NodeNetMessage['type']): Promise<NodeNetMessage> {
    for (;;) {
      const found = this.messages.find((m) => m.type === type);
      if (found) {
        this.messages.splice(this.messages.indexOf(found), 1);
        return found;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

/** Collects what arrives on a port, in order. */
function inbox(port: MessagePort) {
  const received: unknown[] = [];
  let wake: (() => void) | undefined;
  port.onmessage = (event) => {
    received.push(event.data);
    wake?.();
  };
  return {
    received,
    async take(): Promise<unknown> {
      while (received.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return received.shift();
    },
  };
}

function pod(name: string, ip: string): PodNetworkIdentity {
  return { uid: `uid-${name}`, namespace: 'default', name, ip, hostname: name };
}

function setup() {
  const directory = directoryOf(
    [
      service('default', 'web', {
        clusterIP: '10.96.0.20',
        ports: [{ port: 80, targetPort: 8080 }],
      }),
      service('default', 'empty', { clusterIP: '10.96.0.21', ports: [{ port: 80 }] }),
    ],
    [slice('default', 'web', 8080, [{ ip: '10.244.0.5' }])],
  );
  const routed: RouterMessage[] = [];
  const network = new NodeNetwork(
    new ClusterDns(directory),
    new ServiceProxy(directory, { nodeName: 'n', isNodeIP: () => false, now: () => 0 }),
    { post: (message) => routed.push(message) },
  );
  const serverHandle = network.openContainer(pod('server', '10.244.0.5'), 'c-server', [8080]);
  const server = new RecordingContainer();
  serverHandle.attach(server);
  const clientHandle = network.openContainer(pod('client', '10.244.0.6'), 'c-client', []);
  const client = new RecordingContainer();
  clientHandle.attach(client);
  return { network, serverHandle, server, clientHandle, client, routed };
}

function connect(
  handle: ReturnType<typeof setup>['clientHandle'],
  id: number,
  host: string,
  port: number,
) {
  const channel = new MessageChannel();
  handle.network.request({ type: 'connect', id, host, port, data: channel.port2 });
  return inbox(channel.port1);
}

describe('NodeNetwork', () => {
  it('preopens the container ports and hands a connection through a Service to the listener', async () => {
    const s = setup();
    expect(s.serverHandle.network.listenPorts).to.deep.equal([8080]);
    const client = connect(s.clientHandle, 1, 'web', 80);
    const incoming = (await s.server.next('incoming')) as Extract<
      NodeNetMessage,
      { type: 'incoming' }
    >;
    expect(incoming.local).to.deep.equal({ ip: '10.244.0.5', port: 8080 });
    expect(incoming.peer.ip).to.equal('10.244.0.6');
    expect(incoming.id).to.be.below(0);
    const first = (await client.take()) as DataMessage;
    expect(first).to.include({ t: 'ctl' });
    incoming.data.postMessage(new TextEncoder().encode('hi').buffer);
    const bytes = (await client.take()) as ArrayBuffer;
    expect(new TextDecoder().decode(bytes)).to.equal('hi');
  });

  it('counts connections per pod that accepted them and per Service routed', async () => {
    const s = setup();
    connect(s.clientHandle, 1, 'web', 80);
    connect(s.clientHandle, 2, '10.244.0.5', 8080);
    await s.server.next('incoming');
    await s.server.next('incoming');
    expect(s.network.traffic()).to.deep.equal({
      pods: { 'default/server': 2 },
      services: { 'default/web': 1 },
    });
  });

  it('refuses a port nobody listens on and a Service without endpoints', async () => {
    const s = setup();
    expect(await connect(s.clientHandle, 1, '10.244.0.5', 9999).take()).to.deep.equal({
      t: 'refused',
    });
    expect(await connect(s.clientHandle, 2, 'empty', 80).take()).to.deep.equal({ t: 'refused' });
  });

  it('fails an unknown name with NOENT', async () => {
    const s = setup();
    const reply = (await connect(s.clientHandle, 1, 'nope', 80).take()) as {
      t: string;
      errno: number;
    };
    expect(reply).to.include({ t: 'error', errno: Errno.NOENT });
  });

  it('passes a connection for a pod elsewhere to the router', () => {
    const s = setup();
    connect(s.clientHandle, 1, '10.244.1.9', 80);
    expect(s.routed).to.have.length(1);
    expect(s.routed[0]).to.include({ type: 'deliver' });
    expect(s.routed[0].to).to.deep.equal({ ip: '10.244.1.9', port: 80 });
  });

  it('reaches a listener of the same pod through localhost', async () => {
    const s = setup();
    const sidecar = s.network.openContainer(pod('server', '10.244.0.5'), 'c-sidecar', []);
    sidecar.attach(new RecordingContainer());
    connect(sidecar, 1, 'localhost', 8080);
    const incoming = (await s.server.next('incoming')) as Extract<
      NodeNetMessage,
      { type: 'incoming' }
    >;
    expect(incoming.peer.ip).to.equal('10.244.0.5');
  });

  it('gives ADDRINUSE for a port another container of the pod listens on, and frees it on release', async () => {
    const s = setup();
    const other = s.network.openContainer(pod('server', '10.244.0.5'), 'c-other', [8080]);
    expect(other.network.listenPorts).to.deep.equal([]);
    const recorder = new RecordingContainer();
    other.attach(recorder);
    other.network.request({ type: 'listen', id: 1, port: 8080 });
    expect(await recorder.next('listen-result')).to.include({ errno: Errno.ADDRINUSE });
    s.serverHandle.release();
    other.network.request({ type: 'listen', id: 2, port: 8080 });
    expect(await recorder.next('listen-result')).to.include({ errno: Errno.SUCCESS });
  });

  it("resets the client's connection when the server container is released while it is open", async () => {
    const s = setup();
    const client = connect(s.clientHandle, 1, 'web', 80);
    await s.server.next('incoming');
    const announce = (await client.take()) as { t: 'ctl'; port: MessagePort };
    const control = inbox(announce.port);
    s.serverHandle.release();
    expect(await control.take()).to.deep.equal({ t: 'rst' });
  });

  it('resets the server side when the client is released, unless the client closed the connection first', async () => {
    const s = setup();
    connect(s.clientHandle, 1, 'web', 80);
    connect(s.clientHandle, 2, 'web', 80);
    const first = (await s.server.next('incoming')) as Extract<
      NodeNetMessage,
      { type: 'incoming' }
    >;
    const second = (await s.server.next('incoming')) as Extract<
      NodeNetMessage,
      { type: 'incoming' }
    >;
    const firstControl = inbox(first.ctl);
    const secondControl = inbox(second.ctl);
    s.clientHandle.network.request({ type: 'closed', id: 1, incoming: false });
    s.clientHandle.release();
    expect(await secondControl.take()).to.deep.equal({ t: 'rst' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(firstControl.received).to.deep.equal([]);
  });

  it('resolves names for the container', async () => {
    const s = setup();
    s.clientHandle.network.request({ type: 'resolve', id: 7, name: 'web' });
    expect(await s.client.next('resolved')).to.deep.equal({
      type: 'resolved',
      id: 7,
      errno: 0,
      canonicalName: 'web.default.svc.cluster.local',
      addresses: ['10.96.0.20'],
    });
    s.clientHandle.network.request({ type: 'resolve', id: 8, name: 'nope' });
    expect(await s.client.next('resolved')).to.include({ errno: Errno.NOENT });
  });

  it('queues what comes before the container is attached', async () => {
    const s = setup();
    const late = s.network.openContainer(pod('late', '10.244.0.7'), 'c-late', [80]);
    connect(s.clientHandle, 1, '10.244.0.7', 80);
    const recorder = new RecordingContainer();
    late.attach(recorder);
    expect(await recorder.next('incoming')).to.include({ type: 'incoming' });
  });
});
