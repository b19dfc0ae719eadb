import { expect } from '@esm-bundle/chai';
import type { File, Inode } from '@bjorn3/browser_wasi_shim';
import { Errno } from '../../src/workers/net/protocol.ts';
import { bulk, fakeRedis, resp } from './fake-redis.ts';
import {
  imageModule,
  runNet,
  type IncomingConnection,
  type NetRunOptions,
  type NetRunResult,
} from './net-harness.ts';

// The kv-store image (wasm-apps/kv-store) against scripted clients on port 6379.
async function kv(
  clients: (string | IncomingConnection)[],
  options: NetRunOptions = {},
): Promise<NetRunResult> {
  const incoming = clients.map((c) => (typeof c === 'string' ? { send: c } : c));
  return runNet(await imageModule('kv-store'), { ...options, incoming: { 6379: incoming } });
}

/** What the server answered on each connection. */
const replies = (run: NetRunResult) => run.incoming[6379].map((c) => c.sent);

/** One connection sending these RESP commands; resolves to the concatenated replies. */
async function session(...commands: string[][]): Promise<string> {
  const run = await kv([commands.map((c) => resp(...c)).join('')]);
  return replies(run)[0];
}

const int = (n: number) => `:${n}\r\n`;
const ok = '+OK\r\n';
const nil = '$-1\r\n';
const array = (...items: string[]) => `*${items.length}\r\n${items.map(bulk).join('')}`;
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const NOT_INTEGER = '-ERR value is not an integer or out of range\r\n';

