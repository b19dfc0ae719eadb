import type { Fd } from '@bjorn3/browser_wasi_shim';
import {
  Errno,
  type ContainerNetRequest,
  type DataMessage,
  type NodeNetMessage,
} from '../../net/protocol.ts';
import { isBytes } from '../../net/post-bytes.ts';
import { ConnectionSocket, type SocketReadiness } from './connection-socket.ts';
import { Listener, ListenerSocket } from './listener-socket.ts';
import type { SocketFd } from './socket-fd.ts';
import { WakeSignal } from './wake-signal.ts';

/** How long connect() waits for its answer, in real time: a dropped connection times out. */
export const CONNECT_TIMEOUT_MS = 20_000;

export interface ContainerNetOptions {
  /** The WASI descriptor table (the shim's `fds`): sockets take free slots in it. */
  fds: (Fd | undefined)[];
  /**
   * Posts a request to the node, transferring `transfer` (the ports in it). Absent when the
   * container has no network: listen, connect and resolve then fail with NOTSUP.
   */
  request?: (message: ContainerNetRequest, transfer: Transferable[]) => void;
  connectTimeoutMs?: number;
  /**
   * Numbers this container's requests to the node (1, 2, 3... by default). Several
   * ContainerNets of one container worker (a WAGI server and its handlers) share one
   * numbering, so that the node's answers can be given to all of them.
   */
  ids?: () => number;
}

export interface ResolveAnswer {
  errno: number;
  canonicalName: string;
  addresses: string[];
}

/**
 * A container's side of the virtual network: its listeners and connections as WASI
 * descriptors, its requests to the node (listen, connect, resolve, closed) and the node's
 * messages (answers and incoming connections). Ports the node listens on for the container
 * before it starts (the preopened listeners) and ports it listened on itself stay routed to
 * it; while no descriptor listens on one, its connections are refused here.
 */
export class ContainerNet {
  /** Notified at every change a blocked call or a poll may wait for. */
  readonly signal = new WakeSignal();
  private readonly fds: (Fd | undefined)[];
  private readonly post?: (message: ContainerNetRequest, transfer: Transferable[]) => void;
  private readonly connectTimeoutMs: number;
  private readonly listeners = new Map<number, Listener>();
  /** Ports the node routes to this container (listening on them needs no request). */
  private readonly routedPorts = new Set<number>();
  private readonly connections = new Set<ConnectionSocket>();
  /** Connects under way: each gives up (and reports `closed`) when called. */
  private readonly connecting = new Map<number, () => void>();
  private readonly listenWaits = new Map<number, (errno: number) => void>();
  private readonly resolveWaits = new Map<number, (answer: ResolveAnswer) => void>();
  private readonly nextId: () => number;
  private ended = false;

  constructor(options: ContainerNetOptions) {
    this.fds = options.fds;
    this.post = options.request;
    this.connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
    let next = 1;
    this.nextId = options.ids ?? (() => next++);
  }

  /**
   * Opens a listening descriptor on each of `ports`, which the node already routes to this
   * container, on the next descriptors; returns the environment that tells the program
   * (LISTEN_FDS, LISTEN_FDS_START, LISTEN_PORTS), empty when there are none.
   */
  preopen(ports: number[]): string[] {
    if (ports.length === 0) return [];
    let first = -1;
    for (const port of ports) {
      this.routedPorts.add(port);
      const fd = this.place(this.listenerOn(port).open(), this.fds.length);
      if (first < 0) first = fd;
    }
    return [
      `LISTEN_FDS=${ports.length}`,
      `LISTEN_FDS_START=${first}`,
      `LISTEN_PORTS=${ports.join(',')}`,
    ];
  }

  /** The socket open on `fd`, if it is one. */
  socket(fd: number): SocketFd | undefined {
    const entry = this.fds[fd];
    return entry instanceof ConnectionSocket || entry instanceof ListenerSocket ? entry : undefined;
  }

  /** True when `fd` is open (as a socket or anything else). */
  isOpen(fd: number): boolean {
    return this.fds[fd] !== undefined;
  }

  /** Whether the socket on `fd` is ready to read or write; undefined when `fd` is no socket. */
  readiness(fd: number, type: 'read' | 'write'): SocketReadiness | undefined {
    const socket = this.socket(fd);
    if (socket instanceof ListenerSocket) {
      return type === 'read' ? socket.readReadiness() : { ready: false };
    }
    if (socket instanceof ConnectionSocket) {
      return type === 'read' ? socket.readReadiness() : socket.writeReadiness();
    }
    return undefined;
  }

  /** Puts `socket` in the lowest free descriptor slot, as POSIX numbers descriptors. */
  place(socket: SocketFd, from = 0): number {
    let fd = from;
    while (fd < this.fds.length && this.fds[fd] !== undefined) fd++;
    this.fds[fd] = socket;
    return fd;
  }

  /** A message from the node. */
  deliver(message: NodeNetMessage): void {
    switch (message.type) {
      case 'listen-result': {
        const wait = this.listenWaits.get(message.id);
        this.listenWaits.delete(message.id);
        wait?.(message.errno);
        break;
      }
      case 'resolved': {
        const wait = this.resolveWaits.get(message.id);
        this.resolveWaits.delete(message.id);
        wait?.({
          errno: message.errno,
          canonicalName: message.canonicalName,
          addresses: message.addresses,
        });
        break;
      }
      case 'incoming':
        this.incoming(message);
        break;
    }
  }

