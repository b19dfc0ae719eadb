import { expect } from '@esm-bundle/chai';
import { isCgiError, parseCgiResponse } from '../../../../src/workers/runtime/wagi/cgi-response.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('parseCgiResponse', () => {
  const cases: {
    name: string;
    output: string;
    status: number;
    reason?: string;
    headers?: [string, string][];
    body?: string;
    warnings?: number;
  }[] = [
    {
      name: 'a Content-Type and a body: 200',
      output: 'Content-Type: text/plain\n\nhello\n',
      status: 200,
      headers: [['Content-Type', 'text/plain']],
      body: 'hello\n',
    },
    {
      name: 'CRLF line ends',
      output: 'Content-Type: text/html\r\nX-Thing: 1\r\n\r\n<p>hi</p>',
      status: 200,
      headers: [
        ['Content-Type', 'text/html'],
        ['X-Thing', '1'],
      ],
      body: '<p>hi</p>',
    },
    {
      name: 'Status sets the status and its reason, and is not sent as a header',
      output: 'Status: 404 Not Found\nContent-Type: text/plain\n\nnope',
      status: 404,
      reason: 'Not Found',
      headers: [['Content-Type', 'text/plain']],
      body: 'nope',
    },
    {
      name: 'Status alone is enough (as WAGI accepts), header names in any case',
      output: 'status: 204\n\n',
      status: 204,
      reason: '',
      headers: [],
      body: '',
    },
    {
      name: 'Location without Status: a 302 redirect',
      output: 'Location: /elsewhere\n\n',
      status: 302,
      headers: [['Location', '/elsewhere']],
    },
    {
      name: 'Location with Status: the given status',
      output: 'Location: https://example.com/\nStatus: 301 Moved Permanently\n\n',
      status: 301,
      reason: 'Moved Permanently',
    },
    {
      name: 'framing and connection fields are the server’s: dropped',
      output:
        'Content-Type: a/b\nContent-Length: 999\nTransfer-Encoding: chunked\nConnection: close\n\nx',
      status: 200,
      headers: [['Content-Type', 'a/b']],
      body: 'x',
    },
    {
      name: 'repeated fields kept in order, values trimmed',
      output: 'Content-Type: a/b\nSet-Cookie:  a=1 \nSet-Cookie: b=2\n\n',
      status: 200,
      headers: [
        ['Content-Type', 'a/b'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ],
    },
    {
      name: 'a line that is no header field is skipped with a warning',
      output: 'Content-Type: a/b\nnot a header\n\nbody',
      status: 200,
      headers: [['Content-Type', 'a/b']],
      body: 'body',
      warnings: 1,
    },
    {
      name: 'no blank line: all headers, no body',
      output: 'Content-Type: text/plain\n',
      status: 200,
      body: '',
    },
    {
      name: 'the body is kept byte for byte, blank lines and all',
      output: 'Content-Type: text/plain\n\n\n\nline\r\n\r\n',
      status: 200,
      body: '\n\nline\r\n\r\n',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = parseCgiResponse(bytes(c.output));
      if (isCgiError(result)) throw new Error(`unexpected error: ${result.message}`);
      expect(result.status).to.equal(c.status);
      if (c.reason !== undefined) expect(result.reason).to.equal(c.reason);
      if (c.headers) expect(result.headers).to.deep.equal(c.headers);
      if (c.body !== undefined) expect(text(result.body)).to.equal(c.body);
      expect(result.warnings).to.have.length(c.warnings ?? 0);
    });
  }

  const errors: { name: string; output: string; status: number; message: RegExp }[] = [
    { name: 'no output at all', output: '', status: 500, message: /wrote nothing/ },
    {
      name: 'no Content-Type, Location or Status',
      output: 'X-Only: this\n\nbody',
      status: 500,
      message: /none of the Content-Type, Location and Status/,
    },
    {
      name: 'plain text instead of headers',
      output: 'Hello world\n',
      status: 500,
      message: /none of the Content-Type/,
    },
    {
      name: 'a Status that is no status code',
      output: 'Status: teapot\nContent-Type: a/b\n\n',
      status: 502,
      message: /malformed Status header: "teapot"/,
    },
    {
      name: 'a Status out of range',
      output: 'Status: 999 Nope\n\n',
      status: 502,
      message: /malformed Status/,
    },
  ];
  for (const c of errors) {
    it(`refuses ${c.name}`, () => {
      const result = parseCgiResponse(bytes(c.output));
      if (!isCgiError(result)) throw new Error('expected an error');
      expect(result.status).to.equal(c.status);
      expect(result.message).to.match(c.message);
    });
  }
});
