import { testUrls } from '../../../helpers/worker-urls.ts';
import {
  Errno,
  type ContainerNetRequest,
  type DataMessage,
  type PeerAddress,
} from '../../../../src/workers/net/protocol.ts';
import { isBytes, receivedBytes } from '../../../../src/workers/net/post-bytes.ts';
import { BuiltinImageRegistry } from '../../../../src/workers/runtime/image-registry.ts';
import { WorkerContainerRuntime } from '../../../../src/workers/runtime/runtime.ts';
import {
  isPullFailure,
  type ResolvedImage,
  type RunningContainer,
} from '../../../../src/workers/runtime/types.ts';

/**
 * A tiny stand-in for the nodes' side of the virtual network, for tests of the container
 * side: containers run in real workers (WorkerContainerRuntime), each with a pod IP; `listen`
 * registers ip:port, `connect` is routed to the container (or test peer) listening on the
 * address (a name is looked up in `names`), with a reset port for each side that the test
 * may use to post `rst`; `resolve` answers from `names`. Every request is recorded.
 */

const registry = new BuiltinImageRegistry(testUrls.images);
const runtime = new WorkerContainerRuntime({ workerUrl: testUrls.container });

export async function pull(image: string): Promise<ResolvedImage> {
  const result = await registry.pull(image);
  if (isPullFailure(result)) throw new Error(result.message);
  return result;
}

/** Waits until `predicate` holds, checked whenever `notify` is called. */
class Waiters {
  private readonly waiting: { predicate: () => boolean; resolve: () => void }[] = [];

