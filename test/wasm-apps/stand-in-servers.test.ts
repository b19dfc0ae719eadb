import { expect } from '@esm-bundle/chai';
import { Directory, File, type Inode } from '@bjorn3/browser_wasi_shim';
import { imageModule, runNet, type NetRunOptions, type NetRunResult } from './net-harness.ts';
import { curlGet, httpResponses, type HttpResponse } from './http-responses.ts';

// The web servers that stand in for well-known images (src/workers/runtime/stand-ins.ts),
// against scripted clients: each answers as the real image does where tutorials look.

/** Runs `app` with one client per request on `port` (its preopened listener); the answers. */
async function serve(
  app: string,
  port: number,
  requests: (string | { at: number; send: string })[],
  options: NetRunOptions = {},
): Promise<{ run: NetRunResult; answers: HttpResponse[] }> {
  const run = runNet(await imageModule(app), {
    preopenedListeners: [port],
    incoming: {
      [port]: requests.map((r) => (typeof r === 'string' ? { send: r } : r)),
    },
    ...options,
  });
  const answers = run.incoming[port].map((socket, i) => {
    const request = typeof requests[i] === 'string' ? requests[i] : requests[i].send;
    const [response] = httpResponses(socket.sent, [request.startsWith('HEAD ')]);
    expect(
      response,
      `an answer to ${JSON.stringify(request)}: ${run.stderr.join('\n')}`,
    ).not.to.equal(undefined);
    return response;
  });
  return { run, answers };
}

const files = (entries: Record<string, string>) =>
  new Map<string, Inode>(
    Object.entries(entries).map(([name, text]) => [name, new File(new TextEncoder().encode(text))]),
  );

