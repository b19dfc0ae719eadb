import { expect } from '@esm-bundle/chai';
import { Errno } from '../../src/workers/net/protocol.ts';
import { fakeRedis } from './fake-redis.ts';
import { imageModule, runNet, type NetRunOptions, type NetRunResult } from './net-harness.ts';

// The guestbook image (wasm-apps/guestbook) with scripted browsers and a scripted store.
async function guestbook(paths: string[], options: NetRunOptions = {}): Promise<NetRunResult> {
  const port = Number(options.env?.PORT ?? 80);
  const incoming = paths.map((path, i) => ({
    at: i * 10,
    send: `GET ${path} HTTP/1.1\r\nHost: frontend\r\n\r\n`,
  }));
  return runNet(await imageModule('guestbook'), { ...options, incoming: { [port]: incoming } });
}

/** The status line and body of each answer. */
function answers(run: NetRunResult, port = 80): { status: string; type: string; body: string }[] {
  return run.incoming[port].map((client) => {
    const [head, body] = [
      client.sent.slice(0, client.sent.indexOf('\r\n\r\n')),
      client.sent.slice(client.sent.indexOf('\r\n\r\n') + 4),
    ];
    const type = /\r\nContent-Type: ([^\r]*)/.exec(head)?.[1] ?? '';
    return { status: head.split('\r\n')[0], type, body };
  });
}

/** A store where leader and follower share one data set (replication is instant here). */
function store(data = new Map<string, string | string[]>()) {
  const log: string[][] = [];
  const connects: string[] = [];
  const options: NetRunOptions = {
    connect: (host, port, socket) => {
      connects.push(`${host}:${port}`);
      fakeRedis(data, { log })(socket);
    },
  };
  return { log, connects, options };
}