  until(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ predicate, resolve }));
  }

  notify(): void {
    for (const waiter of [...this.waiting]) {
      if (waiter.predicate()) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}

/** A container on the fake network, with its output and requests so far. */
export interface NetContainer {
  ip: string;
  container: RunningContainer;
  stdout: string;
  stderr: string;
  /** Its requests, in order, then `exit` once it has ended. */
  events: (ContainerNetRequest | 'exit')[];
  until(predicate: (c: NetContainer) => boolean): Promise<void>;
}

/** One end of a connection held by the test itself (as a client or as a server). */
export class TestPeer {
  received = '';
  fin = false;
  rst = false;
  refused = false;
  ok = false;
  private readonly waiters = new Waiters();

  constructor(readonly port: MessagePort) {
    port.onmessage = (event: MessageEvent<DataMessage>) => {
      const message = event.data;
      if (isBytes(message)) this.received += new TextDecoder().decode(receivedBytes(message));
      else if (message.t === 'fin') this.fin = true;
      else if (message.t === 'rst') this.rst = true;
      else if (message.t === 'refused') this.refused = true;
      else if (message.t === 'ok') this.ok = true;
      this.waiters.notify();
    };
  }

  send(text: string): void {
    const buffer = new TextEncoder().encode(text).buffer;
    this.port.postMessage(buffer, [buffer]);
  }

  finish(): void {
    this.port.postMessage({ t: 'fin' } satisfies DataMessage);
  }

  until(predicate: (peer: TestPeer) => boolean): Promise<void> {
    return this.waiters.until(() => predicate(this));
  }
}

/** A connection the fake network routed, with the nodes' reset ports for its two sides. */
export interface RoutedConnection {
  from: string;
  to: PeerAddress;
  /** Posting `rst` here resets the client's side: the server sees it (incoming.ctl). */
  clientReset: MessagePort;
  /** Posting `rst` here resets the server's side: the client sees it (the `ctl` before ok). */
  serverReset: MessagePort;
}

type Endpoint =
  { kind: 'container'; target: NetContainer } | { kind: 'test'; accept: (peer: TestPeer) => void };

export class FakeNetwork {
  /** Names `resolve` and `connect` know. */
  readonly names = new Map<string, { canonicalName: string; addresses: string[] }>();
  readonly connections: RoutedConnection[] = [];
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly containers: NetContainer[] = [];
  private nextId = 1000;
  private nextEphemeral = 40000;

  /** Starts `image` with pod IP `ip`; `listenPorts` are listened on for it before it starts. */
  async start(
    image: string,
    args: string[],
    options: { ip: string; listenPorts?: number[]; network?: boolean; env?: [string, string][] },
  ): Promise<NetContainer> {
    const waiters = new Waiters();
    const target: NetContainer = {
      ip: options.ip,
      container: undefined as unknown as RunningContainer,
      stdout: '',
      stderr: '',
      events: [],
      until: (predicate) => waiters.until(() => predicate(target)),
    };
    const listenPorts = options.listenPorts ?? [];
    for (const port of listenPorts) {
      this.endpoints.set(`${options.ip}:${port}`, { kind: 'container', target });
    }
    target.container = await runtime.start(
      {
        containerID: `wasi://net-test-${this.nextId++}`,
        image: await pull(image),
        args,
        env: options.env ?? [],
        ...(options.network === false
          ? {}
          : {
              network: {
                listenPorts,
                request: (request) => {
                  target.events.push(request);
                  this.handle(target, request);
                  waiters.notify();
                },
              },
            }),
      },
      (stream, text) => {
        target[stream] += text;
        waiters.notify();
      },
    );
    void target.container.exited.then(() => {
      target.events.push('exit');
      waiters.notify();
    });
    this.containers.push(target);
    return target;
  }

  /** The test listens on ip:port: each connection routed there is handed to `accept`. */
  listen(ip: string, port: number, accept: (peer: TestPeer) => void): void {
    this.endpoints.set(`${ip}:${port}`, { kind: 'test', accept });
  }

  /** The test connects to ip:port as a client at `from`; resolves once answered (ok or not). */
  async connect(ip: string, port: number, from = '10.244.9.9'): Promise<TestPeer> {
    const channel = new MessageChannel();
    const peer = new TestPeer(channel.port1);
    this.route(from, ip, port, channel.port2, this.nextId++);
    await peer.until((p) => p.ok || p.refused);
    return peer;
  }

  /** Kills every container still running. */
  stopAll(): void {
    for (const c of this.containers) c.container.kill();
  }

  private handle(source: NetContainer, request: ContainerNetRequest): void {
    switch (request.type) {
      case 'listen': {
        const key = `${source.ip}:${request.port}`;
        const taken = this.endpoints.get(key);
        const errno =
          taken && !(taken.kind === 'container' && taken.target === source)
            ? Errno.ADDRINUSE
            : Errno.SUCCESS;
        if (errno === Errno.SUCCESS) this.endpoints.set(key, { kind: 'container', target: source });
        source.container.network({ type: 'listen-result', id: request.id, errno });
        break;
      }
      case 'resolve': {
        const answer = this.names.get(request.name);
        source.container.network({
          type: 'resolved',
          id: request.id,
          errno: answer ? Errno.SUCCESS : Errno.NOENT,
          canonicalName: answer?.canonicalName ?? '',
          addresses: answer?.addresses ?? [],
        });
        break;
      }
      case 'connect':
        this.route(source.ip, request.host, request.port, request.data, this.nextId++);
        break;
      case 'closed':
        break;
    }
  }

  private route(from: string, host: string, port: number, data: MessagePort, id: number): void {
    const ip = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : this.names.get(host)?.addresses[0];
    if (ip === undefined) {
      const error: DataMessage = { t: 'error', errno: Errno.NOENT, message: `unknown ${host}` };
      data.postMessage(error);
      return;
    }
    const endpoint = this.endpoints.get(`${ip}:${port}`);
    if (!endpoint) {
      data.postMessage({ t: 'refused' } satisfies DataMessage);
      return;
    }
    const clientReset = new MessageChannel();
    const serverReset = new MessageChannel();
    const local = { ip, port };
    const peer = { ip: from, port: this.nextEphemeral++ };
    this.connections.push({
      from,
      to: local,
      clientReset: clientReset.port1,
      serverReset: serverReset.port1,
    });
    data.postMessage({ t: 'ctl', port: serverReset.port2 } satisfies DataMessage, [
      serverReset.port2,
    ]);
    if (endpoint.kind === 'test') {
      const server = new TestPeer(data);
      data.postMessage({ t: 'ok', peer: local, local: peer } satisfies DataMessage);
      endpoint.accept(server);
      return;
    }
    endpoint.target.container.network({
      type: 'incoming',
      id,
      local,
      peer,
      data,
      ctl: clientReset.port2,
    });
  }
}
