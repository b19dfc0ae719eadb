import { expect } from '@esm-bundle/chai';
import { cgiInvocation } from '../../../../src/workers/runtime/wagi/cgi-environment.ts';
import type { HttpRequest } from '../../../../src/workers/runtime/wagi/http-request-parser.ts';

const connection = {
  local: { ip: '10.244.1.5', port: 8080 },
  peer: { ip: '10.244.2.7', port: 40001 },
};

function request(overrides: Partial<HttpRequest>): HttpRequest {
  return {
    method: 'GET',
    target: '/',
    version: 'HTTP/1.1',
    headers: [['Host', 'web']],
    body: new Uint8Array(0),
    keepAlive: true,
    ...overrides,
  };
}

function envOf(env: string[]): Record<string, string> {
  return Object.fromEntries(
    env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]),
  );
}

describe('cgiInvocation', () => {
  it('sets every CGI variable WAGI sets, for a GET with a query', () => {
    const { argv, env } = cgiInvocation(
      request({
        target: '/hello/world?greet=matt&foo=bar',
        headers: [
          ['Host', 'hello.default.svc:8080'],
          ['User-Agent', 'curl/8.0'],
          ['Accept', '*/*'],
        ],
      }),
      connection,
    );
    expect(argv).to.deep.equal(['/hello/world', 'greet=matt', 'foo=bar']);
    expect(envOf(env)).to.deep.equal({
      AUTH_TYPE: '',
      CONTENT_LENGTH: '0',
      CONTENT_TYPE: '',
      GATEWAY_INTERFACE: 'CGI/1.1',
      PATH_INFO: '/hello/world',
      PATH_TRANSLATED: '/hello/world',
      QUERY_STRING: 'greet=matt&foo=bar',
      REMOTE_ADDR: '10.244.2.7',
      REMOTE_HOST: '10.244.2.7',
      REMOTE_USER: '',
      REQUEST_METHOD: 'GET',
      SCRIPT_NAME: '',
      SERVER_NAME: 'hello.default.svc',
      SERVER_PORT: '8080',
      SERVER_PROTOCOL: 'HTTP/1.1',
      SERVER_SOFTWARE: 'WAGI/1',
      X_FULL_URL: 'http://hello.default.svc:8080/hello/world?greet=matt&foo=bar',
      X_MATCHED_ROUTE: '/...',
      X_RAW_PATH_INFO: '/hello/world',
      HTTP_HOST: 'hello.default.svc:8080',
      HTTP_USER_AGENT: 'curl/8.0',
      HTTP_ACCEPT: '*/*',
    });
  });

  const table: {
    name: string;
    request: Partial<HttpRequest>;
    want: Record<string, string | undefined>;
    argv?: string[];
  }[] = [
    {
      name: 'a POST body: its length and type',
      request: {
        method: 'POST',
        headers: [
          ['Host', 'web'],
          ['Content-Type', 'application/json'],
          ['Content-Length', '7'],
        ],
        body: new TextEncoder().encode('{"a":1}'),
      },
      want: {
        REQUEST_METHOD: 'POST',
        CONTENT_LENGTH: '7',
        CONTENT_TYPE: 'application/json',
        HTTP_CONTENT_TYPE: 'application/json',
      },
    },
    {
      name: 'a Host without a port: port 80',
      request: { headers: [['Host', 'web']] },
      want: { SERVER_NAME: 'web', SERVER_PORT: '80', X_FULL_URL: 'http://web:80/' },
    },
    {
      name: 'no Host (HTTP/1.0): the address and port the request came to',
      request: { version: 'HTTP/1.0', headers: [] },
      want: {
        SERVER_NAME: '10.244.1.5',
        SERVER_PORT: '8080',
        SERVER_PROTOCOL: 'HTTP/1.0',
        X_FULL_URL: 'http://10.244.1.5:8080/',
      },
    },
    {
      name: 'percent-escapes decoded in PATH_INFO, kept in X_RAW_PATH_INFO',
      request: { target: '/a%20b/caf%C3%A9/test%3brun' },
      want: {
        PATH_INFO: '/a b/café/test;run',
        PATH_TRANSLATED: '/a b/café/test;run',
        X_RAW_PATH_INFO: '/a%20b/caf%C3%A9/test%3brun',
      },
      argv: ['/a%20b/caf%C3%A9/test%3brun'],
    },
    {
      name: 'a malformed escape is kept',
      request: { target: '/100%/x%41' },
      want: { PATH_INFO: '/100%/xA' },
    },
    {
      name: 'Authorization and Connection are withheld; others are HTTP_ with - as _',
      request: {
        headers: [
          ['Host', 'web'],
          ['Authorization', 'Bearer secret'],
          ['Connection', 'keep-alive'],
          ['X-Request-Id', 'abc'],
        ],
      },
      want: { HTTP_AUTHORIZATION: undefined, HTTP_CONNECTION: undefined, HTTP_X_REQUEST_ID: 'abc' },
    },
    {
      name: 'repeated headers are joined with a comma',
      request: {
        headers: [
          ['Host', 'web'],
          ['Accept', 'text/html'],
          ['accept', 'text/plain'],
        ],
      },
      want: { HTTP_ACCEPT: 'text/html, text/plain' },
    },
    {
      name: 'an absolute-form target: its authority stands in for Host',
      request: { target: 'http://other:9000/p?q=1', headers: [['Host', 'ignored']] },
      want: {
        SERVER_NAME: 'other',
        SERVER_PORT: '9000',
        PATH_INFO: '/p',
        QUERY_STRING: 'q=1',
        X_FULL_URL: 'http://other:9000/p?q=1',
      },
      argv: ['/p', 'q=1'],
    },
    {
      name: 'an empty query gives no arguments',
      request: { target: '/x?' },
      want: { QUERY_STRING: '', X_FULL_URL: 'http://web:80/x' },
      argv: ['/x'],
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const { argv, env } = cgiInvocation(request(c.request), connection);
      const vars = envOf(env);
      for (const [name, value] of Object.entries(c.want)) {
        expect(vars[name], name).to.equal(value);
      }
      if (c.argv) expect(argv).to.deep.equal(c.argv);
    });
  }

  it('starts from the container’s environment; the request’s variables win', () => {
    const { env } = cgiInvocation(request({}), connection, [
      'GREETING=hi',
      'REQUEST_METHOD=spoofed',
      'HTTP_HOST=spoofed',
      'EMPTY=',
    ]);
    expect(env.slice(0, 2)).to.deep.equal(['GREETING=hi', 'EMPTY=']);
    expect(env.filter((e) => e.startsWith('REQUEST_METHOD='))).to.deep.equal([
      'REQUEST_METHOD=GET',
    ]);
    expect(env.filter((e) => e.startsWith('HTTP_HOST='))).to.deep.equal(['HTTP_HOST=web']);
  });
});
