import { expect } from '@esm-bundle/chai';
import type { File, Inode } from '@bjorn3/browser_wasi_shim';
import { Errno } from '../../src/workers/net/protocol.ts';
import {
  imageModule,
  runNet,
  type NetRunOptions,
  type NetRunResult,
  type NetSocket,
} from './net-harness.ts';

// The toolbox image's network applets (nslookup, wget, nc) against a scripted cluster.

const dns = {
  web: { name: 'web.default.svc.cluster.local', addresses: ['10.96.0.12'] },
  'db-headless.data': {
    name: 'db-headless.data.svc.cluster.local',
    addresses: ['10.244.1.4', '10.244.2.9'],
  },
};

async function applet(args: string[], options: NetRunOptions = {}): Promise<NetRunResult> {
  return runNet(await imageModule('toolbox'), { args, dns, timeLimit: 60_000, ...options });
}

/** A scripted HTTP server answering `response` to a whole request, then closing. */
function http(response: string, requests: string[] = [], delayMs = 0) {
  return (_host: string, _port: number, socket: NetSocket) => {
    let request = '';
    socket.onSend = (text) => {
      request += text;
      if (!request.endsWith('\r\n\r\n')) return;
      requests.push(request);
      socket.deliver(response, delayMs).end(delayMs);
    };
  };
}

const ok = (body: string, headers = '') =>
  `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n${headers}Content-Length: ${body.length}\r\n\r\n${body}`;

