import { expect } from '@esm-bundle/chai';
import {
  HttpRequestParser,
  isRequestError,
  type HttpRequest,
  type HttpRequestError,
} from '../../../../src/workers/runtime/wagi/http-request-parser.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Feeds `input` in pieces of `piece` bytes, taking every request (or error) that comes out. */
function parseAll(
  input: string,
  piece = Infinity,
  limits?: ConstructorParameters<typeof HttpRequestParser>[0],
): (HttpRequest | HttpRequestError)[] {
  const parser = new HttpRequestParser(limits);
  const all = bytes(input);
  const out: (HttpRequest | HttpRequestError)[] = [];
  for (let at = 0; at < all.length; at += Math.min(piece, all.length)) {
    parser.push(all.subarray(at, at + Math.min(piece, all.length)));
    for (let r = parser.next(); r; r = parser.next()) out.push(r);
  }
  return out;
}

function only(input: string, piece?: number): HttpRequest {
  const results = parseAll(input, piece);
  expect(results).to.have.length(1);
  const [result] = results;
  if (isRequestError(result))
    throw new Error(`unexpected error ${result.status}: ${result.message}`);
  return result;
}

describe('HttpRequestParser', () => {
  it('reads a request line and headers, byte by byte as well as at once', () => {
    const input = 'GET /a/b?x=1 HTTP/1.1\r\nHost: web\r\nAccept:  */* \r\n\r\n';
    for (const piece of [Infinity, 1, 7]) {
      const request = only(input, piece);
      expect(request).to.deep.include({
        method: 'GET',
        target: '/a/b?x=1',
        version: 'HTTP/1.1',
        keepAlive: true,
        headers: [
          ['Host', 'web'],
          ['Accept', '*/*'],
        ],
      });
      expect(request.body).to.have.length(0);
    }
  });

  const bodies: { name: string; input: string; body: string; pieces?: number[] }[] = [
    {
      name: 'Content-Length',
      input: 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world',
      body: 'hello world',
    },
    {
      name: 'chunked, with extensions and trailers',
      input:
        'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n' +
        '5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n',
      body: 'hello world',
    },
    {
      name: 'bare LF line ends',
      input: 'PUT /k HTTP/1.1\nHost: a\nContent-Length: 3\n\nabc',
      body: 'abc',
    },
  ];
  for (const c of bodies) {
    it(`reads a body delimited by ${c.name}`, () => {
      for (const piece of [Infinity, 1, 3]) {
        expect(text(only(c.input, piece).body), `in pieces of ${piece}`).to.equal(c.body);
      }
    });
  }

  it('takes pipelined requests one by one, skipping blank lines between them', () => {
    const results = parseAll(
      'GET /1 HTTP/1.1\r\nHost: a\r\n\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhiGET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
    );
    expect(results.map((r) => (isRequestError(r) ? r.status : r.target))).to.deep.equal([
      '/1',
      '/2',
      '/3',
    ]);
    expect((results[2] as HttpRequest).keepAlive).to.equal(false);
  });

  const keepAlive: { version: string; connection?: string; keepAlive: boolean }[] = [
    { version: 'HTTP/1.1', keepAlive: true },
    { version: 'HTTP/1.1', connection: 'close', keepAlive: false },
    { version: 'HTTP/1.1', connection: 'Keep-Alive, Close', keepAlive: false },
    { version: 'HTTP/1.0', keepAlive: false },
    { version: 'HTTP/1.0', connection: 'keep-alive', keepAlive: true },
  ];
  for (const c of keepAlive) {
    it(`keeps the connection for ${c.version} with Connection: ${c.connection ?? '(none)'}: ${c.keepAlive}`, () => {
      const connection = c.connection ? `Connection: ${c.connection}\r\n` : '';
      expect(only(`GET / ${c.version}\r\nHost: a\r\n${connection}\r\n`).keepAlive).to.equal(
        c.keepAlive,
      );
    });
  }

  it('asks for 100 Continue once the head of an Expect: 100-continue request is in', () => {
    const parser = new HttpRequestParser();
    parser.push(
      bytes('POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n'),
    );
    expect(parser.next()).to.equal(undefined);
    expect(parser.wantsContinue()).to.equal(true);
    expect(parser.wantsContinue()).to.equal(false);
    parser.push(bytes('abc'));
    const request = parser.next() as HttpRequest;
    expect(text(request.body)).to.equal('abc');
    expect(parser.wantsContinue()).to.equal(false);
  });

  const errors: { name: string; input: string; status: number }[] = [
    { name: 'a malformed request line', input: 'GET /\r\n\r\n', status: 400 },
    { name: 'a method that is no token', input: 'G(T / HTTP/1.1\r\nHost: a\r\n\r\n', status: 400 },
    { name: 'HTTP/2.0', input: 'GET / HTTP/2.0\r\nHost: a\r\n\r\n', status: 505 },
    { name: 'HTTP/1.1 without Host', input: 'GET / HTTP/1.1\r\n\r\n', status: 400 },
    {
      name: 'a header without a colon',
      input: 'GET / HTTP/1.1\r\nHost: a\r\nbad\r\n\r\n',
      status: 400,
    },
    {
      name: 'whitespace before a header colon',
      input: 'GET / HTTP/1.1\r\nHost : a\r\n\r\n',
      status: 400,
    },
    {
      name: 'obsolete line folding',
      input: 'GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n',
      status: 400,
    },
    {
      name: 'a bad Content-Length',
      input: 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n',
      status: 400,
    },
    {
      name: 'differing Content-Lengths',
      input: 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
      status: 400,
    },
    {
      name: 'an unknown transfer coding',
      input: 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n',
      status: 501,
    },
    {
      name: 'a bad chunk size',
      input: 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      status: 400,
    },
    {
      name: 'a body over the limit',
      input: 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n',
      status: 413,
    },
    {
      name: 'chunks over the limit',
      input: 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n80\r\n',
      status: 413,
    },
    {
      name: 'a head over the limit',
      input: `GET / HTTP/1.1\r\nHost: a\r\nX: ${'y'.repeat(300)}\r\n\r\n`,
      status: 431,
    },
    {
      name: 'a head over the limit that has not ended yet',
      input: `GET / HTTP/1.1\r\nHost: a\r\nX: ${'y'.repeat(300)}`,
      status: 431,
    },
  ];
  for (const c of errors) {
    it(`answers ${c.status} to ${c.name}, then takes nothing more`, () => {
      const next = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';
      const results = parseAll(c.input + next, Infinity, { maxHeadBytes: 256, maxBodyBytes: 100 });
      expect(results).to.have.length(1);
      const [result] = results;
      if (!isRequestError(result)) throw new Error(`expected an error, got ${result.target}`);
      expect(result.status).to.equal(c.status);
    });
  }

  it('rejects a request smuggling both framings by closing after it', () => {
    const request = only(
      'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    );
    expect(text(request.body)).to.equal('abc');
    expect(request.keepAlive).to.equal(false);
  });
});
