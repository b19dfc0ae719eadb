import { expect } from '@esm-bundle/chai';
import type { ContainerNetRequest } from '../../../../src/workers/net/protocol.ts';
import { FakeNetwork, type NetContainer, type TestPeer } from './fake-network.ts';

// Containers running the netcat image in real container workers, connected through a fake
// node network: the container side of the virtual network end to end.

const SERVER = '10.244.1.10';
const CLIENT = '10.244.2.20';

const requests = (c: NetContainer, type: ContainerNetRequest['type']) =>
  c.events.filter((e): e is ContainerNetRequest => e !== 'exit' && e.type === type);

async function echoServer(net: FakeNetwork, args = ['-l', '7000'], listenPorts?: number[]) {
  const server = await net.start('netcat', args, { ip: SERVER, listenPorts });
  await server.until((s) => s.stdout.includes('listening on'));
  return server;
}

describe('container sockets (netcat in container workers)', function () {
  this.timeout(20_000);
  let net: FakeNetwork;

  beforeEach(() => {
    net = new FakeNetwork();
  });

  afterEach(() => net.stopAll());

  it('echoes a round trip between two containers, each reporting its end to the node', async () => {
    const server = await echoServer(net);
    expect(requests(server, 'listen')).to.have.length(1);
    expect(requests(server, 'listen')[0]).to.include({ port: 7000 });

    const client = await net.start('netcat', [SERVER, '7000', 'hello', 'world'], { ip: CLIENT });
    const exit = await client.container.exited;
    expect(exit).to.include({ exitCode: 0, reason: 'Completed' });
    expect(client.stdout).to.equal('hello world');
    expect(client.stderr).to.equal('');
    await server.until((s) => s.stdout.includes('connection 1'));
    expect(server.stdout).to.equal('listening on 7000\nconnection 1: echoed 11 bytes, done\n');

    const connect = requests(client, 'connect')[0];
    expect(connect).to.include({ host: SERVER, port: 7000 });
    const closedByClient = requests(client, 'closed');
    expect(closedByClient).to.deep.equal([{ type: 'closed', id: connect.id, incoming: false }]);
    // The server prints its line before it closes the connection: its `closed` may come after.
    for (let i = 0; i < 200 && requests(server, 'closed').length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(requests(server, 'closed')).to.deep.equal([
      { type: 'closed', id: requests(server, 'closed')[0].id, incoming: true },
    ]);
  });

  it('serves several connections at once from one poll() loop', async () => {
    const server = await echoServer(net);
    const peers = await Promise.all([1, 2, 3].map(() => net.connect(SERVER, 7000)));
    expect(peers.map((p) => p.ok)).to.deep.equal([true, true, true]);
    // Interleaved: each connection is answered while the others stay open.
    for (const round of ['a', 'b']) {
      for (const [i, peer] of [peers[1], peers[2], peers[0]].entries()) {
        peer.send(`${round}${i};`);
        await peer.until((p) => p.received.endsWith(`${round}${i};`));
      }
    }
    expect(peers.map((p) => p.received)).to.deep.equal(['a2;b2;', 'a0;b0;', 'a1;b1;']);
    expect(peers.some((p) => p.fin)).to.equal(false);
    for (const peer of peers) peer.finish();
    await Promise.all(peers.map((p) => p.until((q) => q.fin)));
    await server.until((s) => s.stdout.split('\n').length === 5);
    const lines = server.stdout.trim().split('\n').slice(1).sort();
    expect(lines).to.deep.equal([
      'connection 1: echoed 6 bytes, done',
      'connection 2: echoed 6 bytes, done',
      'connection 3: echoed 6 bytes, done',
    ]);

    // Container clients at the same time, too.
    const clients = await Promise.all(
      ['x', 'y', 'z'].map((word, i) =>
        net.start('netcat', [SERVER, '7000', word.repeat(1000)], { ip: `10.244.2.${30 + i}` }),
      ),
    );
    const exits = await Promise.all(clients.map((c) => c.container.exited));
    expect(exits.map((e) => e.exitCode)).to.deep.equal([0, 0, 0]);
    expect(clients.map((c) => c.stdout)).to.deep.equal(['x', 'y', 'z'].map((w) => w.repeat(1000)));
  });

  it('refuses a connection where nothing listens, or no longer listens', async () => {
    const lonely = await net.start('netcat', ['10.244.7.7', '80', 'hi'], { ip: CLIENT });
    expect(await lonely.container.exited).to.include({ exitCode: 1 });
    expect(lonely.stderr).to.equal('netcat: connect to 10.244.7.7 port 80: Connection refused\n');
    expect(requests(lonely, 'closed')).to.have.length(1);

    // --accept 1 closes the listener after the first connection; the node still routes the
    // port to the container, which refuses by itself.
    const server = await echoServer(net, ['-l', '7000', '--accept', '1']);
    const first = await net.connect(SERVER, 7000);
    first.send('ping');
    await first.until((p) => p.received === 'ping');
    const second = await net.connect(SERVER, 7000);
    expect(second).to.include({ refused: true, ok: false });
    await server.until((s) => requests(s, 'closed').length === 1);
    expect(requests(server, 'closed')[0]).to.include({ incoming: true });

    first.finish();
    expect(await server.container.exited).to.include({ exitCode: 0 });
    // Once the container has ended the runtime itself refuses.
    const third = await net.connect(SERVER, 7000);
    expect(third).to.include({ refused: true, ok: false });
  });

  it('resolves names through the node: the canonical name and addresses, or ENOENT', async () => {
    net.names.set('web', {
      canonicalName: 'web.default.svc.cluster.local',
      addresses: ['10.96.0.12', '10.96.0.13'],
    });
    const found = await net.start('netcat', ['--resolve', 'web'], { ip: CLIENT });
    expect(await found.container.exited).to.include({ exitCode: 0 });
    expect(found.stdout).to.equal(
      'Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.12\nAddress: 10.96.0.13\n',
    );

    const missing = await net.start('netcat', ['--resolve', 'nope'], { ip: CLIENT });
    expect(await missing.container.exited).to.include({ exitCode: 1 });
    expect(missing.stderr).to.equal('netcat: resolve nope: Name or service not known\n');

    // connect() by name: the node resolves it.
    await echoServer(net);
    net.names.set('echo', { canonicalName: 'echo.default.svc.cluster.local', addresses: [SERVER] });
    const byName = await net.start('netcat', ['echo', '7000', 'named'], { ip: CLIENT });
    expect(await byName.container.exited).to.include({ exitCode: 0 });
    expect(byName.stdout).to.equal('named');
    const unknown = await net.start('netcat', ['nope', '7000', 'x'], { ip: CLIENT });
    expect(await unknown.container.exited).to.include({ exitCode: 1 });
    expect(unknown.stderr).to.equal(
      'netcat: connect to nope port 7000: Name or service not known\n',
    );
  });

  it('preopens a listener per port after the directories (LISTEN_FDS) without a listen request', async () => {
    const env = await net.start('toolbox', ['env'], { ip: SERVER, listenPorts: [8080, 9090] });
    await env.container.exited;
    expect(env.stdout).to.contain('LISTEN_FDS=2\nLISTEN_FDS_START=3\nLISTEN_PORTS=8080,9090\n');

    const server = await net.start('netcat', ['-L'], { ip: SERVER, listenPorts: [8080, 9090] });
    await server.until((s) => s.stdout === 'listening on 8080\nlistening on 9090\n');
    for (const port of [8080, 9090]) {
      const client = await net.start('netcat', [SERVER, String(port), `to ${port}`], {
        ip: CLIENT,
      });
      await client.container.exited;
      expect(client.stdout).to.equal(`to ${port}`);
    }
    expect(requests(server, 'listen')).to.deep.equal([]);

    // A program that listens itself on a preopened port shares that listener.
    const own = await net.start('netcat', ['-l', '8080'], {
      ip: '10.244.1.11',
      listenPorts: [8080],
    });
    await own.until((s) => s.stdout.includes('listening on 8080'));
    const peer = await net.connect('10.244.1.11', 8080);
    peer.send('shared');
    await peer.until((p) => p.received === 'shared');
    expect(requests(own, 'listen')).to.deep.equal([]);
  });

  it('resets: ECONNRESET on the client when the server side is reset, and on the server', async () => {
    let held: TestPeer | undefined;
    net.listen('10.244.5.5', 7000, (peer) => (held = peer));
    const client = await net.start('netcat', ['10.244.5.5', '7000', 'hello'], { ip: CLIENT });
    await client.until(() => held !== undefined);
    await held!.until((p) => p.received === 'hello' && p.fin);
    net.connections.at(-1)!.serverReset.postMessage({ t: 'rst' });
    expect(await client.container.exited).to.include({ exitCode: 1 });
    expect(client.stderr).to.equal('netcat: read: Connection reset by peer\n');

    const server = await echoServer(net);
    const peer = await net.connect(SERVER, 7000);
    peer.send('abc');
    await peer.until((p) => p.received === 'abc');
    net.connections.at(-1)!.clientReset.postMessage({ t: 'rst' });
    await server.until((s) => s.stdout.includes('connection 1'));
    expect(server.stdout).to.contain('connection 1: echoed 3 bytes, Connection reset by peer\n');
    await server.until((s) => requests(s, 'closed').length === 1);
  });

  it('ends a finished program’s connections with fin, reported closed before the exit', async () => {
    let held: TestPeer | undefined;
    net.listen('10.244.5.6', 7000, (peer) => {
      held = peer;
      peer.port.addEventListener('message', (event) => {
        if (event.data instanceof ArrayBuffer) peer.port.postMessage(event.data, [event.data]);
        else if (typeof event.data === 'string') peer.port.postMessage(event.data);
      });
    });
    // --ping never closes its connection: the runtime does, at exit.
    const pinger = await net.start('netcat', ['--ping', '3', '10.244.5.6', '7000'], { ip: CLIENT });
    expect(await pinger.container.exited).to.include({ exitCode: 0 });
    expect(pinger.stdout).to.match(/^3 round trips in [\d.]+ ms: p50 \d+ us, p99 \d+ us\n$/);
    await held!.until((p) => p.fin);
    expect(held!.received).to.equal('ping\n'.repeat(3));
    expect(pinger.events.map((e) => (e === 'exit' ? e : e.type))).to.deep.equal([
      'connect',
      'closed',
      'exit',
    ]);

    // Between two containers: the echo server sees the end of the stream.
    const server = await echoServer(net);
    const other = await net.start('netcat', ['--ping', '2', SERVER, '7000'], { ip: CLIENT });
    await other.container.exited;
    await server.until((s) => s.stdout.includes('connection 1'));
    expect(server.stdout).to.contain('connection 1: echoed 10 bytes, done\n');
  });

  it('fails the network calls with ENOTSUP when the container has no network', async () => {
    const offline = await net.start('netcat', ['-l', '7000'], { ip: SERVER, network: false });
    expect(await offline.container.exited).to.include({ exitCode: 1 });
    expect(offline.stderr).to.match(/^netcat: listen on port 7000: Not supported\n$/);
  });
});
