import { expect } from '@esm-bundle/chai';
import { FakeNetwork } from './net/fake-network.ts';
import { run } from './run-helpers.ts';

/** Real milliseconds, for a measurement window (the containers run in real time). */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The container's CPU use over `ms` of real time, in cores. */
async function coresOver(cpuNanos: () => number, ms: number): Promise<number> {
  const n0 = cpuNanos();
  const t0 = performance.now();
  await pause(ms);
  return (cpuNanos() - n0) / 1e6 / (performance.now() - t0);
}

describe('CPU accounting of container workers', function () {
  this.timeout(30_000);

  it('counts a spinning hog --cpu as about one core', async () => {
    const hog = await run('hog:1.0', ['--cpu', '--report', '0']);
    await hog.until((r) => r.output.stdout.includes('burning CPU'));
    const cores = await coresOver(() => hog.container.cpuNanos(), 800);
    hog.container.kill();
    expect(cores).to.be.within(0.8, 1.2);
    // Once killed, its time stops growing.
    const after = hog.container.cpuNanos();
    await pause(100);
    expect(hog.container.cpuNanos()).to.equal(after);
  });

  it('throttles a hog --cpu with a 200m limit to about 200m, as a CFS quota does', async () => {
    // A progress line every 2 ms or so: the write is where the quota can pause it.
    const hog = await run('hog:1.0', ['--cpu', '--report', '200000'], {
      cpuLimitMillicores: 200,
    });
    await hog.until((r) => r.output.stdout.includes('burning CPU'));
    const cores = await coresOver(() => hog.container.cpuNanos(), 2_000);
    hog.container.kill();
    expect(cores).to.be.within(0.15, 0.26);
  });

  it('leaves a hog --cpu without a limit (or with one of a core or more) at about one core', async () => {
    for (const limit of [undefined, 1000]) {
      const hog = await run('hog:1.0', ['--cpu', '--report', '2000000'], {
        cpuLimitMillicores: limit,
      });
      await hog.until((r) => r.output.stdout.includes('burning CPU'));
      const cores = await coresOver(() => hog.container.cpuNanos(), 1_000);
      hog.container.kill();
      expect(cores, String(limit)).to.be.within(0.8, 1.2);
    }
  });

  it('counts a sleeping ticker as almost nothing: its waits in poll_oneoff are not CPU', async () => {
    const ticker = await run('ticker:1.0', ['--every', '100ms']);
    await ticker.until((r) => r.lines.length >= 2);
    const cores = await coresOver(() => ticker.container.cpuNanos(), 800);
    ticker.container.kill();
    expect(cores).to.be.below(0.05);
    expect(ticker.container.cpuNanos()).to.be.above(0);
  });

  it('reports the final total when the module exits on its own', async () => {
    const hello = await run('hello:1.0');
    await hello.container.exited;
    const total = hello.container.cpuNanos();
    expect(total).to.be.above(0);
    expect(total).to.be.below(1e9);
  });

  it("counts a WAGI container's handler runs, and nothing between requests", async () => {
    const net = new FakeNetwork();
    try {
      const server = await net.start('hello-wagi', [], {
        ip: '10.244.1.10',
        listenPorts: [8080],
        env: [['HOSTNAME', 'hello-abc']],
      });
      await server.until((s) => s.stdout.includes('serving HTTP'));
      const idle = server.container.cpuNanos();
      await pause(300);
      expect(server.container.cpuNanos()).to.equal(idle);
      const peer = await net.connect('10.244.1.10', 8080, '10.244.2.20');
      peer.send('GET / HTTP/1.1\r\nHost: hello\r\nConnection: close\r\n\r\n');
      await peer.until((p) => p.fin);
      await server.until(() => server.container.cpuNanos() > idle);
      const busy = server.container.cpuNanos();
      await pause(300);
      expect(server.container.cpuNanos() - busy).to.be.below(5e6);
    } finally {
      net.stopAll();
    }
  });
});
