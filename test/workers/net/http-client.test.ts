import { expect } from '@esm-bundle/chai';
import { StreamConnection } from '../../../src/workers/net/connection.ts';
import { httpExchange } from '../../../src/workers/net/http-client.ts';

/** A connection whose far end answers the request with `reply`, written in `pieces`. */
function serverReplying(reply: string, pieces = 1) {
  const data = new MessageChannel();
  const reset = new MessageChannel();
  const connection = new StreamConnection(data.port1, reset.port1);
  const received: string[] = [];
  data.port2.onmessage = (event) => {
    if (event.data instanceof ArrayBuffer) {
      received.push(new TextDecoder().decode(event.data));
      if (received.join('').includes('\r\n\r\n') && received.length === 1) {
        const bytes = new TextEncoder().encode(reply);
        const step = Math.ceil(bytes.length / pieces);
        for (let at = 0; at < bytes.length; at += step) {
          const piece = bytes.slice(at, at + step).buffer;
          data.port2.postMessage(piece, [piece]);
        }
        data.port2.postMessage({ t: 'fin' });
      }
    }
  };
  data.port2.postMessage({
    t: 'ok',
    peer: { ip: '10.244.1.2', port: 80 },
    local: { ip: '172.18.0.1', port: 40000 },
  });
  return { connection, received };
}

describe('httpExchange', () => {
  it('sends a request with Host and Connection: close, and reads a Content-Length body', async () => {
    const { connection, received } = serverReplying(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
      3,
    );
    await connection.established;
    const response = await httpExchange(connection, { path: '/x?y=1', host: 'web' });
    expect(received.join('')).to.match(/^GET \/x\?y=1 HTTP\/1\.1\r\nHost: web\r\n/);
    expect(received.join('')).to.include('Connection: close\r\n');
    expect(response.status).to.equal(200);
    expect(response.statusText).to.equal('OK');
    expect(response.headers['content-type']).to.equal('text/plain');
    expect(new TextDecoder().decode(response.body)).to.equal('hello');
  });

  it('reads a chunked body', async () => {
    const { connection } = serverReplying(
      'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nnot \r\n5\r\nfound\r\n0\r\n\r\n',
      4,
    );
    const response = await httpExchange(connection, { path: '/', host: 'web' });
    expect(response.status).to.equal(404);
    expect(new TextDecoder().decode(response.body)).to.equal('not found');
  });

  it('reads a body delimited by the end of the stream', async () => {
    const { connection } = serverReplying('HTTP/1.0 200 OK\r\n\r\nall of it');
    const response = await httpExchange(connection, { path: '/', host: 'web' });
    expect(new TextDecoder().decode(response.body)).to.equal('all of it');
  });

  it('rejects a reply that is not HTTP', async () => {
    const { connection } = serverReplying('+PONG\r\n');
    let error: unknown;
    await httpExchange(connection, { path: '/', host: 'redis' }).catch((e) => (error = e));
    expect(String(error)).to.include('malformed HTTP response');
  });
});
