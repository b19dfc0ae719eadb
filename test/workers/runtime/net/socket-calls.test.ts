import { expect } from '@esm-bundle/chai';
import { File, OpenFile, type Fd } from '@bjorn3/browser_wasi_shim';
import {
  Errno,
  type ContainerNetRequest,
  type DataMessage,
} from '../../../../src/workers/net/protocol.ts';
import { ContainerNet } from '../../../../src/workers/runtime/net/container-net.ts';
import { playgroundNetCalls } from '../../../../src/workers/runtime/net/playground-net-calls.ts';
import { socketCalls } from '../../../../src/workers/runtime/net/socket-calls.ts';
import { pollOneoff } from '../../../../src/workers/runtime/poll-oneoff.ts';

// The socket calls and the network imports on a ContainerNet in the page, with a memory the
// test reads and writes as a module would, and MessageChannels for the node's side.

const IOVEC = 0;
const OUT = 16;
const OUT2 = 20;
const BUF = 256;
const FDFLAGS_NONBLOCK = 4;
const SHUT_WR = 2;
const FILETYPE_SOCKET_STREAM = 6;

function setup(options: { network?: boolean; connectTimeoutMs?: number } = {}) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const fds: (Fd | undefined)[] = [0, 1, 2].map(() => new OpenFile(new File(new Uint8Array(0))));
  const requests: ContainerNetRequest[] = [];
  const net = new ContainerNet({
    fds,
    request: options.network === false ? undefined : (r) => requests.push(r),
    connectTimeoutMs: options.connectTimeoutMs,
  });
  const calls = socketCalls(net, () => memory);
  const view = () => new DataView(memory.buffer);
  const u32 = (at: number) => view().getUint32(at, true);
  /** Points the iovec at BUF with room for `size` bytes. */
  const room = (size: number) => {
    view().setUint32(IOVEC, BUF, true);
    view().setUint32(IOVEC + 4, size, true);
  };
  const text = (length: number) =>
    new TextDecoder().decode(new Uint8Array(memory.buffer).slice(BUF, BUF + length));
  const put = (value: string) => {
    const bytes = new TextEncoder().encode(value);
    new Uint8Array(memory.buffer).set(bytes, BUF);
    room(bytes.byteLength);
  };
  /** A connection arriving for `port`: returns the client's ends (data, and its node's reset port). */
  const incoming = (port: number, id = 500) => {
    const data = new MessageChannel();
    const ctl = new MessageChannel();
    const received: DataMessage[] = [];
    let waiting: { count: number; resolve: () => void } | undefined;
    data.port1.onmessage = (e: MessageEvent<DataMessage>) => {
      received.push(e.data);
      if (waiting && received.length >= waiting.count) waiting.resolve();
    };
    /** Resolves once `count` messages have come to the client. */
    const got = (count: number) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => (waiting = { count, resolve }));
    net.deliver({
      type: 'incoming',
      id,
      local: { ip: '10.244.0.5', port },
      peer: { ip: '10.244.0.9', port: 41000 },
      data: data.port2,
      ctl: ctl.port2,
    });
    return { data: data.port1, reset: ctl.port1, received, got };
  };
  const send = (port: MessagePort, value: string) => {
    const buffer = new TextEncoder().encode(value).buffer;
    port.postMessage(buffer, [buffer]);
  };
  /** fd_close as the shim does it: the descriptor's close, then its slot freed. */
  const close = (fd: number) => {
    fds[fd]!.fd_close();
    fds[fd] = undefined;
  };
  /** Resolves once a message posted by the test has reached the container's side. */
  const settled = () => net.signal.next();
  return {
    memory,
    fds,
    requests,
    net,
    calls,
    u32,
    room,
    text,
    put,
    incoming,
    send,
    settled,
    close,
  };
}

/** Waits until `check` holds, re-checked at each of the net's changes. */
async function until(s: ReturnType<typeof setup>, check: () => boolean): Promise<void> {
  while (!check()) await s.settled();
}

