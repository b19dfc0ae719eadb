import {
  ConsoleStdout,
  Fd,
  File,
  OpenFile,
  PreopenDirectory,
  WASI,
  wasi,
  type Inode,
} from '@bjorn3/browser_wasi_shim';
import { Errno } from '../../src/workers/net/protocol.ts';
import { Stop } from './run-wasi.ts';

// A synchronous, in-memory stand-in for the playground's network, to run a network program's
// WASI module under test: `playground_net.listen` gives listeners whose backlog the test
// scripts, `connect` reaches peers the test scripts, `resolve` answers from a table, and the
// WASI socket calls (sock_accept/recv/send/shutdown, fd_read/fd_write/fd_close, poll_oneoff)
// work on those sockets. Time is virtual: it moves only when the program waits (poll_oneoff,
// a blocking accept or recv) for something the script has scheduled later, so runs are
// deterministic and instant. A program that would wait with nothing left to come is stopped.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytesOf = (data: string | Uint8Array): Uint8Array =>
  typeof data === 'string' ? encoder.encode(data) : data;

const SUBSCRIPTION_SIZE = 48;
const EVENT_SIZE = 32;
const SUBCLOCKFLAGS_ABSTIME = 1;
const SDFLAGS_WR = 2;
const RIFLAGS_RECV_PEEK = 1;

const modules = new Map<string, Promise<WebAssembly.Module>>();

/** The compiled module of a built-in image, built by `npm run build:images` into dist/images. */
export function imageModule(name: string): Promise<WebAssembly.Module> {
  let module = modules.get(name);
  if (!module) {
    module = fetch(`/dist/images/${name}.wasm`).then(async (response) => {
      if (!response.ok) throw new Error(`dist/images/${name}.wasm: run npm run build:images`);
      return WebAssembly.compile(await response.arrayBuffer());
    });
    modules.set(name, module);
  }
  return module;
}

/** Thrown to end a run; `message` says why (the program blocked forever, a limit...). */
export class NetStop extends Stop {}

interface Arrival {
  at: number;
  data?: Uint8Array;
  fin?: boolean;
  rst?: boolean;
}

/** The run's network and clock, shared by its sockets. */
class Net {
  /** Virtual milliseconds since the start of the run. */
  now = 0;

  constructor(readonly timeLimit: number) {}

  /** Moves time to `at` (the next thing the program waits for), or stops the run. */
  advanceTo(at: number | undefined, waiting: string): void {
    if (at === undefined) throw new NetStop(`${waiting}: nothing more will come`);
    if (at > this.timeLimit) throw new NetStop(`${waiting}: past the time limit`);
    if (at > this.now) this.now = at;
  }
}

/**
 * One connection end held by the program. What it receives is scheduled by the test (or a
 * scripted peer); what it sends is recorded in `sent`.
 */
export class NetSocket extends Fd {
  private readonly arrivals: Arrival[] = [];
  private readonly sentChunks: Uint8Array[] = [];
  /** The far end's `fin` has been read: further reads return 0 (end of stream). */
  private ended = false;
  private wasReset = false;
  /** The program shut down its sending side (shutdown(SHUT_WR) or close). */
  finished = false;
  /** The program closed its descriptor. */
  closed = false;
  private nonblocking = false;
  /** Called with each chunk the program sends (a scripted peer answers through deliver). */
  onSend?: (text: string, socket: NetSocket) => void;
  /** Called once when the program finishes sending (shutdown(SHUT_WR) or close). */
  onFinish?: (socket: NetSocket) => void;

  constructor(
    private readonly net: Net,
    /** The far end: the host the program connected to, or the scripted client. */
    readonly host: string,
    readonly port: number,
  ) {
    super();
  }

  /** Everything the program has sent, as text. */
  get sent(): string {
    let text = '';
    for (const chunk of this.sentChunks) text += decoder.decode(chunk, { stream: true });
    return text + decoder.decode();
  }

  /** Schedules bytes for the program to receive `delayMs` from now (after earlier arrivals). */
  deliver(data: string | Uint8Array, delayMs = 0): this {
    this.schedule({ at: this.net.now + delayMs, data: bytesOf(data) });
    return this;
  }

