import { expect } from '@esm-bundle/chai';
import type { ContainerNetRequest } from '../../../../src/workers/net/protocol.ts';
import { FakeNetwork, pull, type NetContainer, type TestPeer } from '../net/fake-network.ts';

// The hello-wagi image in a real container worker, in WAGI mode, reached through a fake node
// network: each request runs the module once, CGI-style.

const POD = '10.244.1.10';

interface Response {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: string;
}

/** Splits the responses received so far on a connection; undefined while one is incomplete. */
function responses(received: string, count: number, head = false): Response[] | undefined {
  const out: Response[] = [];
  let rest = received;
  while (out.length < count) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const match = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(statusLine);
    if (!match) throw new Error(`malformed status line ${JSON.stringify(statusLine)}`);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(match[1]);
    if (status === 100) {
      rest = rest.slice(end + 4);
      continue;
    }
    const length = head ? 0 : Number(headers['content-length'] ?? 0);
    // The bodies here are ASCII: characters are bytes.
    if (rest.length < end + 4 + length) return undefined;
    out.push({ status, reason: match[2], headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

/** Sends `raw` on `peer` and waits for `count` responses. */
async function exchange(peer: TestPeer, raw: string, count = 1): Promise<Response[]> {
  const before = peer.received.length;
  const head = raw.startsWith('HEAD ');
  peer.send(raw);
  await peer.until((p) => p.fin || responses(p.received.slice(before), count, head) !== undefined);
  const got = responses(peer.received.slice(before), count, head);
  if (!got) throw new Error(`connection ended after ${JSON.stringify(peer.received)}`);
  return got;
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: hello\r\n${extra}\r\n`;

const requests = (c: NetContainer, type: ContainerNetRequest['type']) =>
  c.events.filter((e): e is ContainerNetRequest => e !== 'exit' && e.type === type);

describe('a WAGI container (hello-wagi in a container worker)', function () {
  this.timeout(20_000);
  let net: FakeNetwork;
  let server: NetContainer;

  beforeEach(async () => {
    net = new FakeNetwork();
    server = await net.start('hello-wagi', [], {
      ip: POD,
      listenPorts: [8080],
      // No WAGI variable: the image is marked as a WAGI handler.
      env: [['HOSTNAME', 'hello-abc']],
    });
    await server.until((s) => s.stdout.includes('serving HTTP'));
  });

  afterEach(() => net.stopAll());

  it('answers each request with a fresh run: status, headers and body', async () => {
    expect(server.stdout).to.equal(
      'wagi: serving HTTP on port 8080: one run of the module per request\n',
    );
    const peer = await net.connect(POD, 8080, '10.244.2.20');
    const [response] = await exchange(peer, get('/hello/world?x=1&y=2'));
    expect(response.status).to.equal(200);
    expect(response.reason).to.equal('OK');
    expect(response.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(response.headers['content-length']).to.equal(String(response.body.length));
    expect(response.headers.date).to.match(/GMT$/);
    expect(response.body).to.equal(
      'Hello from WAGI!\nmethod: GET\npath: /hello/world\nquery: x=1&y=2\nhostname: hello-abc\n',
    );
    await server.until((s) => s.stdout.split('\n').length === 3);
    expect(server.stdout.split('\n')[1]).to.equal(
      `10.244.2.20 "GET /hello/world?x=1&y=2 HTTP/1.1" 200 ${response.body.length}`,
    );
    // The preopened listener was used: no listen request went to the node.
    expect(requests(server, 'listen')).to.deep.equal([]);
  });

  it('passes the CGI variables and the container’s own environment', async () => {
    const peer = await net.connect(POD, 8080, '10.244.2.21');
    const [response] = await exchange(peer, get('/env?a=1', 'X-Trace: t1\r\n'));
    expect(response.status).to.equal(200);
    const lines = response.body.split('\n');
    for (const line of [
      '  REQUEST_METHOD=GET',
      '  PATH_INFO=/env',
      '  QUERY_STRING=a=1',
      '  SERVER_NAME=hello',
      '  SERVER_PORT=80',
      '  REMOTE_ADDR=10.244.2.21',
      '  HTTP_X_TRACE=t1',
      '  X_MATCHED_ROUTE=/...',
      '  GATEWAY_INTERFACE=CGI/1.1',
      '  argv[0] = /env',
      '  argv[1] = a=1',
    ]) {
      expect(lines).to.include(line);
    }
  });

  it('keeps a connection alive across requests, pipelined ones answered in order', async () => {
    const peer = await net.connect(POD, 8080);
    const first = await exchange(peer, get('/one'));
    const [second, third] = await exchange(peer, get('/two') + get('/three?q'), 2);
    expect([first[0], second, third].map((r) => /path: (\S+)/.exec(r.body)?.[1])).to.deep.equal([
      '/one',
      '/two',
      '/three',
    ]);
    expect(peer.fin).to.equal(false);
    const [last] = await exchange(peer, get('/four', 'Connection: close\r\n'));
    expect(last.headers.connection).to.equal('close');
    await peer.until((p) => p.fin);
  });

  it('gives a POST body on stdin, chunked or not, and answers 100 Continue', async () => {
    const peer = await net.connect(POD, 8080);
    const [plain] = await exchange(
      peer,
      'POST /submit HTTP/1.1\r\nHost: hello\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nname=wagi&x=1',
    );
    expect(plain.body).to.contain('method: POST\npath: /submit\n');
    expect(plain.body).to.match(/body: name=wagi&x=1\n$/);

    const [chunked] = await exchange(
      peer,
      'PUT /c HTTP/1.1\r\nHost: hello\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n2\r\nef\r\n0\r\n\r\n',
    );
    expect(chunked.body).to.match(/body: abcdef\n$/);

    const before = peer.received.length;
    peer.send(
      'POST /big HTTP/1.1\r\nHost: hello\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n',
    );
    await peer.until((p) => p.received.length > before);
    expect(peer.received.slice(before)).to.equal('HTTP/1.1 100 Continue\r\n\r\n');
    const [big] = await exchange(peer, 'z'.repeat(5000));
    expect(big.body).to.contain(`body: ${'z'.repeat(5000)}\n`);
  });

  it('takes the status from the Status header, and Location makes a 302', async () => {
    const peer = await net.connect(POD, 8080);
    const [missing] = await exchange(peer, get('/status/404'));
    expect(missing).to.include({ status: 404, reason: 'Not Found', body: '404 Not Found\n' });
    expect(missing.headers).to.not.have.property('status');
    const [teapot] = await exchange(peer, get('/status/418'));
    expect(teapot).to.include({ status: 418, reason: "I'm a teapot" });
    const [redirect] = await exchange(peer, get('/redirect'));
    expect(redirect.status).to.equal(302);
    expect(redirect.headers.location).to.equal('/');
    const [head] = await exchange(peer, 'HEAD /x HTTP/1.1\r\nHost: hello\r\n\r\n');
    expect(head.status).to.equal(200);
    expect(Number(head.headers['content-length'])).to.be.greaterThan(0);
    const [health] = await exchange(peer, get('/healthz'));
    expect(health).to.include({ status: 200, body: 'OK' });
  });

  it('answers 500 when the handler traps, logs why, and serves the next request', async () => {
    const peer = await net.connect(POD, 8080);
    const [crash] = await exchange(peer, get('/crash'));
    expect(crash).to.include({ status: 500, reason: 'Internal Server Error' });
    expect(crash.body).to.equal('500 Internal Server Error\n');
    await server.until((s) => s.stderr.includes('wagi: GET /crash'));
    expect(server.stderr).to.match(
      /^hello-wagi: crashing on purpose\nwagi: GET \/crash: the handler trapped: unreachable\n$/,
    );
    const [after] = await exchange(peer, get('/fine'));
    expect(after.status).to.equal(200);
    // The container itself keeps running.
    expect(server.events).to.not.include('exit');
  });

  it('answers a request it cannot read with its 4xx and closes', async () => {
    const peer = await net.connect(POD, 8080);
    const [bad] = await exchange(peer, 'GET / HTTP/1.1\r\n\r\n');
    expect(bad.status).to.equal(400);
    expect(bad.headers.connection).to.equal('close');
    await peer.until((p) => p.fin);
  });
});

describe('WAGI mode', function () {
  this.timeout(20_000);
  let net: FakeNetwork;
  beforeEach(() => (net = new FakeNetwork()));
  afterEach(() => net.stopAll());

  it('listens on port 80 without a containerPort, or on $PORT', async () => {
    const onDefault = await net.start('hello-wagi', [], { ip: POD, env: [['WAGI', 'true']] });
    await onDefault.until((s) => s.stdout.includes('serving HTTP on port 80:'));
    expect(requests(onDefault, 'listen').map((r) => r.type === 'listen' && r.port)).to.deep.equal([
      80,
    ]);
    const peer = await net.connect(POD, 80);
    const [response] = await exchange(peer, get('/'));
    expect(response.body).to.contain('Hello from WAGI!');

    const onPort = await net.start('hello-wagi', [], {
      ip: '10.244.1.11',
      env: [
        ['WAGI', '1'],
        ['PORT', '9000'],
      ],
    });
    await onPort.until((s) => s.stdout.includes('serving HTTP on port 9000:'));
  });

  it('exits 1 when it cannot listen', async () => {
    const offline = await net.start('hello-wagi', [], {
      ip: POD,
      network: false,
      env: [['WAGI', '1']],
    });
    expect(await offline.container.exited).to.include({ exitCode: 1, reason: 'Error' });
    expect(offline.stderr).to.equal(
      'wagi: cannot listen on port 80: the container has no network\n',
    );
  });

  it('comes from the image’s mark, or from WAGI in the container’s environment', async () => {
    expect((await pull('hello-wagi:1.0')).wagi).to.equal(true);
    expect((await pull('hello:1.0')).wagi).to.equal(undefined);
    // A module that is not marked, made a handler by its container's environment: hello
    // prints no CGI headers, so every request is a 500 that says why.
    const unmarked = await net.start('hello', [], { ip: POD, env: [['WAGI', 'yes']] });
    await unmarked.until((s) => s.stdout.includes('serving HTTP on port 80:'));
    const peer = await net.connect(POD, 80);
    const [response] = await exchange(peer, get('/'));
    expect(response.status).to.equal(500);
    await unmarked.until((s) => s.stderr.includes('wagi: GET /'));
    expect(unmarked.stderr).to.equal(
      'wagi: GET /: the handler’s output has none of the Content-Type, Location and Status headers\n',
    );
  });

  it('is off with WAGI=0 even for a marked image: the module runs once, as a command', async () => {
    const plain = await net.start('hello-wagi', [], { ip: POD, env: [['WAGI', '0']] });
    expect(await plain.container.exited).to.include({ exitCode: 0 });
    // A CGI program run outside a server: its greeting, as a CGI response, on stdout.
    expect(plain.stdout).to.match(
      /^Content-Type: text\/plain; charset=utf-8\n\nHello from WAGI!\n/,
    );
  });
});