describe('nginx stand-in', () => {
  it("serves the Welcome to nginx! page of the image's version, with nginx's headers", async () => {
    const { run, answers } = await serve('nginx', 80, [curlGet('/'), curlGet('/index.html')], {
      env: { NGINX_VERSION: '1.27.3', HOSTNAME: 'web-1' },
    });
    const [page, index] = answers;
    expect(page.status).to.equal('HTTP/1.1 200 OK');
    expect(page.lines.slice(0, 2)).to.deep.equal([
      'Server: nginx/1.27.3',
      'Date: Thu, 01 Jan 2026 00:00:00 GMT',
    ]);
    expect(page.headers['content-type']).to.equal('text/html');
    // nginx 1.21 and later ship a 615-byte page (older ones 612 bytes).
    expect(page.headers['content-length']).to.equal('615');
    expect(page.headers['last-modified']).to.equal('Tue, 26 Nov 2024 15:55:00 GMT');
    expect(page.headers.etag).to.equal('"6745ef54-267"');
    expect(page.headers['accept-ranges']).to.equal('bytes');
    expect(page.body).to.contain('<title>Welcome to nginx!</title>');
    expect(page.body).to.contain('html { color-scheme: light dark; }');
    expect(
      page.body.endsWith('<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n'),
    ).to.equal(true);
    expect(index.body).to.equal(page.body);
    expect(run.stdout[0]).to.equal(
      'unknown - - [01/Jan/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"',
    );
    expect(run.stderr[0]).to.equal('2026/01/01 00:00:00 [notice] 1#1: nginx/1.27.3');
  });

  it('serves the older page and error pages for nginx 1.14.2', async () => {
    const { answers } = await serve('nginx', 80, [curlGet('/'), curlGet('/missing')], {
      env: { NGINX_VERSION: '1.14.2' },
    });
    expect(answers[0].headers['content-length']).to.equal('612');
    expect(answers[0].headers.server).to.equal('nginx/1.14.2');
    expect(answers[1].status).to.equal('HTTP/1.1 404 Not Found');
    expect(answers[1].body).to.equal(
      '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body bgcolor="white">\r\n' +
        '<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.14.2</center>\r\n' +
        '</body>\r\n</html>\r\n',
    );
  });

  it("answers errors with nginx's pages: 404, 405, 400 for a path above the root", async () => {
    const { answers } = await serve('nginx', 80, [
      curlGet('/nope.html'),
      'POST / HTTP/1.1\r\nHost: web\r\nContent-Length: 0\r\n\r\n',
      curlGet('/../etc/passwd'),
      'HEAD / HTTP/1.1\r\nHost: web\r\n\r\n',
    ]);
    expect(answers[0].status).to.equal('HTTP/1.1 404 Not Found');
    expect(answers[0].headers['content-type']).to.equal('text/html');
    expect(answers[0].body).to.equal(
      '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n' +
        '<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n' +
        '</body>\r\n</html>\r\n',
    );
    expect(answers[1].status).to.equal('HTTP/1.1 405 Not Allowed');
    expect(answers[2].status).to.equal('HTTP/1.1 400 Bad Request');
    expect(answers[3].status).to.equal('HTTP/1.1 200 OK');
    expect(answers[3].headers['content-length']).to.equal('615');
    expect(answers[3].body).to.equal('');
  });

  it('serves the files of a volume mounted at /usr/share/nginx/html instead', async () => {
    const html = new Map<string, Inode>([
      ['index.html', new File(new TextEncoder().encode('<h1>mine</h1>\n'))],
      ['app.js', new File(new TextEncoder().encode('console.log(1)'))],
      ['docs', new Directory(files({ 'index.html': 'docs' }))],
      ['empty', new Directory(new Map())],
    ]);
    const { answers } = await serve(
      'nginx',
      80,
      [
        curlGet('/'),
        curlGet('/app.js'),
        curlGet('/docs'),
        curlGet('/docs/'),
        curlGet('/empty/'),
        curlGet('/missing'),
      ],
      { dirs: { '/usr/share/nginx/html': html } },
    );
    expect(answers[0].body).to.equal('<h1>mine</h1>\n');
    expect(answers[0].headers['content-type']).to.equal('text/html');
    expect(answers[1].headers['content-type']).to.equal('application/javascript');
    expect(answers[2].status).to.equal('HTTP/1.1 301 Moved Permanently');
    expect(answers[2].headers.location).to.equal('http://web/docs/');
    expect(answers[3].body).to.equal('docs');
    expect(answers[4].status).to.equal('HTTP/1.1 403 Forbidden');
    expect(answers[5].status).to.equal('HTTP/1.1 404 Not Found');
  });

  it('prints its version for -v and exits', async () => {
    const run = runNet(await imageModule('nginx'), {
      args: ['-v'],
      env: { NGINX_VERSION: '1.16.1' },
    });
    expect(run.exitCode).to.equal(0);
    expect(run.stderr).to.deep.equal(['nginx version: nginx/1.16.1']);
  });
});

describe('httpd stand-in', () => {
  it('answers It works! on port 80, and 404 in Apache words', async () => {
    const { run, answers } = await serve('httpd', 80, [curlGet('/'), curlGet('/x')], {
      env: { HTTPD_VERSION: '2.4.62' },
    });
    expect(answers[0].body).to.equal('<html><body><h1>It works!</h1></body></html>\n');
    expect(answers[0].headers.server).to.equal('Apache/2.4.62 (Unix)');
    expect(answers[0].headers['content-type']).to.equal('text/html');
    expect(answers[1].status).to.equal('HTTP/1.1 404 Not Found');
    expect(answers[1].body).to.contain('<p>The requested URL was not found on this server.</p>');
    expect(run.stdout[0]).to.equal(
      'unknown - - [01/Jan/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 45',
    );
  });
});

