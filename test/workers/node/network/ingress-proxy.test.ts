import { expect } from '@esm-bundle/chai';
import { ConnectionError, StreamConnection } from '../../../../src/workers/net/connection.ts';
import { isBytes, receivedBytes } from '../../../../src/workers/net/post-bytes.ts';
import { Errno, type DataMessage } from '../../../../src/workers/net/protocol.ts';
import type { Ingress } from '../../../../src/kernel/types/networking.ts';
import {
  IngressProxy,
  nginxErrorPage,
  type IngressProxyOptions,
} from '../../../../src/workers/node/network/ingress-proxy.ts';
import { directoryOf, service, slice } from './directory.ts';

/** The far end of a connection the proxy opened: what it received, and how to answer. */
class FakeBackend {
  private readonly received: DataMessage[] = [];
  private wake?: () => void;
  constructor(
    readonly host: string,
    readonly port: number,
    readonly data: MessagePort,
    readonly ctl: MessagePort,
  ) {
    data.onmessage = (event: MessageEvent<DataMessage>) => {
      this.received.push(event.data);
      this.wake?.();
    };
    ctl.onmessage = (event: MessageEvent<DataMessage>) => {
      this.received.push(event.data);
      this.wake?.();
    };
  }

  accept(): void {
    const ok: DataMessage = {
      t: 'ok',
      peer: { ip: this.host, port: this.port },
      local: { ip: '172.18.0.2', port: 33000 },
    };
    this.data.postMessage(ok);
  }

  send(text: string): void {
    const bytes = new TextEncoder().encode(text);
    this.data.postMessage(bytes.buffer, [bytes.buffer]);
  }

  post(message: DataMessage): void {
    this.data.postMessage(message);
  }

