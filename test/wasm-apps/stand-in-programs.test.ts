import { expect } from '@esm-bundle/chai';
import { File, type Inode } from '@bjorn3/browser_wasi_shim';
import { Errno } from '../../src/workers/net/protocol.ts';
import { imageModule, runNet } from './net-harness.ts';
import { fakeRedis } from './fake-redis.ts';

// Built-in programs called by the names of the well-known images they stand in for: pi as
// perl (the docs' pi Job), kv-store as redis-server, the toolbox's `sleep infinity`.

const resp = (...words: string[]) =>
  `*${words.length}\r\n${words.map((w) => `$${w.length}\r\n${w}\r\n`).join('')}`;

describe('pi as perl', () => {
  it("runs the docs' pi Job: perl -Mbignum=bpi -wle 'print bpi(2000)'", async () => {
    const run = runNet(await imageModule('pi'), {
      argv0: 'perl',
      args: ['-Mbignum=bpi', '-wle', 'print bpi(2000)'],
    });
    expect(run.exitCode).to.equal(0);
    expect(run.stdout).to.have.length(1);
    expect(run.stdout[0]).to.have.length(2001);
    expect(
      run.stdout[0].startsWith('3.14159265358979323846264338327950288419716939937510'),
    ).to.equal(true);
    // Digits 1991 to 2000 of pi are 4780275900, followed by 99465: rounded up, as bpi does.
    expect(run.stdout[0].endsWith('4780275901')).to.equal(true);
  });

  const scripts: { args: string[]; stdout: string }[] = [
    { args: ['-Mbignum=bpi', '-le', 'print bpi(10)'], stdout: '3.141592654\n' },
    { args: ['-Mbignum=bpi', '-wl', '-e', 'print bpi 5;'], stdout: '3.1416\n' },
    { args: ['-M', 'bignum=bpi', '-w', '-l', '-e', 'print bpi( 3 )'], stdout: '3.14\n' },
  ];
  for (const s of scripts) {
    it(`perl ${s.args.join(' ')} prints ${JSON.stringify(s.stdout)}`, async () => {
      const run = runNet(await imageModule('pi'), { argv0: 'perl5.34.0', args: s.args });
      expect(run.exitCode).to.equal(0);
      expect(run.stdout).to.deep.equal([s.stdout.trimEnd()]);
    });
  }

  it("does nothing for the image's CMD (perl5.x -de0) and says what it cannot run", async () => {
    const module = await imageModule('pi');
    const idle = runNet(module, { argv0: 'perl5.40.0', args: ['-de0'] });
    expect(idle.exitCode).to.equal(0);
    expect(idle.stdout).to.deep.equal([]);
    const other = runNet(module, { argv0: '/usr/local/bin/perl', args: ['-e', 'print "hi"'] });
    expect(other.exitCode).to.equal(255);
    expect(other.stderr).to.deep.equal([
      'perl: this WASI stand-in for the perl image runs only the pi Job\'s script, print bpi(N); got: print "hi"',
    ]);
    const version = runNet(module, { argv0: 'perl', args: ['-v'] });
    expect(version.stdout[1]).to.equal(
      'This is perl 5, version 34, subversion 0 (v5.34.0) built for wasm32-wasi',
    );
  });
});

describe('kv-store as redis-server', () => {
  it('reads a config file (the Configure Redis tutorial) and serves on its port', async () => {
    const config = new Map<string, Inode>([
      [
        'redis.conf',
        new File(
          new TextEncoder().encode('maxmemory 2mb\nmaxmemory-policy allkeys-lru\nport 6380\n'),
        ),
      ],
    ]);
    const run = runNet(await imageModule('kv-store'), {
      argv0: 'redis-server',
      args: ['/redis-master/redis.conf'],
      env: { REDIS_VERSION: '5.0.4' },
      dirs: { '/redis-master': config },
      incoming: { 6380: [{ send: resp('PING') }] },
    });
    expect(run.listened).to.deep.equal([6380]);
    expect(run.incoming[6380][0].sent).to.equal('+PONG\r\n');
    const log = run.stdout.join('\n');
    expect(log).to.match(/^1:C .* # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo$/m);
    expect(log).to.contain('# Redis version=5.0.4, bits=32');
    expect(log).to.contain('# Configuration loaded');
  });

  it('says so when the config file is missing, and exits 1', async () => {
    const run = runNet(await imageModule('kv-store'), {
      argv0: 'redis-server',
      args: ['/redis-master/redis.conf'],
    });
    expect(run.exitCode).to.equal(1);
    expect(run.stderr).to.deep.equal([
      "Fatal error, can't open config file '/redis-master/redis.conf': No such file or directory",
    ]);
  });

  it('persists to /data/appendonly.aof with --appendonly yes, and not without', async () => {
    const data = new Map<string, Inode>();
    const module = await imageModule('kv-store');
    runNet(module, {
      argv0: 'redis-server',
      args: ['--appendonly', 'yes'],
      dirs: { '/data': data },
      incoming: { 6379: [{ send: resp('SET', 'k', 'v') }] },
    });
    expect(new TextDecoder().decode((data.get('appendonly.aof') as File).data)).to.equal(
      resp('SET', 'k', 'v'),
    );
    const memory = new Map<string, Inode>();
    runNet(module, {
      argv0: 'redis-server',
      dirs: { '/data': memory },
      incoming: { 6379: [{ send: resp('SET', 'k', 'v') }] },
    });
    expect(memory.size).to.equal(0);
  });

  it("replicates a leader given as --replicaof 'host port' (the guestbook follower)", async () => {
    const run = runNet(await imageModule('kv-store'), {
      argv0: 'redis-server',
      args: ['--replicaof', 'redis-leader', '6379'],
      incoming: { 6379: [{ at: 100, send: resp('GET', 'messages') }] },
      connect: (host, port, socket) => {
        if (host !== 'redis-leader' || port !== 6379) return Errno.CONNREFUSED;
        fakeRedis(new Map([['messages', 'hello']]))(socket);
      },
      timeLimit: 500,
    });
    expect(run.incoming[6379][0].sent).to.equal('$5\r\nhello\r\n');
  });
});

describe('toolbox sleep infinity', () => {
  it('sleeps for good (the dnsutils Pod runs it)', async () => {
    const run = runNet(await imageModule('toolbox'), {
      argv0: 'sleep',
      args: ['infinity'],
      sleeps: 3,
      timeLimit: 10 * 86_400_000,
    });
    expect(run.stopped).to.equal(true);
    expect(run.sleeps).to.deep.equal([86_400_000, 86_400_000, 86_400_000, 86_400_000]);
  });
});
