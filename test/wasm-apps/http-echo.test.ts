import { expect } from '@esm-bundle/chai';
import { Errno } from '../../src/workers/net/protocol.ts';
import { imageModule, runNet, type NetRunOptions, type NetRunResult } from './net-harness.ts';

// The http-echo image (wasm-apps/http-echo) against scripted clients.
async function echo(options: NetRunOptions): Promise<NetRunResult> {
  return runNet(await imageModule('http-echo'), options);
}

interface Response {
  status: string;
  headers: Record<string, string>;
  body: string;
}

/** Splits what the server sent into responses; `head` marks answers to HEAD (no body). */
function responses(sent: string, head: boolean[] = []): Response[] {
  const out: Response[] = [];
  let rest = sent;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    expect(end, `a complete head in ${JSON.stringify(rest)}`).to.be.greaterThan(0);
    const [status, ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = head[out.length] ? 0 : Number(headers['content-length']);
    const bodyBytes = new TextEncoder().encode(rest.slice(end + 4)).subarray(0, length);
    const body = new TextDecoder().decode(bodyBytes);
    out.push({ status, headers, body });
    rest = rest.slice(end + 4 + body.length);
  }
  return out;
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: web${extra}\r\n\r\n`;

describe('http-echo image', () => {
  it('answers with the pod that served, its downward-API env and the request', async () => {
    const run = await echo({
      env: {
        HOSTNAME: 'web-7c9d-abcde',
        NODE_NAME: 'node-2',
        POD_NAME: 'web-7c9d-abcde',
        POD_NAMESPACE: 'shop',
        POD_IP: '10.244.2.7',
      },
      incoming: {
        8080: [{ send: 'GET /cart?id=4 HTTP/1.1\r\nHost: web:8080\r\nUser-Agent: curl/8\r\n\r\n' }],
      },
    });
    expect(run.listened).to.deep.equal([8080]);
    expect(run.stdout[0]).to.equal('http-echo: web-7c9d-abcde listening on port 8080');
    const [response] = responses(run.incoming[8080][0].sent);
    expect(response.status).to.equal('HTTP/1.1 200 OK');
    expect(response.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(response.headers.date).to.match(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    expect(response.body.split('\n')).to.deep.equal([
      'Hostname: web-7c9d-abcde',
      '',
      'Pod Information:',
      '\tnode name:\tnode-2',
      '\tpod name:\tweb-7c9d-abcde',
      '\tpod namespace:\tshop',
      '\tpod IP:\t10.244.2.7',
      '',
      'Request Information:',
      '\tclient_address=unknown',
      '\tmethod=GET',
      '\treal path=/cart',
      '\tquery=id=4',
      '\trequest_version=1.1',
      '\trequest_uri=http://web:8080/cart?id=4',
      '\trequest=GET /cart?id=4 HTTP/1.1',
      '',
      'Request Headers:',
      '\thost=web:8080',
      '\tuser-agent=curl/8',
      '',
      'Request Body:',
      '\t-no body in request-',
      '',
    ]);
    expect(run.stdout[1]).to.equal(
      '"GET /cart?id=4 HTTP/1.1" 200 ' + response.body.length + ' "curl/8"',
    );
  });

  it('says when the downward API gives nothing, and echoes a request body', async () => {
    const run = await echo({
      incoming: { 8080: [{ send: 'POST /f HTTP/1.1\r\nContent-Length: 7\r\n\r\na=1&b=2' }] },
    });
    const [response] = responses(run.incoming[8080][0].sent);
    expect(response.body).to.contain('Hostname: localhost\n');
    expect(response.body).to.contain('Pod Information:\n\t-no pod information available-\n');
    expect(response.body).to.contain('\tmethod=POST\n');
    expect(response.body).to.match(/Request Body:\na=1&b=2\n$/);
  });

  it('keeps an HTTP/1.1 connection open for pipelined requests until the client ends', async () => {
    const run = await echo({
      env: { HOSTNAME: 'web-1' },
      incoming: { 8080: [{ send: get('/one') + get('/two'), end: false }] },
    });
    const client = run.incoming[8080][0];
    const [one, two] = responses(client.sent);
    expect(one.headers.connection).to.equal(undefined);
    expect(one.body).to.contain('\treal path=/one\n');
    expect(two.body).to.contain('\treal path=/two\n');
    expect(client.closed, 'open while the client may send more').to.equal(false);

    const ended = await echo({ incoming: { 8080: [{ send: get('/one') + get('/two') }] } });
    expect(responses(ended.incoming[8080][0].sent)).to.have.length(2);
    expect(ended.incoming[8080][0].closed, 'closed after the client ended').to.equal(true);
  });

  it('closes after answering Connection: close, and HTTP/1.0 unless it asks for keep-alive', async () => {
    const run = await echo({
      incoming: {
        8080: [
          { send: get('/', '\r\nConnection: close') + get('/ignored'), end: false },
          { send: 'GET / HTTP/1.0\r\n\r\n', end: false },
          { send: 'GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n', end: false },
        ],
      },
    });
    const [close, http10, keepAlive] = run.incoming[8080];
    const closeAnswers = responses(close.sent);
    expect(closeAnswers).to.have.length(1);
    expect(closeAnswers[0].headers.connection).to.equal('close');
    expect(close.closed).to.equal(true);
    expect(responses(http10.sent)[0].headers.connection).to.equal('close');
    expect(http10.closed).to.equal(true);
    expect(responses(keepAlive.sent)[0].headers.connection).to.equal('keep-alive');
    expect(keepAlive.closed).to.equal(false);
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const request = (method: string) => `${method} /x HTTP/1.1\r\nHost: web\r\n\r\n`;
    const run = await echo({
      env: { HOSTNAME: 'web-1' },
      incoming: { 8080: [{ send: request('HEAD') + request('GET') }] },
    });
    const [head, getResponse] = responses(run.incoming[8080][0].sent, [true, false]);
    expect(head.status).to.equal('HTTP/1.1 200 OK');
    expect(head.body).to.equal('');
    // The bodies differ only in the method's name, written twice.
    expect(Number(head.headers['content-length'])).to.equal(getResponse.body.length + 2);
  });

  it('answers /healthz with ok', async () => {
    const run = await echo({ incoming: { 8080: [{ send: get('/healthz') }] } });
    const [response] = responses(run.incoming[8080][0].sent);
    expect(response.status).to.equal('HTTP/1.1 200 OK');
    expect(response.body).to.equal('ok');
  });

  it('serves other clients while one is slow to send its request', async () => {
    const run = await echo({
      incoming: {
        8080: [
          {
            send: ['GET /slow HTTP/1.1\r\n', { at: 500, data: 'Host: web\r\n\r\n' }],
            end: false,
          },
          { at: 10, send: get('/fast') },
        ],
      },
    });
    const [slow, fast] = run.incoming[8080];
    expect(responses(fast.sent)[0].body).to.contain('\treal path=/fast\n');
    expect(responses(slow.sent)[0].body).to.contain('\treal path=/slow\n');
    expect(run.stdout.slice(1).map((line) => line.split(' ')[1])).to.deep.equal(['/fast', '/slow']);
    expect(run.elapsed).to.equal(500);
  });

  it('rejects a malformed request with 400 and closes', async () => {
    const run = await echo({ incoming: { 8080: [{ send: 'NONSENSE\r\n\r\n', end: false }] } });
    const client = run.incoming[8080][0];
    expect(responses(client.sent)[0].status).to.equal('HTTP/1.1 400 Bad Request');
    expect(client.closed).to.equal(true);
  });

  it('listens on --port or $PORT, and uses a preopened listener for its port', async () => {
    expect((await echo({ args: ['--port', '9000'] })).listened).to.deep.equal([9000]);
    expect((await echo({ env: { PORT: '3000' } })).listened).to.deep.equal([3000]);
    const preopened = await echo({
      preopenedListeners: [8080],
      incoming: { 8080: [{ send: get('/healthz') }] },
    });
    expect(preopened.listened).to.deep.equal([]);
    expect(responses(preopened.incoming[8080][0].sent)[0].body).to.equal('ok');
  });

  it('fails when it cannot listen, and prints usage for -h', async () => {
    const busy = await echo({ listenErrors: { 8080: Errno.ADDRINUSE } });
    expect(busy.exitCode).to.equal(1);
    expect(busy.stderr[0]).to.match(/^http-echo: listen on port 8080: /);
    const help = await echo({ args: ['-h'] });
    expect(help.exitCode).to.equal(0);
    expect(help.stdout[0]).to.equal('Usage: http-echo [--port N] [-q]');
  });
});