  /** Schedules the end of the stream (the far end's shutdown/close). */
  end(delayMs = 0): this {
    this.schedule({ at: this.net.now + delayMs, fin: true });
    return this;
  }

  /** Schedules a reset: the program's reads and writes then fail with ECONNRESET. */
  reset(delayMs = 0): this {
    this.schedule({ at: this.net.now + delayMs, rst: true });
    return this;
  }

  /** Schedules an arrival at an absolute virtual time. */
  schedule(arrival: Arrival): void {
    const last = this.arrivals.at(-1);
    if (last && arrival.at < last.at) arrival.at = last.at;
    this.arrivals.push(arrival);
  }

  /** Whether a read would return at once (data, end of stream or an error). */
  readable(): boolean {
    if (this.ended || this.wasReset || this.closed) return true;
    const first = this.arrivals[0];
    return first !== undefined && first.at <= this.net.now;
  }

  /** When the next arrival comes, if one is scheduled. */
  nextArrival(): number | undefined {
    return this.arrivals[0]?.at;
  }

  /** Bytes ready to read now. */
  available(): number {
    let n = 0;
    for (const a of this.arrivals) {
      if (a.at > this.net.now) break;
      if (a.data) n += a.data.length;
    }
    return n;
  }

  hangup(): boolean {
    return this.ended || this.arrivals.some((a) => a.at <= this.net.now && a.fin);
  }

  /** recv(): blocks (moving time on) until something arrives; 0 bytes at the end of stream. */
  recv(max: number, peek = false): { errno: number; data: Uint8Array } {
    if (this.closed) return { errno: Errno.BADF, data: new Uint8Array() };
    while (!this.readable()) {
      if (this.nonblocking) return { errno: Errno.AGAIN, data: new Uint8Array() };
      this.net.advanceTo(this.nextArrival(), `recv from ${this.host}:${this.port}`);
    }
    if (this.wasReset) return { errno: Errno.CONNRESET, data: new Uint8Array() };
    const out: number[] = [];
    let index = 0;
    while (out.length < max && index < this.arrivals.length) {
      const first = this.arrivals[index];
      if (first.at > this.net.now) break;
      if (first.rst) {
        if (out.length > 0) break;
        this.wasReset = true;
        this.arrivals.length = 0;
        return { errno: Errno.CONNRESET, data: new Uint8Array() };
      }
      if (first.fin) {
        if (out.length === 0 && !peek) {
          this.ended = true;
          this.arrivals.splice(index, 1);
        }
        break;
      }
      const data = first.data ?? new Uint8Array();
      const take = Math.min(max - out.length, data.length);
      out.push(...data.subarray(0, take));
      if (peek) index++;
      else if (take === data.length) this.arrivals.splice(index, 1);
      else first.data = data.subarray(take);
    }
    return { errno: Errno.SUCCESS, data: Uint8Array.from(out) };
  }

  send(data: Uint8Array): number {
    if (this.closed) return Errno.BADF;
    if (this.wasReset) return Errno.CONNRESET;
    if (this.finished) return Errno.PIPE;
    this.sentChunks.push(data.slice());
    this.onSend?.(decoder.decode(data), this);
    return Errno.SUCCESS;
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.onFinish?.(this);
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    const { errno, data } = this.recv(size);
    return { ret: errno, data };
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    const ret = this.send(data);
    return { ret, nwritten: ret === Errno.SUCCESS ? data.length : 0 };
  }

  // Not a preopened directory: wasi-libc scans descriptors from 3 with fd_prestat_get until
  // BADF (close() does), and any other answer makes it exit with 71.
  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } {
    return { ret: Errno.BADF, prestat: null };
  }

  override fd_close(): number {
    this.finish();
    this.closed = true;
    return Errno.SUCCESS;
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const flags = this.nonblocking ? wasi.FDFLAGS_NONBLOCK : 0;
    return { ret: 0, fdstat: new wasi.Fdstat(wasi.FILETYPE_SOCKET_STREAM, flags) };
  }

  override fd_fdstat_set_flags(flags: number): number {
    this.nonblocking = (flags & wasi.FDFLAGS_NONBLOCK) !== 0;
    return Errno.SUCCESS;
  }
}

/** A listening socket: its backlog holds the scripted connections, each arriving `at`. */
export class NetListener extends Fd {
  readonly backlog: { at: number; socket: NetSocket }[] = [];
  closed = false;
  private nonblocking = false;