describe('socket calls', () => {
  it('preopens listeners after the existing descriptors, as stream sockets with no prestat', () => {
    const s = setup();
    expect(s.net.preopen([80, 443])).to.deep.equal([
      'LISTEN_FDS=2',
      'LISTEN_FDS_START=3',
      'LISTEN_PORTS=80,443',
    ]);
    expect(s.net.preopen([])).to.deep.equal([]);
    const fd = s.fds[3]!;
    expect(fd.fd_fdstat_get().fdstat?.fs_filetype).to.equal(FILETYPE_SOCKET_STREAM);
    expect(fd.fd_filestat_get().filestat?.filetype).to.equal(FILETYPE_SOCKET_STREAM);
    expect(fd.fd_prestat_get().ret).to.equal(Errno.BADF);
    expect(s.requests).to.deep.equal([]);
  });

  it('accepts: AGAIN on a NONBLOCK listener with an empty backlog, blocks otherwise', async () => {
    const s = setup();
    s.net.preopen([80]);
    s.fds[3]!.fd_fdstat_set_flags(FDFLAGS_NONBLOCK);
    expect(s.fds[3]!.fd_fdstat_get().fdstat?.fs_flags).to.equal(FDFLAGS_NONBLOCK);
    expect(s.calls.sock_accept(3, 0, OUT)).to.equal(Errno.AGAIN);

    // Backlog: the client is answered `ok` before anything accepts.
    const client = s.incoming(80);
    await client.got(1);
    expect(client.received).to.deep.equal([
      { t: 'ok', peer: { ip: '10.244.0.5', port: 80 }, local: { ip: '10.244.0.9', port: 41000 } },
    ]);
    expect(s.calls.sock_accept(3, FDFLAGS_NONBLOCK, OUT)).to.equal(Errno.SUCCESS);
    expect(s.u32(OUT)).to.equal(4);
    expect(s.fds[4]!.fd_fdstat_get().fdstat?.fs_flags).to.equal(FDFLAGS_NONBLOCK);

    s.fds[3]!.fd_fdstat_set_flags(0);
    const blocked = s.calls.sock_accept(3, 0, OUT);
    expect(blocked).to.be.instanceOf(Promise);
    s.incoming(80, 501);
    expect(await blocked).to.equal(Errno.SUCCESS);
    expect(s.u32(OUT)).to.equal(5);

    expect(s.calls.sock_accept(0, 0, OUT)).to.equal(Errno.NOTSOCK);
    expect(s.calls.sock_accept(9, 0, OUT)).to.equal(Errno.BADF);
    expect(s.calls.sock_accept(4, 0, OUT)).to.equal(Errno.INVAL);
  });

  it('reads what came, in order, then 0 after fin; AGAIN when NONBLOCK and nothing came', async () => {
    const s = setup();
    s.net.preopen([80]);
    const client = s.incoming(80);
    s.calls.sock_accept(3, 0, OUT);
    const fd = s.u32(OUT);

    s.room(100);
    const pending = s.calls.fdRead(fd, IOVEC, 1, OUT);
    expect(pending).to.be.instanceOf(Promise);
    s.send(client.data, 'hello ');
    expect(await pending).to.equal(Errno.SUCCESS);
    expect(s.text(s.u32(OUT))).to.equal('hello ');

    s.send(client.data, 'wor');
    s.send(client.data, 'ld');
    client.data.postMessage({ t: 'fin' });
    await until(s, () => s.net.readiness(fd, 'read')?.hangup === true);
    expect(s.net.readiness(fd, 'read')).to.deep.equal({ ready: true, hangup: true, nbytes: 5 });
    s.room(4);
    expect(s.calls.sock_recv(fd, IOVEC, 1, 1 /* PEEK */, OUT, OUT2)).to.equal(Errno.SUCCESS);
    expect(s.text(s.u32(OUT))).to.equal('worl');
    expect(s.calls.sock_recv(fd, IOVEC, 1, 0, OUT, OUT2)).to.equal(Errno.SUCCESS);
    expect(s.text(s.u32(OUT))).to.equal('worl');
    s.room(100);
    expect(s.calls.fdRead(fd, IOVEC, 1, OUT)).to.equal(Errno.SUCCESS);
    expect(s.text(s.u32(OUT))).to.equal('d');
    expect(s.calls.fdRead(fd, IOVEC, 1, OUT)).to.equal(Errno.SUCCESS);
    expect(s.u32(OUT)).to.equal(0);

    const other = s.incoming(80, 501);
    s.calls.sock_accept(3, FDFLAGS_NONBLOCK, OUT);
    expect(s.calls.fdRead(s.u32(OUT), IOVEC, 1, OUT2)).to.equal(Errno.AGAIN);
    other.data.close();
  });

  it('reads bytes that came as strings and as buffers, mixed, in order, over several iovecs, then fin', async () => {
    const s = setup();
    s.net.preopen([80]);
    const client = s.incoming(80);
    s.calls.sock_accept(3, 0, OUT);
    const fd = s.u32(OUT);
    // Every byte value, as a string of one character per byte, between two buffers.
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    s.send(client.data, 'head:');
    client.data.postMessage(String.fromCharCode(...all));
    s.send(client.data, ':tail');
    client.data.postMessage('');
    client.data.postMessage({ t: 'fin' });
    await until(s, () => s.net.readiness(fd, 'read')?.hangup === true);
    expect(s.net.readiness(fd, 'read')).to.include({ nbytes: 5 + 256 + 5 });
    // Two buffers of 200 and 100 bytes: the 266 bytes fill the first and part of the second.
    const view = new DataView(s.memory.buffer);
    view.setUint32(IOVEC, BUF, true);
    view.setUint32(IOVEC + 4, 200, true);
    view.setUint32(IOVEC + 8, BUF + 1000, true);
    view.setUint32(IOVEC + 12, 100, true);
    expect(s.calls.fdRead(fd, IOVEC, 2, OUT)).to.equal(Errno.SUCCESS);
    expect(s.u32(OUT)).to.equal(266);
    const memory = new Uint8Array(s.memory.buffer);
    const got = [...memory.slice(BUF, BUF + 200), ...memory.slice(BUF + 1000, BUF + 1066)];
    const expected = [
      ...new TextEncoder().encode('head:'),
      ...all,
      ...new TextEncoder().encode(':tail'),
    ];
    expect(got).to.deep.equal(expected);
    s.room(100);
    expect(s.calls.fdRead(fd, IOVEC, 1, OUT)).to.equal(Errno.SUCCESS);
    expect(s.u32(OUT)).to.equal(0);
  });

  it('reads bytes that came as a string before a reset, then CONNRESET', async () => {
    const s = setup();
    s.net.preopen([80]);
    const client = s.incoming(80);
    s.calls.sock_accept(3, 0, OUT);
    const fd = s.u32(OUT);
    client.data.postMessage('before');
    client.data.postMessage({ t: 'rst' });
    await until(s, () => s.net.readiness(fd, 'read')?.hangup === true);
    s.room(100);
    expect(s.calls.fdRead(fd, IOVEC, 1, OUT)).to.equal(Errno.SUCCESS);
    expect(s.text(s.u32(OUT))).to.equal('before');
    expect(s.calls.fdRead(fd, IOVEC, 1, OUT)).to.equal(Errno.CONNRESET);
    s.put('x');
    expect(s.calls.fdWrite(fd, IOVEC, 1, OUT2)).to.equal(Errno.CONNRESET);
  });

  it('writes each call as one message; shutdown(SHUT_WR) sends fin, then writes fail with PIPE', async () => {
    const s = setup();
    s.net.preopen([80]);
    const client = s.incoming(80);
    s.calls.sock_accept(3, 0, OUT);
    const fd = s.u32(OUT);
    s.put('echo');
    expect(s.calls.fdWrite(fd, IOVEC, 1, OUT2)).to.equal(Errno.SUCCESS);
    expect(s.u32(OUT2)).to.equal(4);
    expect(s.calls.sock_send(fd, IOVEC, 1, 0, OUT2)).to.equal(Errno.SUCCESS);
    // A long write gathered from two buffers: one message, a transferred buffer.
    const memory = new Uint8Array(s.memory.buffer);
    memory.fill(0x61, BUF, BUF + 1500);
    memory.fill(0xe9, BUF + 4096, BUF + 4096 + 1500);
    const view = new DataView(s.memory.buffer);
    view.setUint32(IOVEC, BUF, true);
    view.setUint32(IOVEC + 4, 1500, true);
    view.setUint32(IOVEC + 8, BUF + 4096, true);
    view.setUint32(IOVEC + 12, 1500, true);
    expect(s.calls.fdWrite(fd, IOVEC, 2, OUT2)).to.equal(Errno.SUCCESS);
    expect(s.u32(OUT2)).to.equal(3000);
    expect(s.calls.sock_shutdown(fd, SHUT_WR)).to.equal(Errno.SUCCESS);
    expect(s.net.readiness(fd, 'write')).to.deep.equal({ ready: true, error: Errno.PIPE });
    expect(s.calls.fdWrite(fd, IOVEC, 1, OUT2)).to.equal(Errno.PIPE);
    expect(s.calls.sock_shutdown(fd, 0)).to.equal(Errno.INVAL);
    await client.got(5);
    const [ok, first, second, long, fin] = client.received;
    expect(ok).to.include({ t: 'ok' });
    // Short writes travel as strings of one character per byte.
    expect([first, second]).to.deep.equal(['echo', 'echo']);
    expect(long).to.be.instanceOf(ArrayBuffer);
    const longBytes = new Uint8Array(long as ArrayBuffer);
    expect(longBytes.length).to.equal(3000);
    expect(longBytes.slice(0, 1500).every((b) => b === 0x61)).to.equal(true);
    expect(longBytes.slice(1500).every((b) => b === 0xe9)).to.equal(true);
    expect(fin).to.deep.equal({ t: 'fin' });
    // Closing after the shutdown sends nothing more, and tells the node.
    s.close(fd);
    expect(s.requests).to.deep.equal([{ type: 'closed', id: 500, incoming: true }]);
  });

  it('fails reads with CONNRESET once a reset port says rst (after the bytes already there)', async () => {
    const s = setup();
    s.net.preopen([80]);
    const client = s.incoming(80);
    s.calls.sock_accept(3, 0, OUT);
    const fd = s.u32(OUT);
    s.send(client.data, 'last');
    await until(s, () => s.net.readiness(fd, 'read')?.ready === true);
    client.reset.postMessage({ t: 'rst' });
    await until(s, () => s.net.readiness(fd, 'read')?.hangup === true);
    s.put('more');
    expect(s.calls.fdWrite(fd, IOVEC, 1, OUT2)).to.equal(Errno.CONNRESET);
    s.room(100);
    expect(s.calls.fdRead(fd, IOVEC, 1, OUT)).to.equal(Errno.SUCCESS);
    expect(s.text(s.u32(OUT))).to.equal('last');
    expect(s.calls.fdRead(fd, IOVEC, 1, OUT)).to.equal(Errno.CONNRESET);
    expect(s.calls.sock_shutdown(fd, SHUT_WR)).to.equal(Errno.NOTCONN);
  });

  it('stops listening when the listener is closed: its backlog is reset, later connections refused', async () => {
    const s = setup();
    s.net.preopen([80]);
    const waiting = s.incoming(80, 600);
    await waiting.got(1);
    s.close(3);
    await waiting.got(2);
    expect(waiting.received[1]).to.deep.equal({ t: 'rst' });
    const late = s.incoming(80, 601);
    await late.got(1);
    expect(late.received).to.deep.equal([{ t: 'refused' }]);
    expect(s.requests).to.deep.equal([
      { type: 'closed', id: 600, incoming: true },
      { type: 'closed', id: 601, incoming: true },
    ]);

    // Listening again on the port (still routed here) needs no request to the node.
    const listen = playgroundNetCalls(s.net, () => s.memory).listen(80, OUT);
    expect(listen).to.equal(Errno.SUCCESS);
    expect(s.u32(OUT)).to.equal(3);
    expect(s.requests).to.have.length(2);
  });

  it('ends every connection at program end: fin for accepted ones, rst for the backlog', async () => {
    const s = setup();
    s.net.preopen([80]);
    const accepted = s.incoming(80, 700);
    s.calls.sock_accept(3, 0, OUT);
    const queued = s.incoming(80, 701);
    await Promise.all([accepted.got(1), queued.got(1)]);
    s.net.end();
    await Promise.all([accepted.got(2), queued.got(2)]);
    expect(accepted.received[1]).to.deep.equal({ t: 'fin' });
    expect(queued.received[1]).to.deep.equal({ t: 'rst' });
    expect(s.requests.map((r) => r.type === 'closed' && r.id).sort()).to.deep.equal([700, 701]);
    const late = s.incoming(80, 702);
    await late.got(1);
    expect(late.received).to.deep.equal([{ t: 'refused' }]);
  });
});