  /** Everything received as text until `done` says it is complete. */
  async text(done: (text: string) => boolean): Promise<string> {
    for (;;) {
      const text = this.received
        .filter(isBytes)
        .map((b) => new TextDecoder().decode(receivedBytes(b)))
        .join('');
      if (done(text)) return text;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async control(t: string): Promise<void> {
    while (!this.received.some((m) => !isBytes(m) && m.t === t)) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

const backendFor = (name: string) => ({ service: { name, port: { number: 80 } } });

function setup(ingresses: Ingress[]) {
  const directory = directoryOf(
    [
      service('default', 'web', {
        clusterIP: '10.96.0.20',
        ports: [{ port: 80, targetPort: 8080 }],
      }),
      service('default', 'api', {
        clusterIP: '10.96.0.21',
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      }),
      service('default', 'empty', { clusterIP: '10.96.0.22', ports: [{ port: 80 }] }),
    ],
    [
      slice('default', 'web', 8080, [{ ip: '10.244.0.5' }]),
      slice('default', 'api', 8080, [{ ip: '10.244.1.5' }], 'http'),
      slice('default', 'empty', 8080, [{ ip: '10.244.1.6', ready: false }]),
    ],
  );
  const backends: FakeBackend[] = [];
  let taken = 0;
  let waitBackend: (() => void) | undefined;
  const options: IngressProxyOptions = {
    ingresses: () => ingresses,
    services: directory,
    isNodeAddress: (ip) => ip === '172.18.0.2' || ip === '172.18.0.3',
    openUpstream: (host, port) => {
      const data = new MessageChannel();
      const ctl = new MessageChannel();
      backends.push(new FakeBackend(host, port, data.port2, ctl.port2));
      waitBackend?.();
      return { data: data.port1, ctl: ctl.port1 };
    },
    connectTimeoutMs: 200,
    requestId: () => '0123456789abcdef0123456789abcdef',
  };
  const proxy = new IngressProxy(options);
  return {
    proxy,
    backends,
    /** Opens a client connection to the node's port 80 (or `port`). */
    connect(port = 80) {
      const data = new MessageChannel();
      const ctl = new MessageChannel();
      const from = { ip: '10.244.2.9', port: 41000 };
      proxy.accept(from, { ip: '172.18.0.2', port }, data.port2, ctl.port2);
      return {
        conn: new StreamConnection(data.port1, new MessageChannel().port1),
        ctl: ctl.port1,
        /** The client's end of the data channel, to post on it as a container would. */
        port: data.port1,
      };
    },
    /** The next connection the proxy opens to a backend (each is returned once). */
    async nextBackend(): Promise<FakeBackend> {
      while (backends.length <= taken) await new Promise<void>((r) => (waitBackend = r));
      return backends[taken++];
    },
  };
}

const webIngress: Ingress = {
  metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: {
    ingressClassName: 'nginx',
    rules: [
      {
        host: 'shop.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: backendFor('web') },
            {
              path: '/api',
              pathType: 'Prefix',
              backend: { service: { name: 'api', port: { name: 'http' } } },
            },
            { path: '/sold-out', pathType: 'Exact', backend: backendFor('empty') },
            { path: '/gone', pathType: 'Exact', backend: backendFor('missing') },
          ],
        },
      },
    ],
  },
};

describe('IngressProxy', () => {
  it('listens on ports 80 and 443 of node addresses only', () => {
    const { proxy } = setup([]);
    expect(proxy.handles({ ip: '172.18.0.3', port: 80 })).to.equal(true);
    expect(proxy.handles({ ip: '172.18.0.2', port: 443 })).to.equal(true);
    expect(proxy.handles({ ip: '172.18.0.2', port: 8080 })).to.equal(false);
    expect(proxy.handles({ ip: '10.96.0.20', port: 80 })).to.equal(false);
  });

  it("routes by host and path to the Service, with ingress-nginx's forwarding headers, and pipes the answer back", async () => {
    const s = setup([webIngress]);
    const { conn } = s.connect();
    await conn.established;
    conn.write(
      'GET /api/items?q=1 HTTP/1.1\r\nHost: Shop.Example.com:80\r\nUser-Agent: curl/8\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n',
    );
    const backend = await s.nextBackend();
    expect([backend.host, backend.port]).to.deep.equal(['10.96.0.21', 80]);
    backend.accept();
    const head = await backend.text((t) => t.endsWith('\r\n\r\n'));
    expect(head).to.equal(
      [
        'GET /api/items?q=1 HTTP/1.1',
        'Host: Shop.Example.com:80',
        'X-Request-ID: 0123456789abcdef0123456789abcdef',
        'X-Real-IP: 10.244.2.9',
        'X-Forwarded-For: 10.244.2.9',
        'X-Forwarded-Host: Shop.Example.com:80',
        'X-Forwarded-Port: 80',
        'X-Forwarded-Proto: http',
        'X-Forwarded-Scheme: http',
        'X-Scheme: http',
        'Connection: close',
        'User-Agent: curl/8',
        '',
        '',
      ].join('\r\n'),
    );
    backend.send('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    backend.post({ t: 'fin' });
    expect(await conn.readAll()).to.equal('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  });

  it('takes bytes written as strings (how containers send short writes) both ways, in order', async () => {
    const s = setup([webIngress]);
    const { conn, port } = s.connect();
    await conn.established;
    port.postMessage('GET / HTTP/1.1\r\nHost: shop.example.com\r\n');
    port.postMessage('Content-Length: 2\r\n\r\nh');
    const backend = await s.nextBackend();
    backend.accept();
    port.postMessage('i');
    const text = await backend.text((t) => t.endsWith('hi'));
    expect(text.startsWith('GET / HTTP/1.1\r\nHost: shop.example.com\r\n')).to.equal(true);
    expect(text.endsWith('Content-Length: 2\r\n\r\nhi')).to.equal(true);
    backend.post('HTTP/1.1 200 OK\r\n\r\n\xe9');
    backend.send('!');
    backend.post({ t: 'fin' });
    const chunks: number[] = [];
    for (let chunk = await conn.read(); chunk; chunk = await conn.read()) chunks.push(...chunk);
    expect(chunks).to.deep.equal([
      ...new TextEncoder().encode('HTTP/1.1 200 OK\r\n\r\n'),
      0xe9,
      0x21,
    ]);
  });

  it('passes a request body that follows the head, in pieces, once the backend accepts', async () => {
    const s = setup([webIngress]);
    const { conn } = s.connect(443);
    await conn.established;
    conn.write('POST / HTTP/1.1\r\nHost: shop.example.com\r\nContent-Length: 7\r\n');
    conn.write('\r\nhel');
    const backend = await s.nextBackend();
    conn.write('lo!!');
    conn.end();
    backend.accept();
    const text = await backend.text((t) => t.endsWith('hello!!'));
    expect(text).to.contain('X-Forwarded-Proto: https\r\n');
    expect(text).to.contain('X-Forwarded-Port: 443\r\n');
    expect(text.endsWith('Content-Length: 7\r\n\r\nhello!!')).to.equal(true);
    await backend.control('fin');
  });

  it("answers 404 with nginx's page when no rule matches, 503 without a ready endpoint or Service", async () => {
    const s = setup([webIngress]);
    const cases: [string, string, number][] = [
      ['other.example.com', '/', 404],
      ['shop.example.com', '/sold-out', 503],
      ['shop.example.com', '/gone', 503],
    ];
    for (const [host, path, status] of cases) {
      const { conn } = s.connect();
      conn.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      const reply = await conn.readAll();
      const body = nginxErrorPage(status);
      expect(reply, `${host}${path}`).to.equal(
        `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Service Temporarily Unavailable'}\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    expect(s.backends).to.have.length(0);
    expect(nginxErrorPage(404)).to.equal(
      '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    );
  });

  it('answers 400 to a request it cannot parse, 502 when the backend refuses, 504 when it never answers', async () => {
    const s = setup([webIngress]);
    const bad = s.connect();
    bad.conn.write('NONSENSE\r\n\r\n');
    expect(await bad.conn.readAll()).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);

    const refused = s.connect();
    refused.conn.write('GET / HTTP/1.1\r\nHost: shop.example.com\r\n\r\n');
    (await s.nextBackend()).post({ t: 'refused' });
    expect(await refused.conn.readAll()).to.match(/^HTTP\/1\.1 502 Bad Gateway\r\n/);

    const silent = s.connect();
    silent.conn.write('GET / HTTP/1.1\r\nHost: shop.example.com\r\n\r\n');
    const ignored = await s.nextBackend();
    expect(await silent.conn.readAll()).to.match(/^HTTP\/1\.1 504 Gateway Time-out\r\n/);
    await ignored.control('rst');
  });

  it("passes a reset from the backend to the client, and the client's reset to the backend", async () => {
    const s = setup([webIngress]);
    const first = s.connect();
    first.conn.write('GET / HTTP/1.1\r\nHost: shop.example.com\r\n\r\n');
    const backend = await s.nextBackend();
    backend.accept();
    await backend.text((t) => t.endsWith('\r\n\r\n'));
    backend.send('HTTP/1.1 200 OK\r\n');
    backend.post({ t: 'rst' });
    const error = await first.conn.readAll().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ConnectionError);
    expect((error as ConnectionError).errno).to.equal(Errno.CONNRESET);

    const second = s.connect();
    second.conn.write('GET / HTTP/1.1\r\nHost: shop.example.com\r\n\r\n');
    const other = await s.nextBackend();
    expect(other).to.not.equal(backend);
    other.accept();
    await other.text((t) => t.endsWith('\r\n\r\n'));
    // The client's node reports its container killed on the reset port it gave.
    second.ctl.postMessage({ t: 'rst' });
    await other.control('rst');
  });
});