  constructor(
    private readonly net: Net,
    readonly port: number,
  ) {
    super();
  }

  readable(): boolean {
    const first = this.backlog[0];
    return first !== undefined && first.at <= this.net.now;
  }

  nextArrival(): number | undefined {
    return this.backlog[0]?.at;
  }

  accept(): { errno: number; socket?: NetSocket } {
    while (!this.readable()) {
      if (this.nonblocking) return { errno: Errno.AGAIN };
      this.net.advanceTo(this.nextArrival(), `accept on port ${this.port}`);
    }
    return { errno: Errno.SUCCESS, socket: this.backlog.shift()?.socket };
  }

  // Not a preopened directory: wasi-libc scans descriptors from 3 with fd_prestat_get until
  // BADF (close() does), and any other answer makes it exit with 71.
  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } {
    return { ret: Errno.BADF, prestat: null };
  }

  override fd_close(): number {
    this.closed = true;
    return Errno.SUCCESS;
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const flags = this.nonblocking ? wasi.FDFLAGS_NONBLOCK : 0;
    return { ret: 0, fdstat: new wasi.Fdstat(wasi.FILETYPE_SOCKET_STREAM, flags) };
  }

  override fd_fdstat_set_flags(flags: number): number {
    this.nonblocking = (flags & wasi.FDFLAGS_NONBLOCK) !== 0;
    return Errno.SUCCESS;
  }
}

/** A client connection the test puts in a listener's backlog. */
export interface IncomingConnection {
  /** When it arrives in the backlog (virtual ms); 0 by default. */
  at?: number;
  /** What the client sends, at arrival or each chunk at its own time. */
  send?: string | (string | { at: number; data: string })[];
  /** Whether the client then ends its side (EOF); true by default. */
  end?: boolean;
  /** The client's address, for the test's own bookkeeping. */
  from?: string;
}

/** A DNS answer: the addresses, or the canonical name too. */
export type DnsRecord = string[] | { name: string; addresses: string[] };

export interface NetRunOptions {
  args?: string[];
  /** argv[0], the name the program is called by (`main` by default). */
  argv0?: string;
  env?: Record<string, string>;
  /** What the program reads on stdin. */
  stdin?: string;
  /** Preopened directories, by guest path; the maps are the live directory contents. */
  dirs?: Record<string, Map<string, Inode>>;
  /** Connections waiting on each port's listener (opened with net_listen or preopened). */
  incoming?: Record<number, IncomingConnection[]>;
  /** Ports whose listeners are preopened (LISTEN_FDS...), in order, after the directories. */
  preopenedListeners?: number[];
  /** Errnos that net_listen gives for some ports (ADDRINUSE...). */
  listenErrors?: Record<number, number>;
  /** The cluster DNS: name → answer. Unknown names give ENOENT. */
  dns?: Record<string, DnsRecord>;
  /**
   * Answers the program's connect(host, port): script the socket (onSend, deliver...) and
   * return nothing to accept it, or return an errno (CONNREFUSED...) to refuse it. Without
   * this, every connection is refused.
   */
  connect?: (host: string, port: number, socket: NetSocket) => number | void;
  /** How many pure sleeps (poll_oneoff with only a clock) the program may take. */
  sleeps?: number;
  /** Stops the program once it has printed this many stdout lines. */
  lines?: number;
  /** Stops the program when it would wait past this virtual time (ms); 10 minutes by default. */
  timeLimit?: number;
  /** The wall clock at virtual time 0 (ms since the epoch). */
  epoch?: number;
}

export interface NetRunResult {
  /** The exit code, or null when the program trapped or was stopped. */
  exitCode: number | null;
  stopped: boolean;
  /** Why the run was stopped (blocked for good, limits...). */
  stopReason?: string;
  /** What ended the run when it was neither an exit nor a stop (a trap, for instance). */
  error: unknown;
  stdout: string[];
  stderr: string[];
  /** Every pure sleep's duration, in ms. */
  sleeps: number[];
  /** Virtual time at the end, in ms. */
  elapsed: number;
  /** The scripted client connections, by port, in the order given. */
  incoming: Record<number, NetSocket[]>;
  /** Ports the program listened on with net_listen, in order. */
  listened: number[];
  /** Every connect the program made, with its socket when it was accepted. */
  connects: { host: string; port: number; errno: number; socket?: NetSocket }[];
  /** Every name the program resolved. */
  resolved: string[];
}