describe('toolbox network applets', () => {
  describe('nslookup', () => {
    it('prints the cluster DNS server and the name with its addresses, as busybox does', async () => {
      const run = await applet(['nslookup', 'web']);
      expect(run.exitCode).to.equal(0);
      expect(run.stdout).to.deep.equal([
        'Server:\t\t10.96.0.10',
        'Address:\t10.96.0.10:53',
        '',
        'Name:\tweb.default.svc.cluster.local',
        'Address: 10.96.0.12',
        '',
      ]);
      const headless = await applet(['nslookup', 'db-headless.data']);
      expect(headless.stdout.slice(3)).to.deep.equal([
        'Name:\tdb-headless.data.svc.cluster.local',
        'Address: 10.244.1.4',
        'Name:\tdb-headless.data.svc.cluster.local',
        'Address: 10.244.2.9',
        '',
      ]);
    });

    it('says NXDOMAIN and fails for an unknown name', async () => {
      const run = await applet(['nslookup', 'nosuch']);
      expect(run.exitCode).to.equal(1);
      expect(run.stdout).to.deep.equal([
        'Server:\t\t10.96.0.10',
        'Address:\t10.96.0.10:53',
        '',
        "** server can't find nosuch: NXDOMAIN",
        '',
      ]);
    });
  });

  describe('wget', () => {
    it('-qO- prints the body only, after a busybox-style request', async () => {
      const requests: string[] = [];
      const run = await applet(['wget', '-qO-', 'http://web/hello?x=1'], {
        connect: http(ok('Hostname: web-1\nhi\n'), requests),
      });
      expect(run.exitCode).to.equal(0);
      expect(run.stdout).to.deep.equal(['Hostname: web-1', 'hi']);
      expect(run.stderr).to.deep.equal([]);
      expect(run.connects.map((c) => `${c.host}:${c.port}`)).to.deep.equal(['10.96.0.12:80']);
      expect(requests).to.deep.equal([
        'GET /hello?x=1 HTTP/1.1\r\nHost: web\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n',
      ]);
    });

    it('-O- says where it connects and what it wrote', async () => {
      const run = await applet(['wget', '-O-', 'web:8080'], { connect: http(ok('hello world\n')) });
      expect(run.stdout).to.deep.equal(['hello world']);
      expect(run.stderr).to.deep.equal([
        'Connecting to web:8080 (10.96.0.12:8080)',
        'writing to stdout',
        '-                    100% |********************************|    12  0:00:00 ETA',
        'written to stdout',
      ]);
    });

    it('-S shows the server response headers', async () => {
      const run = await applet(['wget', '-S', '-q', '-O', '-', 'http://web/'], {
        connect: http(ok('x', 'Server: http-echo\r\n')),
      });
      expect(run.stderr).to.deep.equal([
        '  HTTP/1.1 200 OK',
        '  Content-Type: text/plain',
        '  Server: http-echo',
        '  Content-Length: 1',
        '  ',
      ]);
    });

    const failures: { name: string; args: string[]; options: NetRunOptions; error: string }[] = [
      {
        name: 'an error status',
        args: ['http://web/missing'],
        options: { connect: http('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n') },
        error: 'wget: server returned error: HTTP/1.1 404 Not Found',
      },
      {
        name: 'a refused connection',
        args: ['http://web/'],
        options: { connect: () => Errno.CONNREFUSED },
        error: "wget: can't connect to remote host (10.96.0.12): Connection refused",
      },
      {
        name: 'an unknown host',
        args: ['http://nosuch/'],
        options: {},
        error: "wget: bad address 'nosuch'",
      },
      {
        name: 'a server that does not answer within -T',
        args: ['-T', '2', 'http://web/'],
        options: { connect: () => undefined },
        error: 'wget: download timed out',
      },
    ];
    for (const f of failures) {
      it(`fails on ${f.name} with busybox's message`, async () => {
        const run = await applet(['wget', '-qO-', ...f.args], f.options);
        expect(run.exitCode).to.equal(1);
        expect(run.stderr).to.deep.equal([f.error]);
      });
    }

    it('follows redirects and decodes chunked bodies', async () => {
      const requests: string[] = [];
      const answers = [
        'HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n',
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n6\r\nworld\n\r\n0\r\n\r\n',
      ];
      let n = 0;
      const run = await applet(['wget', '-qO-', 'http://web/old'], {
        connect: (host, port, socket) => http(answers[n++], requests)(host, port, socket),
      });
      expect(run.stdout).to.deep.equal(['hello world']);
      expect(requests.map((r) => r.split('\r\n')[0])).to.deep.equal([
        'GET /old HTTP/1.1',
        'GET /new HTTP/1.1',
      ]);
    });

    it('-O FILE saves into a file, and a file it cannot create is an error', async () => {
      const tmp = new Map<string, Inode>();
      const run = await applet(['wget', '-O', '/tmp/page.txt', 'http://web/'], {
        dirs: { '/tmp': tmp },
        connect: http(ok('saved body\n')),
      });
      expect(run.exitCode).to.equal(0);
      expect(new TextDecoder().decode((tmp.get('page.txt') as File).data)).to.equal('saved body\n');
      expect(run.stderr.slice(1)).to.deep.equal([
        "saving to '/tmp/page.txt'",
        'page.txt             100% |********************************|    11  0:00:00 ETA',
        "'/tmp/page.txt' saved",
      ]);
      const nowhere = await applet(['wget', '-q', 'http://web/index.html'], {
        connect: http(ok('x')),
      });
      expect(nowhere.stderr).to.deep.equal([
        "wget: can't open 'index.html': No such file or directory",
      ]);
    });
  });

  describe('curl (in images that have it, like the Basics app)', () => {
    it('prints the body only, after a curl-style request to a URL without a scheme', async () => {
      const requests: string[] = [];
      const run = await applet(['curl', 'web:8080/hi'], {
        connect: http(ok('Hello Kubernetes bootcamp! | Running on: web-1 | v=1\n'), requests),
      });
      expect(run.exitCode).to.equal(0);
      expect(run.stdout).to.deep.equal(['Hello Kubernetes bootcamp! | Running on: web-1 | v=1']);
      expect(run.stderr).to.deep.equal([]);
      expect(run.connects.map((c) => `${c.host}:${c.port}`)).to.deep.equal(['10.96.0.12:8080']);
      expect(requests).to.deep.equal([
        'GET /hi HTTP/1.1\r\nHost: web:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n',
      ]);
    });

    it('-i shows the status line and headers, -w prints the status code', async () => {
      const run = await applet(['curl', '-si', '-w', '%{http_code}\\n', 'http://web/'], {
        connect: http(ok('x')),
      });
      expect(run.stdout).to.deep.equal([
        'HTTP/1.1 200 OK\r',
        'Content-Type: text/plain\r',
        'Content-Length: 1\r',
        '\r',
        'x200',
      ]);
    });

    it('-X and -d send a method and a form body; -H adds a header', async () => {
      let received = '';
      const run = await applet(['curl', '-s', '-X', 'PUT', '-H', 'X-Test: 1', '-d', 'a=b', 'web'], {
        connect: (_host, _port, socket) => {
          socket.onSend = (text) => {
            received += text;
            if (received.endsWith('a=b')) socket.deliver(ok('done\n')).end();
          };
        },
      });
      expect(run.stderr).to.deep.equal([]);
      expect(run.stdout).to.deep.equal(['done']);
      expect(received.split('\r\n')).to.deep.equal([
        'PUT / HTTP/1.1',
        'Host: web',
        'User-Agent: curl/7.88.1',
        'Accept: */*',
        'X-Test: 1',
        'Content-Type: application/x-www-form-urlencoded',
        'Content-Length: 3',
        '',
        'a=b',
      ]);
    });

    it('-L follows a redirect; without it the redirect itself is printed', async () => {
      const answers = () => [
        'HTTP/1.1 302 Found\r\nLocation: /new\r\nContent-Length: 6\r\n\r\nmoved\n',
        ok('there\n'),
      ];
      let n = 0;
      let list = answers();
      const followed = await applet(['curl', '-sL', 'http://web/old'], {
        connect: (host, port, socket) => http(list[n++])(host, port, socket),
      });
      expect(followed.stderr).to.deep.equal([]);
      expect(followed.stdout).to.deep.equal(['there']);
      n = 0;
      list = answers();
      const plain = await applet(['curl', '-s', 'http://web/old'], {
        connect: (host, port, socket) => http(list[n++])(host, port, socket),
      });
      expect(plain.stdout).to.deep.equal(['moved']);
    });

    const failures: {
      name: string;
      args: string[];
      options: NetRunOptions;
      code: number;
      error: string;
    }[] = [
      {
        name: 'an unknown host',
        args: ['http://nosuch/'],
        options: {},
        code: 6,
        error: 'curl: (6) Could not resolve host: nosuch',
      },
      {
        name: 'a refused connection',
        args: ['web:8080'],
        options: { connect: () => Errno.CONNREFUSED },
        code: 7,
        error:
          "curl: (7) Failed to connect to web port 8080 after 0 ms: Couldn't connect to server",
      },
      {
        name: 'an https URL (no TLS here)',
        args: ['https://web/'],
        options: {},
        code: 1,
        error: 'curl: (1) Protocol "https" not supported',
      },
      {
        name: 'an error status with -f',
        args: ['-f', 'http://web/missing'],
        options: { connect: http('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n') },
        code: 22,
        error: 'curl: (22) The requested URL returned error: 404',
      },
      {
        name: 'a server that does not answer within -m',
        args: ['-m', '1', 'http://web/'],
        options: { connect: () => undefined },
        code: 28,
        error: 'curl: (28) Operation timed out after 1000 milliseconds',
      },
    ];
    for (const f of failures) {
      it(`fails on ${f.name} with curl's exit code and message`, async () => {
        const run = await applet(['curl', ...f.args], f.options);
        expect(run.exitCode).to.equal(f.code);
        expect(run.stderr).to.deep.equal([f.error]);
        const silent = await applet(['curl', '-s', ...f.args], f.options);
        expect(silent.exitCode).to.equal(f.code);
        expect(silent.stderr).to.deep.equal([]);
      });
    }
  });

  describe('nc', () => {
    it('sends stdin, then prints what comes back until the server closes', async () => {
      let received = '';
      let finished = false;
      const run = await applet(['nc', 'web', '6379'], {
        stdin: 'PING\r\n',
        connect: (host, port, socket) => {
          expect(`${host}:${port}`).to.equal('10.96.0.12:6379');
          socket.onSend = (text) => {
            received += text;
            socket.deliver('+PONG\r\n', 5);
          };
          socket.onFinish = () => {
            finished = true;
            socket.end(10);
          };
        },
      });
      expect(run.exitCode).to.equal(0);
      expect(received).to.equal('PING\r\n');
      expect(finished).to.equal(true);
      expect(run.stdout).to.deep.equal(['+PONG\r']);
    });

    it("says when it can't connect", async () => {
      const run = await applet(['nc', 'web', '80'], { connect: () => Errno.CONNREFUSED });
      expect(run.exitCode).to.equal(1);
      expect(run.stderr).to.deep.equal([
        "nc: can't connect to remote host (10.96.0.12): Connection refused",
      ]);
    });
  });

  it('runs the network applets from sh', async () => {
    const run = await applet(
      ['sh', '-c', 'wget -qO- http://web/ && echo fetched; nslookup x || echo $?'],
      {
        connect: http(ok('body\n')),
      },
    );
    expect(run.stdout).to.deep.equal([
      'body',
      'fetched',
      'Server:\t\t10.96.0.10',
      'Address:\t10.96.0.10:53',
      '',
      "** server can't find x: NXDOMAIN",
      '',
      '1',
    ]);
  });
});