describe('echoserver stand-in', () => {
  const request =
    'POST /cart?id=4 HTTP/1.1\r\nHost: shop.example:30080\r\nUser-Agent: curl/8.5.0\r\n' +
    'Accept: */*\r\nContent-Length: 5\r\n\r\nhello';

  it("answers in echoserver 1.10's format, headers sorted, on port 8080", async () => {
    const { answers } = await serve('echoserver', 8080, [request], {
      args: ['--version', '1.10'],
      env: {
        HOSTNAME: 'echo-7d9f-x2',
        NODE_NAME: 'node-1',
        POD_NAME: 'echo-7d9f-x2',
        POD_NAMESPACE: 'default',
        POD_IP: '10.244.1.5',
      },
    });
    expect(answers[0].headers['content-type']).to.equal('text/plain');
    expect(answers[0].headers.server).to.equal('echoserver');
    expect(answers[0].body).to.equal(
      [
        '',
        '',
        'Hostname: echo-7d9f-x2',
        '',
        'Pod Information:',
        '\tnode name:\tnode-1',
        '\tpod name:\techo-7d9f-x2',
        '\tpod namespace:\tdefault',
        '\tpod IP:\t10.244.1.5',
        '',
        'Server values:',
        '\tserver_version=nginx: 1.13.3 - lua: 10008',
        '',
        'Request Information:',
        '\tclient_address=unknown',
        '\tmethod=POST',
        '\treal path=/cart?id=4',
        '\tquery=id=4',
        '\trequest_version=1.1',
        '\trequest_scheme=http',
        '\trequest_uri=http://shop.example:8080/cart?id=4',
        '',
        'Request Headers:',
        '\taccept=*/*',
        '\tcontent-length=5',
        '\thost=shop.example:30080',
        '\tuser-agent=curl/8.5.0',
        '',
        'Request Body:',
        'hello',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it("answers in echoserver 1.4's older format", async () => {
    const { answers } = await serve('echoserver', 8080, [curlGet('/', 'web:8080')], {
      args: ['--version', '1.4'],
    });
    expect(answers[0].body).to.equal(
      [
        'CLIENT VALUES:',
        'client_address=unknown',
        'command=GET',
        'real path=/',
        'query=nil',
        'request_version=1.1',
        'request_uri=http://web:8080/',
        '',
        'SERVER VALUES:',
        'server_version=nginx: 1.10.0 - lua: 10001',
        '',
        'HEADERS RECEIVED:',
        'accept=*/*',
        'host=web:8080',
        'user-agent=curl/8.5.0',
        'BODY:',
        '-no body in request-',
      ].join('\n'),
    );
  });
});

describe('echo-server stand-in (kicbase/echo-server)', () => {
  it('answers Request served by <pod>, then the request as Go prints it', async () => {
    const { run, answers } = await serve(
      'echo-server',
      8080,
      [curlGet('/hi?x=1', 'localhost:8080')],
      {
        env: { HOSTNAME: 'hello-node-5f76-abc' },
      },
    );
    expect(answers[0].headers['content-type']).to.equal('text/plain');
    expect(answers[0].body).to.equal(
      'Request served by hello-node-5f76-abc\n\nHTTP/1.1 GET /hi?x=1\n\n' +
        'Host: localhost:8080\nUser-Agent: curl/8.5.0\nAccept: */*\n',
    );
    expect(run.stdout).to.deep.equal([
      'Echo server listening on port 8080.',
      'unknown | GET /hi?x=1',
    ]);
  });
});

describe('http-echo stand-in (hashicorp/http-echo)', () => {
  it('serves -text on -listen, with its app headers and /health', async () => {
    const { run, answers } = await serve(
      'hashicorp-http-echo',
      8080,
      [curlGet('/'), curlGet('/health')],
      { args: ['-stand-in-version=1.0.0', '-text=apple', '-listen=:8080'] },
    );
    expect(answers[0].body).to.equal('apple\n');
    expect(answers[0].headers['x-app-name']).to.equal('http-echo');
    expect(answers[0].headers['x-app-version']).to.equal('1.0.0');
    expect(answers[1].body).to.equal('{"status":"ok"}\n');
    expect(run.stderr[0]).to.equal('2026/01/01 00:00:00 [INFO] server is listening on :8080');
  });

  it('listens on :5678 by default and reads ECHO_TEXT', async () => {
    const { answers } = await serve('hashicorp-http-echo', 5678, [curlGet('/')], {
      env: { ECHO_TEXT: 'from env' },
    });
    expect(answers[0].body).to.equal('from env\n');
  });

  it('fails with exit 127 without a text, as http-echo does', async () => {
    const run = runNet(await imageModule('hashicorp-http-echo'));
    expect(run.exitCode).to.equal(127);
    expect(run.stderr).to.deep.equal(['Missing -text option OR ENV var TEXT is empty!']);
  });
});

describe('hpa-example stand-in (php-apache)', () => {
  it('answers OK! after its CPU-heavy loop, as Apache and PHP', async () => {
    const { answers } = await serve('php-apache', 80, [curlGet('/')], { args: ['--rounds', '1'] });
    expect(answers[0].body).to.equal('OK!');
    expect(answers[0].headers.server).to.equal('Apache/2.4.10 (Debian)');
    expect(answers[0].headers['x-powered-by']).to.equal('PHP/5.6.40');
  });

  it('costs tens of milliseconds of CPU per request by default', async () => {
    const module = await imageModule('php-apache');
    const started = performance.now();
    const { answers } = await serve('php-apache', 80, [curlGet('/')]);
    expect(answers[0].body).to.equal('OK!');
    expect(performance.now() - started).to.be.greaterThan(10);
    expect(module).to.be.instanceOf(WebAssembly.Module);
  });
});

describe('kubernetes-bootcamp stand-in', () => {
  for (const version of ['1', '2']) {
    it(`answers with the pod and v=${version}, and logs as the tutorial shows`, async () => {
      const { run, answers } = await serve('bootcamp', 8080, [curlGet('/')], {
        args: ['--version', version],
        env: { HOSTNAME: 'kubernetes-bootcamp-fb5c67579-8sm7d' },
      });
      expect(answers[0].body).to.equal(
        `Hello Kubernetes bootcamp! | Running on: kubernetes-bootcamp-fb5c67579-8sm7d | v=${version}\n`,
      );
      expect(run.stdout[0]).to.equal(
        'Kubernetes Bootcamp App Started At: 2026-01-01T00:00:00.000Z | Running On:  kubernetes-bootcamp-fb5c67579-8sm7d ',
      );
      expect(run.stdout[2]).to.match(
        /^Running On: kubernetes-bootcamp-fb5c67579-8sm7d \| Total Requests: 1 \| App Uptime: 0\.000 seconds \| Log Time: 2026-01-01T00:00:00\.000Z$/,
      );
    });
  }
});

describe('hello-app stand-in', () => {
  it('answers Hello, world! with the version of its tag and the pod name', async () => {
    const { run, answers } = await serve('hello-app', 8080, [curlGet('/')], {
      args: ['--version', '2.0'],
      env: { HOSTNAME: 'hello-web-6f9d' },
    });
    expect(answers[0].body).to.equal('Hello, world!\nVersion: 2.0.0\nHostname: hello-web-6f9d\n');
    expect(run.stderr).to.deep.equal([
      '2026/01/01 00:00:00 Server listening on port 8080',
      '2026/01/01 00:00:00 Serving request: /',
    ]);
  });

  it('is node-hello with --node-hello', async () => {
    const { answers } = await serve('hello-app', 8080, [curlGet('/')], { args: ['--node-hello'] });
    expect(answers[0].body).to.equal('Hello Kubernetes!');
  });
});

describe('liveness stand-in', () => {
  it('answers /healthz 200 for 10 seconds after start, then 500', async () => {
    const probe =
      'GET /healthz HTTP/1.1\r\nHost: 10.244.1.2:8080\r\nUser-Agent: kube-probe/1.34\r\n\r\n';
    const { answers } = await serve('liveness', 8080, [
      { at: 3000, send: probe },
      { at: 9000, send: probe },
      { at: 12_500, send: probe },
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal([
      'HTTP/1.1 200 OK',
      'HTTP/1.1 200 OK',
      'HTTP/1.1 500 Internal Server Error',
    ]);
    expect(answers[0].body).to.equal('ok');
    expect(answers[2].body).to.equal('error: 12.5');
  });
});

describe('serve_hostname stand-in', () => {
  it('answers with the hostname alone on port 9376', async () => {
    const { run, answers } = await serve('serve-hostname', 9376, [curlGet('/')], {
      env: { HOSTNAME: 'hostnames-632524106-bbpiw' },
    });
    expect(answers[0].body).to.equal('hostnames-632524106-bbpiw');
    expect(run.stderr).to.deep.equal([
      '2026/01/01 00:00:00 Serving on port 9376.',
      '2026/01/01 00:00:00 HTTP request from unknown',
    ]);
  });
});
