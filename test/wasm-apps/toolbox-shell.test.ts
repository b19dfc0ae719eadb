import { expect } from '@esm-bundle/chai';
import { File, type Inode } from '@bjorn3/browser_wasi_shim';
import { Errno } from '../../src/workers/net/protocol.ts';
import { imageModule, runNet, type NetRunOptions, type NetSocket } from './net-harness.ts';

// The toolbox's sh running the scripts tutorials put in busybox and alpine containers: loops,
// conditionals, command substitution and the file applets.

async function sh(script: string, options: NetRunOptions = {}) {
  return runNet(await imageModule('toolbox'), {
    argv0: 'sh',
    args: ['-c', script],
    sleeps: 20,
    ...options,
  });
}

describe('toolbox sh', () => {
  const cases: { script: string; env?: Record<string, string>; stdout: string[]; code?: number }[] =
    [
      { script: 'for i in a b c; do echo "item $i"; done', stdout: ['item a', 'item b', 'item c'] },
      { script: 'for w in $WORDS; do echo $w; done', env: { WORDS: 'x y' }, stdout: ['x', 'y'] },
      { script: 'for w in "$WORDS"; do echo $w; done', env: { WORDS: 'x y' }, stdout: ['x y'] },
      { script: 'if true; then echo yes; else echo no; fi', stdout: ['yes'] },
      { script: 'if false; then echo 1; elif true; then echo 2; else echo 3; fi', stdout: ['2'] },
      { script: 'if false; then echo 1; fi; echo after $?', stdout: ['after 0'] },
      { script: 'echo "$(echo inner) and $(echo two words)"', stdout: ['inner and two words'] },
      { script: 'echo `echo back` $(echo $(echo nested))', stdout: ['back nested'] },
      {
        script: 'N=a; while [ "$N" != aaa ]; do N=$(echo "${N}a"); done; echo $N',
        stdout: ['aaa'],
      },
      {
        script: 'i=0; for x in 1 2 3 4; do if [ $x -gt 2 ]; then break; fi; echo $x; done',
        stdout: ['1', '2'],
      },
      {
        script: 'for x in 1 2 3; do if [ $x = 2 ]; then continue; fi; echo $x; done',
        stdout: ['1', '3'],
      },
      {
        script: 'for a in 1 2; do for b in x y; do [ $b = y ] && continue 2; echo $a$b; done; done',
        stdout: ['1x', '2x'],
      },
      { script: 'until true; do echo never; done; echo out', stdout: ['out'] },
      { script: '[ -z "" ] && [ -n x ] && [ 3 -lt 4 ] && ! false; echo $?', stdout: ['0'] },
      { script: 'test a != a || echo differs-not', stdout: ['differs-not'] },
      { script: 'false && for i in 1; do echo skipped; done; echo $?', stdout: ['1'] },
      { script: "export GREETING=hi; sh -c 'echo $GREETING'", stdout: ['hi'] },
      { script: '/bin/echo from a path', stdout: ['from a path'] },
      {
        script: 'echo quiet > /dev/null; cat < /dev/null; echo done 2>/dev/null',
        stdout: ['done'],
      },
    ];
  for (const c of cases) {
    it(`runs ${c.script}`, async () => {
      const run = await sh(c.script, { env: c.env });
      expect(run.stderr).to.deep.equal([]);
      expect(run.stdout).to.deep.equal(c.stdout);
      expect(run.exitCode).to.equal(c.code ?? 0);
    });
  }

  it("runs the ConfigMap tutorial's loop: date and a variable every 10 seconds", async () => {
    const run = await sh(
      'while true; do echo "$(date) The basket is full of $FRUITS"; sleep 10; done;',
      { env: { FRUITS: 'apples' }, sleeps: 2, timeLimit: 3_600_000 },
    );
    expect(run.stdout).to.deep.equal([
      'Thu Jan  1 00:00:00 UTC 2026 The basket is full of apples',
      'Thu Jan  1 00:00:10 UTC 2026 The basket is full of apples',
      'Thu Jan  1 00:00:20 UTC 2026 The basket is full of apples',
    ]);
    expect(run.sleeps).to.deep.equal([10_000, 10_000, 10_000]);
  });

  it("runs the exec-liveness Pod's script: touch, sleep, rm -f", async () => {
    const tmp = new Map<string, Inode>();
    const run = await sh('touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600', {
      dirs: { '/tmp': tmp },
      timeLimit: 3_600_000,
    });
    expect(run.exitCode).to.equal(0);
    expect(run.stderr).to.deep.equal([]);
    expect(run.sleeps).to.deep.equal([30_000, 600_000]);
    expect(tmp.has('healthy')).to.equal(false);
    const kept = new Map<string, Inode>();
    const there = await sh('touch /tmp/healthy; cat /tmp/healthy && echo there', {
      dirs: { '/tmp': kept },
    });
    expect(there.stdout).to.deep.equal(['there']);
    expect(kept.get('healthy')).to.be.instanceOf(File);
  });

  it('makes and removes directories, and says what it cannot remove', async () => {
    const root = new Map<string, Inode>();
    const run = await sh(
      'mkdir -p /data/a/b && touch /data/a/b/f && ls /data/a; rm /data/a; rm -r /data/a; ls /data; rm /data/none',
      { dirs: { '/data': root } },
    );
    expect(run.stdout).to.deep.equal(['b']);
    expect(run.stderr).to.deep.equal([
      "rm: can't remove '/data/a': Is a directory",
      "rm: can't remove '/data/none': No such file or directory",
    ]);
    expect(root.size).to.equal(0);
  });

  it('runs loops that span lines of a script on stdin', async () => {
    const run = await runNet(await imageModule('toolbox'), {
      argv0: 'sh',
      stdin: 'for i in 1 2\ndo\n  echo "line $i"\ndone\necho end\n',
    });
    expect(run.stdout).to.deep.equal(['line 1', 'line 2', 'end']);
  });

  it('reports a loop left open', async () => {
    const run = await sh('while true; do echo x');
    expect(run.stderr).to.deep.equal([
      'sh: syntax error: unexpected end of file (expecting "done")',
    ]);
    expect(run.exitCode).to.equal(2);
  });

  it("runs the HPA walkthrough's load generator: wget in a while loop", async () => {
    let requests = 0;
    const run = await sh('while sleep 0.01; do wget -q -O- http://php-apache; done', {
      dns: {
        'php-apache': { name: 'php-apache.default.svc.cluster.local', addresses: ['10.96.0.20'] },
      },
      sleeps: 3,
      connect: (_host: string, port: number, socket: NetSocket) => {
        if (port !== 80) return Errno.CONNREFUSED;
        socket.onSend = (text) => {
          if (!text.endsWith('\r\n\r\n')) return;
          requests++;
          // (php-apache sends no newline; one here lets the harness see each answer's line)
          socket.deliver('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nOK!\n').end();
        };
      },
    });
    expect(requests).to.equal(3);
    expect(run.stdout).to.deep.equal(['OK!', 'OK!', 'OK!']);
  });
});