describe('kv-store image', () => {
  describe('commands, with Redis reply formats', () => {
    const cases: { name: string; commands: string[][]; reply: string }[] = [
      {
        name: 'PING, ECHO',
        commands: [['PING'], ['ping', 'hi'], ['ECHO', 'a b']],
        reply: '+PONG\r\n' + bulk('hi') + bulk('a b'),
      },
      {
        name: 'SET, GET, DEL, EXISTS',
        commands: [
          ['SET', 'k', 'v1'],
          ['GET', 'k'],
          ['GET', 'missing'],
          ['EXISTS', 'k', 'k', 'missing'],
          ['DEL', 'k', 'missing'],
          ['GET', 'k'],
        ],
        reply: ok + bulk('v1') + nil + int(2) + int(1) + nil,
      },
      {
        name: 'SET NX, XX and GET',
        commands: [
          ['SET', 'k', 'a', 'NX'],
          ['SET', 'k', 'b', 'NX'],
          ['SET', 'other', 'x', 'XX'],
          ['SET', 'k', 'c', 'GET'],
          ['GET', 'k'],
        ],
        reply: ok + nil + nil + bulk('a') + bulk('c'),
      },
      {
        name: 'INCR, INCRBY, DECR, DECRBY, APPEND, STRLEN',
        commands: [
          ['INCR', 'n'],
          ['INCRBY', 'n', '41'],
          ['DECR', 'n'],
          ['DECRBY', 'n', '-10'],
          ['APPEND', 'n', '0'],
          ['GET', 'n'],
          ['APPEND', 's', 'ab'],
          ['STRLEN', 's'],
        ],
        reply: int(1) + int(42) + int(41) + int(51) + int(3) + bulk('510') + int(2) + int(2),
      },
      {
        name: 'LPUSH, RPUSH, LRANGE, LLEN, LPOP, RPOP, TYPE',
        commands: [
          ['RPUSH', 'l', 'b', 'c'],
          ['LPUSH', 'l', 'a', 'z'],
          ['LRANGE', 'l', '0', '-1'],
          ['LRANGE', 'l', '-2', '10'],
          ['LRANGE', 'l', '5', '6'],
          ['LLEN', 'l'],
          ['LPOP', 'l'],
          ['RPOP', 'l', '2'],
          ['TYPE', 'l'],
          ['TYPE', 'nothing'],
          ['LLEN', 'nothing'],
        ],
        reply:
          int(2) +
          int(4) +
          array('z', 'a', 'b', 'c') +
          array('b', 'c') +
          array() +
          int(4) +
          bulk('z') +
          array('c', 'b') +
          '+list\r\n' +
          '+none\r\n' +
          int(0),
      },
      {
        name: 'KEYS with glob patterns, DBSIZE, FLUSHALL',
        commands: [
          ['SET', 'user:1', 'x'],
          ['KEYS', 'user:[0-9]'],
          ['KEYS', 'nomatch*'],
          ['DBSIZE'],
          ['FLUSHALL'],
          ['DBSIZE'],
        ],
        reply: ok + array('user:1') + array() + int(1) + ok + int(0),
      },
      {
        name: 'the wrong type, a non-integer, an overflow, a bad option',
        commands: [
          ['RPUSH', 'l', 'x'],
          ['GET', 'l'],
          ['INCR', 'l'],
          ['SET', 's', 'abc'],
          ['LPUSH', 's', 'x'],
          ['INCR', 's'],
          ['INCRBY', 'n', '1.5'],
          ['SET', 'big', '9223372036854775807'],
          ['INCR', 'big'],
          ['SET', 'k', 'v', 'EX', 'soon'],
          ['SET', 'k', 'v', 'EX', '0'],
          ['SET', 'k', 'v', 'NX', 'XX'],
          ['LRANGE', 'l', 'a', '1'],
        ],
        reply:
          int(1) +
          WRONGTYPE +
          WRONGTYPE +
          ok +
          WRONGTYPE +
          NOT_INTEGER +
          NOT_INTEGER +
          ok +
          '-ERR increment or decrement would overflow\r\n' +
          NOT_INTEGER +
          "-ERR invalid expire time in 'set' command\r\n" +
          '-ERR syntax error\r\n' +
          NOT_INTEGER,
      },
      {
        name: 'unknown commands and wrong argument counts',
        commands: [['FOO', 'a', 'b'], ['nosuch'], ['GET'], ['SET', 'k'], ['ECHO', 'a', 'b']],
        reply:
          "-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n" +
          "-ERR unknown command 'nosuch', with args beginning with: \r\n" +
          "-ERR wrong number of arguments for 'get' command\r\n" +
          "-ERR wrong number of arguments for 'set' command\r\n" +
          "-ERR wrong number of arguments for 'echo' command\r\n",
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        expect(await session(...c.commands)).to.equal(c.reply);
      });
    }
  });

  it('understands inline commands as nc sends them, quotes included', async () => {
    const run = await kv([
      'PING\nSET greeting "hello world"\r\nget greeting\n\nSET q \'it\\\'s\'\nGET q\nECHO "tab\\there"\n',
    ]);
    expect(replies(run)[0]).to.equal(
      '+PONG\r\n' + ok + bulk('hello world') + ok + bulk("it's") + bulk('tab\there'),
    );
  });

  it('closes the connection after QUIT and after a protocol error', async () => {
    const run = await kv([
      { send: resp('QUIT') + resp('PING'), end: false },
      { send: '*1\r\n$x\r\nPING\r\n', end: false },
      { send: 'SET k "open\n', end: false },
    ]);
    const [quit, badBulk, quotes] = run.incoming[6379];
    expect(quit.sent).to.equal(ok);
    expect(quit.closed).to.equal(true);
    expect(badBulk.sent).to.equal('-ERR Protocol error: invalid bulk length\r\n');
    expect(badBulk.closed).to.equal(true);
    expect(quotes.sent).to.equal('-ERR Protocol error: unbalanced quotes in request\r\n');
  });

  it('serves many clients at once: a slow client does not hold up the others', async () => {
    const run = await kv([
      { send: ['*2\r\n$3\r\nGET\r\n', { at: 100, data: '$4\r\nseen\r\n' }] },
      { at: 50, send: resp('SET', 'seen', 'yes') },
    ]);
    expect(replies(run)).to.deep.equal([bulk('yes'), ok]);
  });

  it('expires keys set with EX or PX, and answers TTL and PTTL', async () => {
    const run = await kv([
      resp('SET', 'short', 'v', 'PX', '1500') +
        resp('SET', 'long', 'v', 'EX', '100') +
        resp('SET', 'forever', 'v') +
        resp('EXPIRE', 'forever', '10'),
      {
        at: 1000,
        send:
          resp('GET', 'short') + resp('PTTL', 'short') + resp('TTL', 'long') + resp('TTL', 'nope'),
      },
      { at: 2000, send: resp('GET', 'short') + resp('DBSIZE') + resp('KEYS', '*o*') },
    ]);
    const [, second, third] = replies(run);
    expect(second).to.equal(bulk('v') + int(500) + int(99) + int(-2));
    expect(third.slice(0, 9)).to.equal(nil + int(2));
  });

  it('reports its role in INFO, and lists replicas that announced themselves', async () => {
    const run = await kv([
      resp('INFO', 'replication'),
      {
        at: 10,
        send: resp('REPLCONF', 'ip-address', 'redis-follower-1', 'listening-port', '6379'),
      },
      { at: 20, send: resp('INFO', 'replication') },
      { at: 30, send: resp('INFO') },
    ]);
    const [before, announce, after, all] = replies(run);
    expect(before).to.equal(bulk('# Replication\r\nrole:master\r\nconnected_slaves:0\r\n'));
    expect(announce).to.equal(ok);
    expect(after).to.equal(
      bulk(
        '# Replication\r\nrole:master\r\nconnected_slaves:1\r\n' +
          'slave0:ip=redis-follower-1,port=6379,state=online,offset=0,lag=0\r\n',
      ),
    );
    expect(all).to.contain('# Server\r\nredis_version:');
    expect(all).to.contain('\r\n# Keyspace\r\n');
  });

  describe('persistence', () => {
    const aofOf = (dir: Map<string, Inode>) =>
      new TextDecoder().decode((dir.get('appendonly.aof') as File).data);

    it('keeps data in memory only without --dir, and says so', async () => {
      const run = await kv([resp('SET', 'k', 'v')]);
      expect(run.stdout.join('\n')).to.contain(
        '* No --dir given: the data lives in memory only and is lost when the container restarts',
      );
      const missing = await kv([], { args: ['--dir', '/data'] });
      expect(missing.stdout.join('\n')).to.match(
        /# Can't use --dir \/data \(No such file or directory\): the data lives in memory only/,
      );
    });

    it('appends every write to PATH/appendonly.aof and replays it at start', async () => {
      const dir = new Map<string, Inode>();
      const first = await kv(
        [
          resp('SET', 'k', 'v') +
            resp('RPUSH', 'l', 'a', 'b') +
            resp('GET', 'k') +
            resp('INCR', 'n') +
            resp('SET', 'gone', 'x') +
            resp('DEL', 'gone') +
            resp('SET', 'ttl', 'x', 'EX', '3600') +
            resp('GET', 'l'),
        ],
        { args: ['--dir', '/data'], dirs: { '/data': dir }, epoch: 1_000_000 },
      );
      expect(first.stdout.join('\n')).to.contain('Appending every write to /data/appendonly.aof');
      expect(aofOf(dir)).to.equal(
        resp('SET', 'k', 'v') +
          resp('RPUSH', 'l', 'a', 'b') +
          resp('INCR', 'n') +
          resp('SET', 'gone', 'x') +
          resp('DEL', 'gone') +
          resp('SET', 'ttl', 'x') +
          resp('PEXPIREAT', 'ttl', String(1_000_000 + 3_600_000)),
      );

      const second = await kv(
        [resp('GET', 'k') + resp('LRANGE', 'l', '0', '-1') + resp('GET', 'n') + resp('TTL', 'ttl')],
        { args: ['--dir', '/data'], dirs: { '/data': dir }, epoch: 1_000_000 + 600_000 },
      );
      expect(second.stdout.join('\n')).to.match(
        /DB loaded from append only file \/data\/appendonly\.aof: 4 keys/,
      );
      expect(replies(second)[0]).to.equal(bulk('v') + array('a', 'b') + bulk('1') + int(3000));
    });
  });

  describe('--replicaof', () => {
    const leader = () =>
      new Map<string, string | string[]>([
        ['messages', 'hello,world'],
        ['queue', ['a', 'b']],
      ]);

    it('copies the leader, serves reads, and refuses writes', async () => {
      const log: string[][] = [];
      const data = leader();
      let copies = 0;
      const run = await kv(
        [
          { at: 10, send: resp('GET', 'messages') + resp('LRANGE', 'queue', '0', '-1') },
          { at: 20, send: resp('SET', 'messages', 'x') + resp('INFO', 'replication') },
          { at: 1500, send: resp('GET', 'messages') + resp('DBSIZE') },
        ],
        {
          args: ['--replicaof', 'redis-leader', '6379'],
          env: { HOSTNAME: 'redis-follower-abc' },
          connect: (host, port, socket) => {
            if (host !== 'redis-leader' || port !== 6379) return Errno.CONNREFUSED;
            // The leader gains a key between the first copy and the second.
            if (++copies === 2) data.set('new', 'later');
            fakeRedis(data, { log })(socket);
          },
          timeLimit: 1900,
        },
      );
      const [reads, write, later] = replies(run);
      expect(reads).to.equal(bulk('hello,world') + array('a', 'b'));
      expect(write).to.match(
        /^-READONLY You can't write against a read only replica\.\r\n\$\d+\r\n# Replication\r\nrole:slave\r\nmaster_host:redis-leader\r\nmaster_port:6379\r\nmaster_link_status:up\r\n/,
      );
      expect(later).to.equal(bulk('hello,world') + int(3));
      expect(log[0]).to.deep.equal([
        'REPLCONF',
        'ip-address',
        'redis-follower-abc',
        'listening-port',
        '6379',
      ]);
      expect(log[1]).to.deep.equal(['KEYS', '*']);
      expect(run.connects.length).to.equal(2);
      expect(run.stdout.join('\n')).to.contain(
        '* MASTER <-> REPLICA sync: Finished with success (2 keys)',
      );
    });

    it('says when the leader cannot be reached, and keeps trying', async () => {
      const run = await kv([{ at: 2500, send: resp('INFO', 'replication') }], {
        args: ['--replicaof', 'redis-leader', '6379'],
        timeLimit: 3500,
      });
      expect(run.connects.map((c) => c.errno)).to.deep.equal(Array(4).fill(Errno.CONNREFUSED));
      const errors = run.stdout.filter((line) => line.includes('Error condition'));
      expect(errors).to.have.length(1);
      expect(errors[0]).to.match(/ # Error condition on socket for SYNC with redis-leader:6379: /);
      expect(replies(run)[0]).to.contain('master_link_status:down');
    });
  });

  it('listens on --port', async () => {
    const run = await runNet(await imageModule('kv-store'), { args: ['--port', '7000'] });
    expect(run.listened).to.deep.equal([7000]);
    expect(run.stdout.at(-1)).to.match(
      /^1:M \d\d \w{3} \d{4} [\d:.]+ \* Ready to accept connections tcp$/,
    );
  });
});