  /**
   * A listening descriptor on `port`: shares this container's listener when one is open
   * there, else asks the node (ADDRINUSE when another container of the pod listens there).
   */
  listen(port: number): { errno: number; fd: number } | Promise<{ errno: number; fd: number }> {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { errno: Errno.INVAL, fd: -1 };
    if (this.listeners.has(port) || this.routedPorts.has(port)) {
      return { errno: Errno.SUCCESS, fd: this.place(this.listenerOn(port).open()) };
    }
    const post = this.post;
    if (!post) return { errno: Errno.NOTSUP, fd: -1 };
    const id = this.nextId();
    return new Promise((resolve) => {
      this.listenWaits.set(id, (errno) => {
        if (errno !== Errno.SUCCESS) {
          resolve({ errno, fd: -1 });
          return;
        }
        this.routedPorts.add(port);
        resolve({ errno, fd: this.place(this.listenerOn(port).open()) });
      });
      post({ type: 'listen', id, port }, []);
    });
  }

  /**
   * A connected descriptor to `host`:`port`, once the far side has answered `ok`: CONNREFUSED
   * on `refused`, the errno of an `error`, TIMEDOUT when no answer comes in time.
   */
  connect(host: string, port: number): Promise<{ errno: number; fd: number }> {
    const post = this.post;
    if (!post) return Promise.resolve({ errno: Errno.NOTSUP, fd: -1 });
    if (!Number.isInteger(port) || port < 1 || port > 65535 || host === '') {
      return Promise.resolve({ errno: Errno.INVAL, fd: -1 });
    }
    const id = this.nextId();
    const channel = new MessageChannel();
    const data = channel.port1;
    const resetPorts: MessagePort[] = [];
    let settled = false;
    return new Promise((resolve) => {
      const fail = (errno: number) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.connecting.delete(id);
        data.close();
        for (const ctl of resetPorts) ctl.close();
        this.post?.({ type: 'closed', id, incoming: false }, []);
        resolve({ errno, fd: -1 });
      };
      const timer = setTimeout(() => fail(Errno.TIMEDOUT), this.connectTimeoutMs);
      this.connecting.set(id, () => fail(Errno.CONNREFUSED));
      data.onmessage = (event: MessageEvent<DataMessage>) => {
        const message = event.data;
        if (isBytes(message)) return;
        switch (message.t) {
          case 'ctl':
            resetPorts.push(message.port);
            // A reset before `ok`: the server's container was killed while it was set up.
            message.port.onmessage = (e: MessageEvent<{ t?: string }>) => {
              if (e.data?.t === 'rst') fail(Errno.CONNREFUSED);
            };
            break;
          case 'ok': {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            this.connecting.delete(id);
            const socket = this.track(
              new ConnectionSocket({
                id,
                incoming: false,
                data,
                local: message.local,
                peer: message.peer,
                signal: this.signal,
                onEnd: (s) => this.forget(s),
              }),
            );
            for (const ctl of resetPorts) socket.addResetPort(ctl);
            resolve({ errno: Errno.SUCCESS, fd: this.place(socket) });
            break;
          }
          case 'refused':
            fail(Errno.CONNREFUSED);
            break;
          case 'error':
            fail(message.errno > 0 ? message.errno : Errno.HOSTUNREACH);
            break;
          case 'rst':
            fail(Errno.CONNREFUSED);
            break;
        }
      };
      post({ type: 'connect', id, host, port, data: channel.port2 }, [channel.port2]);
    });
  }

  /** Looks `name` up in the cluster DNS. */
  resolve(name: string): Promise<ResolveAnswer> {
    const post = this.post;
    if (!post) return Promise.resolve({ errno: Errno.NOTSUP, canonicalName: '', addresses: [] });
    const id = this.nextId();
    return new Promise((resolve) => {
      this.resolveWaits.set(id, resolve);
      post({ type: 'resolve', id, name }, []);
    });
  }

  /**
   * The program has ended (exit or trap): every open connection ends with `fin` (those still
   * waiting in a backlog, never accepted, with `rst`), each reported `closed`, connects under
   * way give up, and connections that come from now on are refused.
   */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of this.listeners.values()) {
      for (const connection of listener.backlog.splice(0)) connection.end('rst');
    }
    this.listeners.clear();
    for (const connection of [...this.connections]) connection.end('fin');
    for (const giveUp of [...this.connecting.values()]) giveUp();
  }

  private incoming(message: Extract<NodeNetMessage, { type: 'incoming' }>): void {
    const listener = this.ended ? undefined : this.listeners.get(message.local.port);
    if (!listener) {
      message.data.postMessage({ t: 'refused' } satisfies DataMessage);
      message.data.close();
      message.ctl.close();
      this.post?.({ type: 'closed', id: message.id, incoming: true }, []);
      return;
    }
    const socket = this.track(
      new ConnectionSocket({
        id: message.id,
        incoming: true,
        data: message.data,
        local: message.local,
        peer: message.peer,
        signal: this.signal,
        onEnd: (s) => this.forget(s),
      }),
    );
    socket.addResetPort(message.ctl);
    message.data.postMessage({
      t: 'ok',
      peer: message.local,
      local: message.peer,
    } satisfies DataMessage);
    listener.backlog.push(socket);
    this.signal.notify();
  }

  private listenerOn(port: number): Listener {
    let listener = this.listeners.get(port);
    if (!listener) {
      listener = new Listener(port, (closed) => {
        if (this.listeners.get(port) === closed) this.listeners.delete(port);
      });
      this.listeners.set(port, listener);
    }
    return listener;
  }

  private track(socket: ConnectionSocket): ConnectionSocket {
    this.connections.add(socket);
    return socket;
  }

  /** A connection ended on this side: the node may forget it. */
  private forget(socket: ConnectionSocket): void {
    this.connections.delete(socket);
    this.post?.({ type: 'closed', id: socket.id, incoming: socket.incoming }, []);
    this.signal.notify();
  }
}
