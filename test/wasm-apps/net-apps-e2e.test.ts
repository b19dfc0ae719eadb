import { expect } from '@esm-bundle/chai';
import { FakeNetwork, type NetContainer } from '../workers/runtime/net/fake-network.ts';

// The network images in real container workers (JSPI, the runtime's sockets and poll_oneoff),
// talking to each other through the container runtime's test network: what net-harness.ts
// checks byte for byte, here checked to work for real, in real time.

const WEB = '10.244.1.10';
const KV = '10.244.1.20';
const REPLICA = '10.244.1.21';
const FRONTEND = '10.244.1.30';
const CLIENT = '10.244.2.20';

async function started(net: FakeNetwork, image: string, args: string[], ip: string, ready: string) {
  const c = await net.start(image, args, {
    ip,
    env: [['HOSTNAME', `${image}-${ip.split('.')[3]}`]],
  });
  await c.until((s) => s.stdout.includes(ready) || s.events.includes('exit'));
  expect(c.stdout, c.stderr).to.contain(ready);
  return c;
}

async function finished(c: NetContainer): Promise<NetContainer> {
  const exit = await c.container.exited;
  expect(exit.exitCode, c.stderr).to.equal(0);
  return c;
}

describe('network images in container workers', function () {
  this.timeout(20_000);
  let net: FakeNetwork;

  beforeEach(() => {
    net = new FakeNetwork();
    net.names.set('web', { canonicalName: 'web.default.svc.cluster.local', addresses: [WEB] });
    net.names.set('redis-leader', {
      canonicalName: 'redis-leader.default.svc.cluster.local',
      addresses: [KV],
    });
    net.names.set('redis-follower', {
      canonicalName: 'redis-follower.default.svc.cluster.local',
      addresses: [REPLICA],
    });
  });

  afterEach(() => net.stopAll());

  it('loadgen drives http-echo and tallies the pod that answered', async () => {
    await started(net, 'http-echo', ['-q'], WEB, 'listening on port 8080');
    const load = await finished(
      await net.start('loadgen', ['--rps', '20', '--duration', '1s', 'http://web:8080/'], {
        ip: CLIENT,
      }),
    );
    const lines = load.stdout.trim().split('\n');
    expect(lines[1]).to.match(
      /^t=1s sent=\d+ ok=\d+ errors=0 rps=[\d.]+ p50=[\d.]+ms p99=[\d.]+ms$/,
    );
    const total = /^total: sent=(\d+) ok=(\d+) errors=0 /.exec(lines.at(-2) ?? '');
    expect(total?.[1]).to.equal(total?.[2]);
    expect(Number(total?.[1])).to.be.within(15, 21);
    expect(lines.at(-1)).to.equal(`  by pod: http-echo-10=${total?.[2]}`);
  });

  it('toolbox wget and nslookup reach http-echo by name', async () => {
    await started(net, 'http-echo', [], WEB, 'listening on port 8080');
    const wget = await finished(
      await net.start('toolbox', ['wget', '-qO-', 'http://web:8080/hi'], { ip: CLIENT }),
    );
    expect(wget.stdout).to.match(/^Hostname: http-echo-10\n/);
    expect(wget.stdout).to.contain('\treal path=/hi\n');
    const lookup = await finished(await net.start('toolbox', ['nslookup', 'web'], { ip: CLIENT }));
    expect(lookup.stdout).to.equal(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n' +
        'Name:\tweb.default.svc.cluster.local\nAddress: 10.244.1.10\n\n',
    );
  });

  it('the guestbook stores on the kv-store leader and reads what its replica copied', async () => {
    await started(net, 'kv-store', [], KV, 'Ready to accept connections');
    const replica = await started(
      net,
      'kv-store',
      ['--replicaof', 'redis-leader', '6379'],
      REPLICA,
      'Ready to accept connections',
    );
    await started(net, 'guestbook', [], FRONTEND, 'listening on port 80');
    const get = async (path: string) => {
      const browser = await net.connect(FRONTEND, 80);
      browser.send(`GET ${path} HTTP/1.1\r\nHost: frontend\r\nConnection: close\r\n\r\n`);
      await browser.until((p) => p.fin);
      return browser.received.slice(browser.received.indexOf('\r\n\r\n') + 4);
    };
    expect(await get('/guestbook.php?cmd=set&key=messages&value=hi,there')).to.equal(
      '{"message": "Updated"}',
    );
    // The replica copies its leader once a second, one copy after the other: once the second
    // copy after the write has begun, the first one, which saw the write, is complete.
    const copies = () => replica.events.filter((e) => e !== 'exit' && e.type === 'connect').length;
    const afterWrite = copies();
    await replica.until(() => copies() >= afterWrite + 2);
    expect(await get('/guestbook.php?cmd=get&key=messages')).to.equal('{"data": "hi,there"}');
  });
});