describe('guestbook image', () => {
  it('serves the guestbook page, whose script uses guestbook.php', async () => {
    const run = await guestbook(['/'], { env: { HOSTNAME: 'frontend-abc' } });
    const [page] = answers(run);
    expect(page.status).to.equal('HTTP/1.1 200 OK');
    expect(page.type).to.equal('text/html; charset=utf-8');
    expect(page.body).to.contain('<title>Guestbook</title>');
    expect(page.body).to.contain("call('cmd=get&key=messages')");
    expect(page.body).to.contain("call('cmd=set&key=messages&value=' + encodeURIComponent(");
    expect(page.body).to.contain('Served by <span id="host">frontend-abc</span>');
    expect(run.stdout[0]).to.equal(
      'guestbook: listening on port 80; writes go to redis-leader:6379, reads to redis-follower:6379',
    );
  });

  it("has a page script that lists the messages and stores a new one with the others'", async () => {
    const [page] = answers(await guestbook(['/']));
    const doc = new DOMParser().parseFromString(page.body, 'text/html');
    const script = doc.querySelector('script')?.textContent ?? '';
    const urls: string[] = [];
    const fetch = async (url: string) => {
      urls.push(url);
      const body = url.includes('cmd=get') ? { data: 'first,second' } : { message: 'Updated' };
      return { json: async () => body };
    };
    // The script's awaits are all on resolved promises: one task later they have all run.
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    new Function('document', 'fetch', script)(doc, fetch);
    await settle();
    const shown = () => [...doc.querySelectorAll('#messages div')].map((d) => d.textContent);
    expect(shown(), doc.getElementById('status')?.textContent ?? '').to.deep.equal([
      'first',
      'second',
    ]);

    (doc.getElementById('message') as HTMLInputElement).value = 'a, b & c';
    doc.getElementById('form')?.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(urls).to.deep.equal([
      'guestbook.php?cmd=get&key=messages',
      `guestbook.php?cmd=set&key=messages&value=${encodeURIComponent('first,second,a, b & c')}`,
    ]);
    expect(shown()).to.deep.equal(['first', 'second', 'a, b & c']);
    expect(doc.getElementById('status')?.textContent).to.equal('Updated.');
  });

  it('stores on the leader and reads from the follower, as the tutorial front end does', async () => {
    const kv = store();
    const run = await guestbook(
      [
        '/guestbook.php?cmd=set&key=messages&value=hello%2C%20world,second+one',
        '/guestbook.php?cmd=get&key=messages',
        '/guestbook.php?cmd=get&key=nothing',
      ],
      kv.options,
    );
    const [set, get, missing] = answers(run);
    expect(set).to.deep.equal({
      status: 'HTTP/1.1 200 OK',
      type: 'application/json',
      body: '{"message": "Updated"}',
    });
    expect(get.body).to.equal('{"data": "hello, world,second one"}');
    expect(missing.body).to.equal('{"data": ""}');
    expect(kv.connects).to.deep.equal([
      'redis-leader:6379',
      'redis-follower:6379',
      'redis-follower:6379',
    ]);
    expect(kv.log).to.deep.equal([
      ['SET', 'messages', 'hello, world,second one'],
      ['GET', 'messages'],
      ['GET', 'nothing'],
    ]);
  });

  it('escapes the value as a JSON string', async () => {
    const kv = store(new Map([['messages', 'say "hi"\\\n']]));
    const run = await guestbook(['/guestbook.php?cmd=get&key=messages'], kv.options);
    const [get] = answers(run);
    expect(JSON.parse(get.body)).to.deep.equal({ data: 'say "hi"\\\n' });
  });

  it('reads from the leader when the follower name does not resolve', async () => {
    const data = new Map([['messages', 'only-leader']]);
    const connects: string[] = [];
    const run = await guestbook(['/guestbook.php?cmd=get&key=messages'], {
      connect: (host, _port, socket) => {
        connects.push(host);
        if (host === 'redis-follower') return Errno.NOENT;
        fakeRedis(data)(socket);
      },
    });
    expect(connects).to.deep.equal(['redis-follower', 'redis-leader']);
    expect(answers(run)[0].body).to.equal('{"data": "only-leader"}');
  });

  it('takes the hosts from the Services environment with GET_HOSTS_FROM=env', async () => {
    const kv = store();
    const run = await guestbook(
      ['/guestbook.php?cmd=set&key=messages&value=x', '/guestbook.php?cmd=get&key=messages'],
      {
        ...kv.options,
        env: {
          GET_HOSTS_FROM: 'env',
          REDIS_LEADER_SERVICE_HOST: '10.96.0.20',
          REDIS_FOLLOWER_SERVICE_HOST: '10.96.0.21',
        },
      },
    );
    expect(kv.connects).to.deep.equal(['10.96.0.20:6379', '10.96.0.21:6379']);
    expect(answers(run)[1].body).to.equal('{"data": "x"}');
  });

  it('answers 500 with the reason when the store cannot be reached', async () => {
    const run = await guestbook(['/guestbook.php?cmd=set&key=messages&value=x'], {
      connect: () => Errno.CONNREFUSED,
    });
    const [answer] = answers(run);
    expect(answer.status).to.equal('HTTP/1.1 500 Internal Server Error');
    expect(JSON.parse(answer.body).error).to.match(/^redis-leader:6379: Connection refused/);
  });

  it('passes on the store error, 404s other paths, and listens on $PORT', async () => {
    const run = await guestbook(['/guestbook.php?cmd=set&key=messages&value=x', '/nope'], {
      env: { PORT: '8080' },
      connect: (_host, _port, socket) => {
        socket.onSend = () =>
          socket.deliver("-READONLY You can't write against a read only replica.\r\n");
      },
    });
    expect(run.listened).to.deep.equal([8080]);
    const [readonly, missing] = answers(run, 8080);
    expect(JSON.parse(readonly.body)).to.deep.equal({
      error: "redis-leader:6379: READONLY You can't write against a read only replica.",
    });
    expect(missing.status).to.equal('HTTP/1.1 404 Not Found');
  });
});