describe('playground_net calls', () => {
  const HOST = 512;
  const writeHost = (memory: WebAssembly.Memory, host: string) => {
    const bytes = new TextEncoder().encode(host);
    new Uint8Array(memory.buffer).set(bytes, HOST);
    return bytes.byteLength;
  };

  it('fail with NOTSUP when the container has no network', async () => {
    const s = setup({ network: false });
    const calls = playgroundNetCalls(s.net, () => s.memory);
    const len = writeHost(s.memory, 'web');
    expect(await calls.listen(80, OUT)).to.equal(Errno.NOTSUP);
    expect(await calls.connect(HOST, len, 80, OUT)).to.equal(Errno.NOTSUP);
    expect(await calls.resolve(HOST, len, BUF, 64, OUT, BUF + 64, 4, OUT2)).to.equal(Errno.NOTSUP);
  });

  it('listen asks the node and answers with its errno', async () => {
    const s = setup();
    const calls = playgroundNetCalls(s.net, () => s.memory);
    const taken = calls.listen(8080, OUT);
    expect(s.requests).to.deep.equal([{ type: 'listen', id: 1, port: 8080 }]);
    s.net.deliver({ type: 'listen-result', id: 1, errno: Errno.ADDRINUSE });
    expect(await taken).to.equal(Errno.ADDRINUSE);
    const free = calls.listen(8081, OUT);
    s.net.deliver({ type: 'listen-result', id: 2, errno: 0 });
    expect(await free).to.equal(Errno.SUCCESS);
    expect(s.u32(OUT)).to.equal(3);
    expect(await calls.listen(0, OUT)).to.equal(Errno.INVAL);
  });

  it('connect: ctl and ok give a descriptor whose reads see the server side’s rst', async () => {
    const s = setup();
    const calls = playgroundNetCalls(s.net, () => s.memory);
    const connecting = calls.connect(HOST, writeHost(s.memory, 'web.default'), 80, OUT);
    const request = s.requests[0];
    if (request.type !== 'connect') throw new Error('expected a connect request');
    expect(request).to.include({ host: 'web.default', port: 80 });
    const serverReset = new MessageChannel();
    request.data.postMessage({ t: 'ctl', port: serverReset.port2 }, [serverReset.port2]);
    request.data.postMessage({
      t: 'ok',
      peer: { ip: '10.96.0.3', port: 80 },
      local: { ip: '10.244.0.9', port: 41000 },
    });
    expect(await connecting).to.equal(Errno.SUCCESS);
    const fd = s.u32(OUT);
    expect(fd).to.equal(3);
    s.room(10);
    const reading = s.calls.fdRead(fd, IOVEC, 1, OUT2);
    serverReset.port1.postMessage({ t: 'rst' });
    expect(await reading).to.equal(Errno.CONNRESET);
    s.close(fd);
    expect(s.requests.at(-1)).to.deep.equal({ type: 'closed', id: request.id, incoming: false });
  });

  it('connect: refused, an error’s errno, or TIMEDOUT when nothing answers; each reported closed', async () => {
    const s = setup({ connectTimeoutMs: 30 });
    const calls = playgroundNetCalls(s.net, () => s.memory);
    const len = writeHost(s.memory, '10.244.3.3');
    const answer = (message: DataMessage | undefined) => {
      const result = calls.connect(HOST, len, 80, OUT);
      const request = s.requests.at(-1);
      if (request?.type !== 'connect') throw new Error('expected a connect request');
      if (message) request.data.postMessage(message);
      return result;
    };
    expect(await answer({ t: 'refused' })).to.equal(Errno.CONNREFUSED);
    expect(await answer({ t: 'error', errno: Errno.NOENT, message: 'no such host' })).to.equal(
      Errno.NOENT,
    );
    expect(await answer(undefined)).to.equal(Errno.TIMEDOUT);
    expect(s.requests.filter((r) => r.type === 'closed')).to.have.length(3);
  });

  it('resolve writes the canonical name and the IPv4 addresses that fit', async () => {
    const s = setup();
    const calls = playgroundNetCalls(s.net, () => s.memory);
    const resolving = calls.resolve(
      HOST,
      writeHost(s.memory, 'web'),
      BUF,
      64,
      OUT,
      BUF + 64,
      2,
      OUT2,
    );
    s.net.deliver({
      type: 'resolved',
      id: 1,
      errno: 0,
      canonicalName: 'web.default.svc.cluster.local',
      addresses: ['10.96.0.12', '10.96.0.13', '10.96.0.14'],
    });
    expect(await resolving).to.equal(Errno.SUCCESS);
    expect(s.text(s.u32(OUT))).to.equal('web.default.svc.cluster.local');
    expect(s.u32(OUT2)).to.equal(2);
    expect([...new Uint8Array(s.memory.buffer, BUF + 64, 8)]).to.deep.equal([
      10, 96, 0, 12, 10, 96, 0, 13,
    ]);
    const missing = calls.resolve(HOST, 3, BUF, 64, OUT, BUF + 64, 2, OUT2);
    s.net.deliver({
      type: 'resolved',
      id: 2,
      errno: Errno.NOENT,
      canonicalName: '',
      addresses: [],
    });
    expect(await missing).to.equal(Errno.NOENT);
  });
});

