import { expect } from '@esm-bundle/chai';
import {
  reasonPhrase,
  serializeResponse,
  statusResponse,
} from '../../../../src/workers/runtime/wagi/http-response.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const date = 'Thu, 01 Jan 2026 00:00:00 GMT';
const body = new TextEncoder().encode('hello');

describe('serializeResponse', () => {
  const cases: {
    name: string;
    status: number;
    reason?: string;
    framing: { head?: boolean; close?: boolean; keepAlive10?: boolean };
    want: string;
  }[] = [
    {
      name: 'a 200 kept alive: Content-Length computed',
      status: 200,
      framing: {},
      want: `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: ${date}\r\nContent-Length: 5\r\n\r\nhello`,
    },
    {
      name: 'the handler’s reason phrase, and Connection: close',
      status: 404,
      reason: 'Nowhere',
      framing: { close: true },
      want: `HTTP/1.1 404 Nowhere\r\nContent-Type: text/plain\r\nDate: ${date}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`,
    },
    {
      name: 'HEAD: the length of the body not sent',
      status: 200,
      framing: { head: true },
      want: `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: ${date}\r\nContent-Length: 5\r\n\r\n`,
    },
    {
      name: '204: neither length nor body',
      status: 204,
      framing: {},
      want: `HTTP/1.1 204 No Content\r\nContent-Type: text/plain\r\nDate: ${date}\r\n\r\n`,
    },
    {
      name: 'an HTTP/1.0 client that keeps the connection is told so',
      status: 200,
      framing: { keepAlive10: true },
      want: `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: ${date}\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = serializeResponse(
        { status: c.status, reason: c.reason, headers: [['Content-Type', 'text/plain']], body },
        { head: false, close: false, keepAlive10: false, date, ...c.framing },
      );
      expect(text(out)).to.equal(c.want);
    });
  }

  it('has standard reason phrases, and a plain-text body for the server’s own answers', () => {
    expect(reasonPhrase(413)).to.equal('Content Too Large');
    expect(reasonPhrase(599)).to.equal('Unknown');
    expect(text(statusResponse(500).body)).to.equal('500 Internal Server Error\n');
  });
});