function scriptIncoming(net: Net, port: number, c: IncomingConnection): NetSocket {
  const at = c.at ?? 0;
  const socket = new NetSocket(net, c.from ?? '10.244.0.1', 40000 + port);
  const chunks = typeof c.send === 'string' ? [c.send] : (c.send ?? []);
  for (const chunk of chunks) {
    if (typeof chunk === 'string') socket.schedule({ at, data: encoder.encode(chunk) });
    else socket.schedule({ at: chunk.at, data: encoder.encode(chunk.data) });
  }
  if (c.end ?? true) socket.schedule({ at, fin: true });
  return socket;
}

/**
 * Runs a WASI command module against the in-memory network until it exits, traps, or would
 * wait with nothing left to come (or past a limit), and reports what it printed and sent.
 */
export function runNet(module: WebAssembly.Module, options: NetRunOptions = {}): NetRunResult {
  const net = new Net(options.timeLimit ?? 600_000);
  const epochNs = BigInt(options.epoch ?? Date.UTC(2026, 0, 1)) * 1_000_000n;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const sleeps: number[] = [];
  const result: NetRunResult = {
    exitCode: null,
    stopped: false,
    error: undefined,
    stdout,
    stderr,
    sleeps,
    elapsed: 0,
    incoming: {},
    listened: [],
    connects: [],
    resolved: [],
  };
  for (const [port, list] of Object.entries(options.incoming ?? {})) {
    result.incoming[Number(port)] = list.map((c) => scriptIncoming(net, Number(port), c));
  }

  const fds: Fd[] = [
    new OpenFile(new File(encoder.encode(options.stdin ?? ''))),
    ConsoleStdout.lineBuffered((line) => {
      stdout.push(line);
      if (options.lines !== undefined && stdout.length >= options.lines) {
        throw new NetStop(`printed ${options.lines} lines`);
      }
    }),
    ConsoleStdout.lineBuffered((line) => stderr.push(line)),
  ];
  for (const [path, contents] of Object.entries(options.dirs ?? {})) {
    fds.push(new PreopenDirectory(path, contents));
  }
  const env = { ...options.env };
  const listeners = new Map<number, NetListener>();
  const listenerFor = (port: number): NetListener => {
    const listener = new NetListener(net, port);
    (result.incoming[port] ?? []).forEach((socket, i) => {
      const at = (options.incoming?.[port]?.[i].at ?? 0) as number;
      listener.backlog.push({ at, socket });
    });
    listener.backlog.sort((a, b) => a.at - b.at);
    listeners.set(port, listener);
    return listener;
  };
  if (options.preopenedListeners?.length) {
    env.LISTEN_FDS = String(options.preopenedListeners.length);
    env.LISTEN_FDS_START = String(fds.length);
    env.LISTEN_PORTS = options.preopenedListeners.join(',');
    for (const port of options.preopenedListeners) fds.push(listenerFor(port));
  }

  const shim = new WASI(
    [options.argv0 ?? 'main', ...(options.args ?? [])],
    Object.entries(env).map(([name, value]) => `${name}=${value}`),
    fds,
    { debug: false },
  );
  // The shim knows the instance from start() on, before any import can be called.
  const view = () => new DataView(shim.inst.exports.memory.buffer);
  const bytes = () => new Uint8Array(shim.inst.exports.memory.buffer);
  const text = (ptr: number, len: number) => decoder.decode(bytes().slice(ptr, ptr + len));
  const addFd = (fd: Fd): number => {
    shim.fds.push(fd);
    return shim.fds.length - 1;
  };
  const socketAt = (fd: number): NetSocket | undefined =>
    shim.fds[fd] instanceof NetSocket ? (shim.fds[fd] as NetSocket) : undefined;

  const playgroundNet = {
    listen(port: number, fdPtr: number): number {
      const refused = options.listenErrors?.[port];
      if (refused !== undefined) return refused;
      if (listeners.has(port)) return Errno.ADDRINUSE;
      result.listened.push(port);
      view().setInt32(fdPtr, addFd(listenerFor(port)), true);
      return Errno.SUCCESS;
    },
    connect(hostPtr: number, hostLen: number, port: number, fdPtr: number): number {
      const host = text(hostPtr, hostLen);
      const socket = new NetSocket(net, host, port);
      const errno = options.connect
        ? (options.connect(host, port, socket) ?? Errno.SUCCESS)
        : Errno.CONNREFUSED;
      if (errno !== Errno.SUCCESS) {
        result.connects.push({ host, port, errno });
        return errno;
      }
      result.connects.push({ host, port, errno, socket });
      view().setInt32(fdPtr, addFd(socket), true);
      return Errno.SUCCESS;
    },
    resolve(
      hostPtr: number,
      hostLen: number,
      namePtr: number,
      nameCap: number,
      nameLenPtr: number,
      addrsPtr: number,
      addrCap: number,
      countPtr: number,
    ): number {
      const host = text(hostPtr, hostLen);
      result.resolved.push(host);
      const record = options.dns?.[host];
      if (!record) return Errno.NOENT;
      const { name, addresses } = Array.isArray(record)
        ? { name: host, addresses: record }
        : record;
      const encoded = encoder.encode(name).subarray(0, nameCap);
      bytes().set(encoded, namePtr);
      view().setUint32(nameLenPtr, encoded.length, true);
      const count = Math.min(addrCap, addresses.length);
      for (let i = 0; i < count; i++) {
        bytes().set(addresses[i].split('.').map(Number), addrsPtr + 4 * i);
      }
      view().setUint32(countPtr, count, true);
      return Errno.SUCCESS;
    },
  };

  const iovecs = (ptr: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      buf: view().getUint32(ptr + 8 * i, true),
      len: view().getUint32(ptr + 8 * i + 4, true),
    }));

  const sockets = {
    sock_accept(fd: number, flags: number, fdPtr: number): number {
      const listener = shim.fds[fd];
      if (!(listener instanceof NetListener)) return listener ? Errno.NOTSOCK : Errno.BADF;
      const { errno, socket } = listener.accept();
      if (errno !== Errno.SUCCESS || !socket) return errno;
      if (flags & wasi.FDFLAGS_NONBLOCK) socket.fd_fdstat_set_flags(wasi.FDFLAGS_NONBLOCK);
      view().setInt32(fdPtr, addFd(socket), true);
      return Errno.SUCCESS;
    },
    sock_recv(
      fd: number,
      iovsPtr: number,
      iovsLen: number,
      riFlags: number,
      lenPtr: number,
      flagsPtr: number,
    ): number {
      const socket = socketAt(fd);
      if (!socket) return shim.fds[fd] ? Errno.NOTSOCK : Errno.BADF;
      const list = iovecs(iovsPtr, iovsLen);
      const total = list.reduce((n, v) => n + v.len, 0);
      const { errno, data } = socket.recv(total, (riFlags & RIFLAGS_RECV_PEEK) !== 0);
      if (errno !== Errno.SUCCESS) return errno;
      let offset = 0;
      for (const v of list) {
        const part = data.subarray(offset, offset + v.len);
        bytes().set(part, v.buf);
        offset += part.length;
      }
      view().setUint32(lenPtr, data.length, true);
      view().setUint16(flagsPtr, 0, true);
      return Errno.SUCCESS;
    },
    sock_send(fd: number, iovsPtr: number, iovsLen: number, _flags: number, lenPtr: number) {
      const socket = socketAt(fd);
      if (!socket) return shim.fds[fd] ? Errno.NOTSOCK : Errno.BADF;
      const parts = iovecs(iovsPtr, iovsLen).map((v) => bytes().slice(v.buf, v.buf + v.len));
      const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let offset = 0;
      for (const p of parts) {
        data.set(p, offset);
        offset += p.length;
      }
      const errno = socket.send(data);
      if (errno !== Errno.SUCCESS) return errno;
      view().setUint32(lenPtr, data.length, true);
      return Errno.SUCCESS;
    },
    sock_shutdown(fd: number, how: number): number {
      const socket = socketAt(fd);
      if (!socket) return shim.fds[fd] ? Errno.NOTSOCK : Errno.BADF;
      if (how & SDFLAGS_WR) socket.finish();
      return Errno.SUCCESS;
    },
  };

  const clockTimeGet = (id: number, _precision: bigint, timePtr: number): number => {
    const ns = BigInt(Math.round(net.now * 1e6));
    view().setBigUint64(timePtr, id === wasi.CLOCKID_REALTIME ? epochNs + ns : ns, true);
    return Errno.SUCCESS;
  };

  const pollOneoff = (inPtr: number, outPtr: number, count: number, countPtr: number): number => {
    if (count === 0) return Errno.INVAL;
    const subs = Array.from({ length: count }, (_, i) => {
      const base = inPtr + i * SUBSCRIPTION_SIZE;
      const v = view();
      const type = v.getUint8(base + 8);
      const sub = { userdata: v.getBigUint64(base, true), type, fd: -1, deadline: Infinity };
      if (type === wasi.EVENTTYPE_CLOCK) {
        const clock = v.getUint32(base + 16, true);
        const timeout = Number(v.getBigUint64(base + 24, true)) / 1e6;
        const absolute = (v.getUint16(base + 40, true) & SUBCLOCKFLAGS_ABSTIME) !== 0;
        const offset = clock === wasi.CLOCKID_REALTIME ? Number(epochNs / 1_000_000n) : 0;
        sub.deadline = absolute ? timeout - offset : net.now + timeout;
      } else {
        sub.fd = v.getUint32(base + 16, true);
      }
      return sub;
    });
    const fdSubs = subs.filter((s) => s.type !== wasi.EVENTTYPE_CLOCK);
    if (fdSubs.length === 0) {
      const deadline = Math.min(...subs.map((s) => s.deadline));
      sleeps.push(Math.max(0, deadline - net.now));
      if (sleeps.length > (options.sleeps ?? Infinity)) throw new NetStop('sleep limit');
    }
    for (;;) {
      const events: { userdata: bigint; type: number; errno: number; n: number; hup: boolean }[] =
        [];
      let next: number | undefined;
      const soonest = (at: number | undefined) => {
        if (at !== undefined && (next === undefined || at < next)) next = at;
      };
      for (const s of subs) {
        if (s.type === wasi.EVENTTYPE_CLOCK) {
          if (s.deadline <= net.now) events.push({ ...s, errno: 0, n: 0, hup: false });
          else soonest(s.deadline);
          continue;
        }
        const fd = shim.fds[s.fd];
        const event = { userdata: s.userdata, type: s.type, errno: 0, n: 0, hup: false };
        if (!fd) events.push({ ...event, errno: Errno.BADF });
        else if (fd instanceof NetSocket) {
          if (s.type === wasi.EVENTTYPE_FD_WRITE) events.push(event);
          else if (fd.readable()) {
            events.push({ ...event, n: fd.available(), hup: fd.hangup() });
          } else soonest(fd.nextArrival());
        } else if (fd instanceof NetListener) {
          if (fd.readable()) events.push({ ...event, n: 1 });
          else soonest(fd.nextArrival());
        } else events.push(event);
      }
      if (events.length > 0) {
        const v = view();
        events.forEach((e, i) => {
          const base = outPtr + i * EVENT_SIZE;
          v.setBigUint64(base, e.userdata, true);
          v.setUint16(base + 8, e.errno, true);
          v.setUint8(base + 10, e.type);
          v.setBigUint64(base + 16, BigInt(e.n), true);
          v.setUint16(base + 24, e.hup ? wasi.EVENTRWFLAGS_FD_READWRITE_HANGUP : 0, true);
        });
        v.setUint32(countPtr, events.length, true);
        return Errno.SUCCESS;
      }
      net.advanceTo(next, 'poll');
    }
  };

  const instance = new WebAssembly.Instance(module, {
    wasi_snapshot_preview1: {
      ...shim.wasiImport,
      ...sockets,
      clock_time_get: clockTimeGet,
      poll_oneoff: pollOneoff,
    },
    playground_net: playgroundNet,
  });
  const exports = instance.exports as { memory: WebAssembly.Memory; _start: () => unknown };
  try {
    result.exitCode = shim.start({ exports });
  } catch (error) {
    if (error instanceof Stop) {
      result.stopped = true;
      result.stopReason = error.message;
    } else result.error = error;
  }
  result.elapsed = net.now;
  return result;
}