describe('poll_oneoff on sockets', () => {
  const SUBS = 1024;
  const EVENTS = 2048;
  const NEVENTS = 4000;
  const subscribe = (
    memory: WebAssembly.Memory,
    subs: ({ fd: number; type: 1 | 2 } | { clockMs: number })[],
  ) => {
    const view = new DataView(memory.buffer);
    subs.forEach((sub, i) => {
      const at = SUBS + i * 48;
      view.setBigUint64(at, BigInt(i + 1), true);
      if ('fd' in sub) {
        view.setUint8(at + 8, sub.type);
        view.setUint32(at + 16, sub.fd, true);
      } else {
        view.setUint8(at + 8, 0);
        view.setUint32(at + 16, 1, true);
        view.setBigUint64(at + 24, BigInt(sub.clockMs * 1e6), true);
        view.setUint16(at + 40, 0, true);
      }
    });
  };
  const events = (memory: WebAssembly.Memory) => {
    const view = new DataView(memory.buffer);
    return Array.from({ length: view.getUint32(NEVENTS, true) }, (_, i) => ({
      userdata: Number(view.getBigUint64(EVENTS + i * 32, true)),
      error: view.getUint16(EVENTS + i * 32 + 8, true),
      type: view.getUint8(EVENTS + i * 32 + 10),
      nbytes: Number(view.getBigUint64(EVENTS + i * 32 + 16, true)),
      hangup: view.getUint16(EVENTS + i * 32 + 24, true) === 1,
    }));
  };
  const pollOn = (s: ReturnType<typeof setup>) =>
    pollOneoff({
      memory: () => s.memory,
      isOpen: (fd) => s.net.isOpen(fd),
      atEof: () => false,
      readiness: (fd, type) => s.net.readiness(fd, type),
      changed: () => s.net.signal.next(),
    });

  it('wakes a poll on a listener and a long clock as soon as a connection comes', async () => {
    const s = setup();
    s.net.preopen([80]);
    subscribe(s.memory, [{ fd: 3, type: 1 }, { clockMs: 60_000 }]);
    const begun = performance.now();
    const result = pollOn(s)(SUBS, EVENTS, 2, NEVENTS);
    expect(result).to.be.instanceOf(Promise);
    s.incoming(80);
    expect(await result).to.equal(Errno.SUCCESS);
    expect(performance.now() - begun).to.be.below(5_000);
    expect(events(s.memory)).to.deep.equal([
      { userdata: 1, error: 0, type: 1, nbytes: 1, hangup: false },
    ]);
  });

  it('keeps waiting through changes that leave its descriptors unready, then reports every ready one in order', async () => {
    const s = setup();
    s.net.preopen([80]);
    const first = s.incoming(80);
    const second = s.incoming(80, 501);
    s.calls.sock_accept(3, 0, OUT);
    const a = s.u32(OUT);
    s.calls.sock_accept(3, 0, OUT);
    const b = s.u32(OUT);
    const third = s.incoming(80, 502);
    s.calls.sock_accept(3, 0, OUT);
    const c = s.u32(OUT);
    const other = s.incoming(80, 503);
    // userdata 1..4: reads on a, b, c and a long clock.
    subscribe(s.memory, [
      { fd: a, type: 1 },
      { fd: b, type: 1 },
      { fd: c, type: 1 },
      { clockMs: 60_000 },
    ]);
    const begun = performance.now();
    let settled = false;
    const result = pollOn(s)(SUBS, EVENTS, 4, NEVENTS);
    expect(result).to.be.instanceOf(Promise);
    void (result as Promise<number>).then(() => (settled = true));
    // Bytes on a socket nobody polls wake the poll, which finds nothing ready and waits on.
    s.send(other.data, 'x');
    await s.settled();
    await Promise.resolve();
    expect(settled).to.equal(false);
    // Bytes for c and a in one burst: both reported, in subscription order.
    s.send(third.data, 'cc');
    s.send(first.data, 'a');
    await until(s, () => s.net.readiness(a, 'read')?.ready === true);
    await until(s, () => s.net.readiness(c, 'read')?.ready === true);
    expect(await result).to.equal(Errno.SUCCESS);
    expect(performance.now() - begun).to.be.below(5_000);
    const ready = events(s.memory).map((e) => [e.userdata, e.nbytes]);
    // Woken by the first bytes to come; the others may have come with them or not yet.
    expect([
      [[1, 1]],
      [[3, 2]],
      [
        [1, 1],
        [3, 2],
      ],
    ]).to.deep.include(ready);
    second.data.close();
    other.data.close();
  });

  it('reports a connection readable with hangup after fin, writable at once, and the clock when due', async () => {
    const s = setup();
    s.net.preopen([80]);
    const client = s.incoming(80);
    s.calls.sock_accept(3, 0, OUT);
    const fd = s.u32(OUT);
    const poll = pollOn(s);

    subscribe(s.memory, [
      { fd, type: 1 },
      { fd, type: 2 },
    ]);
    expect(poll(SUBS, EVENTS, 2, NEVENTS)).to.equal(Errno.SUCCESS);
    expect(events(s.memory).map((e) => e.type)).to.deep.equal([2]);

    subscribe(s.memory, [{ fd, type: 1 }, { clockMs: 20 }]);
    expect(await poll(SUBS, EVENTS, 2, NEVENTS)).to.equal(Errno.SUCCESS);
    expect(events(s.memory).map((e) => e.userdata)).to.deep.equal([2]);

    subscribe(s.memory, [{ fd, type: 1 }]);
    const waiting = poll(SUBS, EVENTS, 1, NEVENTS);
    s.send(client.data, 'abc');
    client.data.postMessage({ t: 'fin' });
    expect(await waiting).to.equal(Errno.SUCCESS);
    // Woken by the bytes; the fin may have come with them or not yet.
    expect(events(s.memory)[0]).to.include({ userdata: 1, error: 0, nbytes: 3 });
    await until(s, () => s.net.readiness(fd, 'read')?.hangup === true);
    expect(poll(SUBS, EVENTS, 1, NEVENTS)).to.equal(Errno.SUCCESS);
    expect(events(s.memory)[0]).to.include({ nbytes: 3, hangup: true });
  });
});
