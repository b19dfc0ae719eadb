import { expect } from '@esm-bundle/chai';
import { Errno } from '../../src/workers/net/protocol.ts';
import { imageModule, runNet, type NetRunResult, type NetSocket } from './net-harness.ts';

// The loadgen image (wasm-apps/loadgen) against scripted HTTP servers.

/** How the scripted server answers the n-th connection (from 0). */
type Answer = { pod?: string; status?: string; delayMs: number } | 'refuse' | 'silent';

async function loadgen(args: string[], answer: (n: number) => Answer): Promise<NetRunResult> {
  let n = 0;
  return runNet(await imageModule('loadgen'), {
    args,
    timeLimit: 60_000,
    connect: (host: string, port: number, socket: NetSocket) => {
      expect(`${host}:${port}`).to.equal('web:8080');
      const a = answer(n++);
      if (a === 'refuse') return Errno.CONNREFUSED;
      if (a === 'silent') return;
      let request = '';
      socket.onSend = (text) => {
        request += text;
        if (!request.endsWith('\r\n\r\n')) return;
        expect(request).to.match(/^GET \/path HTTP\/1\.1\r\nHost: web:8080\r\n/);
        const body = a.pod ? `Hostname: ${a.pod}\n\nRequest Information:\n` : 'hello\n';
        socket.deliver(
          `HTTP/1.1 ${a.status ?? '200 OK'}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
          a.delayMs,
        );
        socket.end(a.delayMs);
      };
    },
  });
}

const url = 'http://web:8080/path';

describe('loadgen image', () => {
  it('sends at the rate asked and reports each second, with the pods that answered', async () => {
    const pods = ['web-a', 'web-b', 'web-c'];
    // Every tenth request is slow: it is the 99th percentile, not the median.
    const run = await loadgen(['--rps', '10', '--duration', '3s', url], (n) => ({
      pod: pods[n % 3],
      delayMs: n % 10 === 9 ? 40 : 2,
    }));
    expect(run.exitCode).to.equal(0);
    expect(run.stdout).to.deep.equal([
      'loadgen: GET http://web:8080/path at 10 requests/s, concurrency 1, for 3s',
      't=1s sent=10 ok=10 errors=0 rps=10.0 p50=2.0ms p99=40ms',
      '  by pod: web-a=4 web-b=3 web-c=3',
      't=2s sent=20 ok=20 errors=0 rps=10.0 p50=2.0ms p99=40ms',
      '  by pod: web-a=3 web-b=4 web-c=3',
      't=3s sent=30 ok=30 errors=0 rps=10.0 p50=2.0ms p99=40ms',
      '  by pod: web-a=3 web-b=3 web-c=4',
      'total: sent=30 ok=30 errors=0 in 3.0s, rps=10.0 p50=2.0ms p99=40ms',
      '  by pod: web-a=10 web-b=10 web-c=10',
    ]);
    expect(run.elapsed).to.equal(3000);
  });

  it('counts refused connections, error statuses and timeouts as errors', async () => {
    const run = await loadgen(
      ['--rps', '4', '--duration', '1s', '--timeout', '100ms', url],
      (n) =>
        [
          { pod: 'web-a', delayMs: 1 },
          'refuse' as const,
          { status: '503 Service Unavailable', delayMs: 1 },
          'silent' as const,
        ][n],
    );
    expect(run.stdout.slice(1)).to.deep.equal([
      't=1s sent=4 ok=1 errors=3 rps=4.0 p50=1.0ms p99=1.0ms',
      '  by pod: web-a=1',
      '  errors: Connection refused=1, HTTP 503 Service Unavailable=1, timeout=1',
      'total: sent=4 ok=1 errors=3 in 1.0s, rps=4.0 p50=1.0ms p99=1.0ms',
      '  by pod: web-a=1',
    ]);
  });

  it('keeps as many requests in flight as --concurrency allows with --rps 0', async () => {
    const run = await loadgen(
      ['--rps', '0', '--concurrency', '2', '--duration', '1s', url],
      () => ({
        delayMs: 10,
      }),
    );
    expect(run.stdout[1]).to.equal('t=1s sent=200 ok=200 errors=0 rps=200.0 p50=10ms p99=10ms');
    expect(run.stdout[2]).to.equal(
      'total: sent=200 ok=200 errors=0 in 1.0s, rps=200.0 p50=10ms p99=10ms',
    );
  });

  it('explains its usage', async () => {
    const module = await imageModule('loadgen');
    const help = runNet(module, { args: ['-h'] });
    expect(help.exitCode).to.equal(0);
    expect(help.stdout[0]).to.equal(
      'Usage: loadgen [--rps N] [--duration D] [--concurrency C] [--timeout D] URL',
    );
    const missing = runNet(module, { args: [] });
    expect(missing.exitCode).to.equal(2);
    const bad = runNet(module, { args: ['--duration', 'soon', url] });
    expect(bad.stderr).to.deep.equal(["loadgen: invalid --duration 'soon'"]);
  });
});
