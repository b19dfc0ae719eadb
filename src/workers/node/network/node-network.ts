import {
  Errno,
  type ContainerNetRequest,
  type ControlMessage,
  type DataMessage,
  type NodeNetMessage,
  type PeerAddress,
  type RouterMessage,
} from '../../net/protocol.ts';
import type { ClusterDns, PodHosts } from './cluster-dns.ts';
import type { ServiceProxy } from './service-proxy.ts';

/** A pod's place on the network, as its sandbox has it. */
export interface PodNetworkIdentity {
  uid: string;
  namespace: string;
  name: string;
  ip: string;
  hostname: string;
  subdomain?: string;
}

/** What a container's network requests are answered through (the runtime's RunningContainer). */
export interface NetworkedContainer {
  network(message: NodeNetMessage): void;
}

/** One container's link to the node's network, made before the container starts. */
export interface ContainerNetworkHandle {
  /** For the runtime's start spec: the listeners to preopen and where requests go. */
  readonly network: {
    listenPorts: number[];
    request(message: ContainerNetRequest): void;
  };
  /** The running container: answers and incoming connections go to it from now on. */
  attach(container: NetworkedContainer): void;
  /**
   * The container has ended: its listeners close and the peers of connections it still had
   * open see a reset (it cannot tell them itself when its worker was terminated).
   */
  release(): void;
}

/**
 * NetworkPolicy enforcement at connection set-up: `allows` is asked on the client's node
 * (egress, `direction: 'egress'`) and on the server's node (ingress) with pod addresses
 * after kube-proxy's choice. A refused connection is dropped (the client times out).
 */
export interface ConnectionPolicy {
  allows(from: PeerAddress, to: PeerAddress, direction: 'egress' | 'ingress'): boolean;
}

/**
 * Something on the node that takes connections to node addresses itself (the built-in
 * ingress controller on ports 80 and 443): `handles` is asked before kube-proxy's choice.
 */
export interface NodeListener {
  handles(to: PeerAddress): boolean;
  accept(from: PeerAddress, to: PeerAddress, data: MessagePort, ctl: MessagePort): void;
}

/**
 * Connections counted since the node started: per pod (`ns/name`) that accepted them here,
 * and per Service (`ns/name`) whose address this node's kube-proxy routed.
 */
export interface TrafficCounts {
  pods: Record<string, number>;
  services: Record<string, number>;
}

/**
 * A network fault injected on a node (chaos): each connection set up through the node waits
 * `latencyMs` (real time) before it is delivered, and `lossPercent` of them are dropped, never
 * answered, so their clients time out.
 */
export interface NetworkFault {
  latencyMs?: number;
  lossPercent?: number;
}

/** The page's router, as a node sees it. */
export interface RouterUplink {
  post(message: RouterMessage, transfer: Transferable[]): void;
}

interface ContainerEntry {
  pod: PodEntry;
  containerID: string;
  target?: NetworkedContainer;
  /** Messages for the container that came before it was attached. */
  queued: NodeNetMessage[];
  /** This side's reset ports, by connection id. */
  resets: Map<number, MessagePort>;
  released: boolean;
}

interface PodEntry {
  identity: PodNetworkIdentity;
  /** Which container listens on each port (a pod's containers share one network namespace). */
  listeners: Map<number, ContainerEntry>;
  containers: Set<ContainerEntry>;
}

const loopback = '127.0.0.1';
/** Linux's default ephemeral port range (net.ipv4.ip_local_port_range). */
const ephemeralFirst = 32768;
const ephemeralLast = 60999;

/**
 * A node's share of the virtual network: the pods on this node and which of their containers
 * listen where; kube-proxy's decision and the cluster DNS for connections its containers open;
 * delivery of connections to its own pods (from its containers, or from other nodes through
 * the page's router); and the reset ports that let a killed container's peers see a reset.
 */
export class NodeNetwork {
  private readonly pods = new Map<string, PodEntry>();
  private readonly byIP = new Map<string, PodEntry>();
  /** Ids of incoming connections count down from -1 (a container's own ids are positive). */
  private nextIncoming = -1;
  private nextEphemeral = ephemeralFirst;
  private readonly podConnections = new Map<string, number>();
  private readonly serviceConnections = new Map<string, number>();
  private fault?: Required<NetworkFault>;

  constructor(
    private readonly dns: ClusterDns,
    private readonly proxy: ServiceProxy,
    private readonly uplink: RouterUplink,
    private readonly extensions: {
      policy?: ConnectionPolicy;
      listeners?: NodeListener[];
      /** Chance source and real-time delay for network faults (Math.random, setTimeout). */
      random?: () => number;
      delay?: (ms: number, fn: () => void) => void;
    } = {},
  ) {}

  /**
   * Injects a fault on connections set up through this node from now on: those its
   * containers open and those arriving from the page's router (other nodes, the page); not
   * the kubelet's own probes. Undefined, or zero latency and loss, clears it.
   */
  setFault(fault: NetworkFault | undefined): void {
    const latencyMs = Math.max(0, fault?.latencyMs ?? 0);
    const lossPercent = Math.min(100, Math.max(0, fault?.lossPercent ?? 0));
    this.fault = latencyMs > 0 || lossPercent > 0 ? { latencyMs, lossPercent } : undefined;
  }

  /** The fault in force, if any. */
  currentFault(): NetworkFault | undefined {
    return this.fault && { ...this.fault };
  }

  /**
   * Runs a connection's set-up under the fault in force: at once without one; else dropped
   * (`drop` lets its ports go, nothing answers) or delayed by the latency.
   */
  private throughFault(setUp: () => void, drop: () => void): void {
    const fault = this.fault;
    if (!fault) {
      setUp();
      return;
    }
    const random = this.extensions.random ?? Math.random;
    if (fault.lossPercent > 0 && random() * 100 < fault.lossPercent) {
      drop();
      return;
    }
    if (fault.latencyMs <= 0) {
      setUp();
      return;
    }
    const delay = this.extensions.delay ?? ((ms, fn) => void setTimeout(fn, ms));
    delay(fault.latencyMs, setUp);
  }

  /**
   * Links a container of `pod` to the network before it starts. `listenPorts` are its TCP
   * containerPorts: each gets a preopened listening socket unless another container of the
   * pod already listens there.
   */
  openContainer(
    pod: PodNetworkIdentity,
    containerID: string,
    listenPorts: number[],
  ): ContainerNetworkHandle {
    const podEntry = this.podEntry(pod);
    const entry: ContainerEntry = {
      pod: podEntry,
      containerID,
      queued: [],
      resets: new Map(),
      released: false,
    };
    podEntry.containers.add(entry);
    const preopened = listenPorts.filter((port) => {
      if (podEntry.listeners.has(port)) return false;
      podEntry.listeners.set(port, entry);
      return true;
    });
    return {
      network: {
        listenPorts: preopened,
        request: (message) => this.handle(entry, message),
      },
      attach: (container) => {
        entry.target = container;
        for (const message of entry.queued.splice(0)) container.network(message);
      },
      release: () => this.release(entry),
    };
  }

  /** The pod is gone from this node: forget it once its containers are released. */
  removePod(uid: string): void {
    const entry = this.pods.get(uid);
    if (!entry) return;
    for (const container of [...entry.containers]) this.release(container);
    this.pods.delete(uid);
    if (this.byIP.get(entry.identity.ip) === entry) this.byIP.delete(entry.identity.ip);
  }

  /** The connections counted so far (cumulative: a reader takes differences for rates). */
  traffic(): TrafficCounts {
    return {
      pods: Object.fromEntries(this.podConnections),
      services: Object.fromEntries(this.serviceConnections),
    };
  }

  /**
   * Opens a connection from the node itself (its address `nodeIP`) to `host:port`, routed as
   * kube-proxy would: what the ingress controller uses to reach a backend Service. Names are
   * looked up as from the default namespace.
   */
  openFromNode(
    nodeIP: string,
    host: string,
    port: number,
  ): { data: MessagePort; ctl: MessagePort } {
    const data = new MessageChannel();
    const reset = new MessageChannel();
    let ip = host;
    if (!isIPv4(host)) {
      const first = this.dns.resolve(host, 'default')?.addresses[0];
      if (!first) {
        fail(data.port2, Errno.NOENT, `bad address '${host}'`);
        return { data: data.port1, ctl: reset.port1 };
      }
      ip = first;
    }
    this.route({ ip: nodeIP, port: this.ephemeralPort() }, { ip, port }, data.port2, reset.port2);
    return { data: data.port1, ctl: reset.port1 };
  }

  /** A message from the page's router. */
  receive(message: RouterMessage): void {
    this.throughFault(
      () => {
        if (message.type === 'deliver') {
          this.deliverLocal(message.from, message.to, message.data, message.ctl);
          return;
        }
        this.route(message.from, message.to, message.data, message.ctl);
      },
      () => {
        message.data.close();
        message.ctl.close();
      },
    );
  }

  private podEntry(pod: PodNetworkIdentity): PodEntry {
    let entry = this.pods.get(pod.uid);
    if (!entry) {
      entry = { identity: pod, listeners: new Map(), containers: new Set() };
      this.pods.set(pod.uid, entry);
    }
    entry.identity = pod;
    this.byIP.set(pod.ip, entry);
    return entry;
  }

  private handle(entry: ContainerEntry, message: ContainerNetRequest): void {
    switch (message.type) {
      case 'listen': {
        const holder = entry.pod.listeners.get(message.port);
        const free = holder === undefined || holder === entry || holder.released;
        if (free) entry.pod.listeners.set(message.port, entry);
        this.send(entry, {
          type: 'listen-result',
          id: message.id,
          errno: free ? Errno.SUCCESS : Errno.ADDRINUSE,
        });
        return;
      }
      case 'resolve': {
        const answer = this.dns.resolve(message.name, entry.pod.identity.namespace, hosts(entry));
        this.send(entry, {
          type: 'resolved',
          id: message.id,
          errno: answer && answer.addresses.length > 0 ? Errno.SUCCESS : Errno.NOENT,
          canonicalName: answer?.canonicalName ?? '',
          addresses: answer?.addresses ?? [],
        });
        return;
      }
      case 'closed': {
        const port = entry.resets.get(message.id);
        entry.resets.delete(message.id);
        port?.close();
        return;
      }
      case 'connect':
        this.throughFault(
          () => {
            if (!entry.released)
              this.connect(entry, message.id, message.host, message.port, message.data);
          },
          () => message.data.close(),
        );
        return;
    }
  }

  private connect(
    entry: ContainerEntry,
    id: number,
    host: string,
    port: number,
    data: MessagePort,
  ): void {
    const self = entry.pod.identity;
    let ip = host;
    if (!isIPv4(host)) {
      const answer = this.dns.resolve(host, self.namespace, hosts(entry));
      const first = answer?.addresses[0];
      if (!first) {
        fail(data, Errno.NOENT, `bad address '${host}'`);
        return;
      }
      ip = first;
    }
    const reset = new MessageChannel();
    entry.resets.set(id, reset.port1);
    const from = { ip: self.ip, port: this.ephemeralPort() };
    if (ip === loopback || ip === self.ip) {
      this.deliverLocal(from, { ip: self.ip, port }, data, reset.port2);
      return;
    }
    this.route(from, { ip, port }, data, reset.port2);
  }

  /** kube-proxy's part: a Service address becomes one of its endpoints; then delivery. */
  private route(from: PeerAddress, to: PeerAddress, data: MessagePort, ctl: MessagePort): void {
    const listener = this.extensions.listeners?.find((l) => l.handles(to));
    if (listener) {
      if (this.byIP.has(from.ip) && !this.allows(from, to, 'egress')) return;
      listener.accept(from, to, data, ctl);
      return;
    }
    const decision = this.proxy.route(from.ip, to.ip, to.port);
    if (decision.kind === 'refused') {
      refuse(data);
      return;
    }
    // Dropped traffic is never answered: the client's connect times out, as on a real node.
    if (decision.kind === 'dropped') return;
    const target = decision.kind === 'endpoint' ? { ip: decision.ip, port: decision.port } : to;
    if (decision.kind === 'endpoint') count(this.serviceConnections, decision.service);
    if (this.byIP.has(from.ip) && !this.allows(from, target, 'egress')) return;
    if (this.byIP.has(target.ip)) {
      this.deliverLocal(from, target, data, ctl);
      return;
    }
    this.uplink.post({ type: 'deliver', from, to: target, data, ctl }, [data, ctl]);
  }

  /** Hands a connection to the container of a pod here that listens on `to.port`. */
  private deliverLocal(
    from: PeerAddress,
    to: PeerAddress,
    data: MessagePort,
    ctl: MessagePort,
  ): void {
    const pod = this.byIP.get(to.ip);
    if (!pod) {
      fail(data, Errno.HOSTUNREACH, 'No route to host');
      return;
    }
    // Denied traffic is dropped, never answered: the client times out as on a real cluster.
    if (from.ip !== to.ip && !this.allows(from, to, 'ingress')) return;
    const listener = pod.listeners.get(to.port);
    if (!listener || listener.released) {
      refuse(data);
      return;
    }
    const id = this.nextIncoming--;
    count(this.podConnections, `${pod.identity.namespace}/${pod.identity.name}`);
    const reset = new MessageChannel();
    listener.resets.set(id, reset.port1);
    const announce: DataMessage = { t: 'ctl', port: reset.port2 };
    data.postMessage(announce, [reset.port2]);
    this.send(
      listener,
      { type: 'incoming', id, local: to, peer: from, data, ctl },
      // Transfer happens where the container receives the message (the runtime's network()).
    );
  }

  private allows(from: PeerAddress, to: PeerAddress, direction: 'egress' | 'ingress'): boolean {
    return this.extensions.policy?.allows(from, to, direction) ?? true;
  }

  private send(entry: ContainerEntry, message: NodeNetMessage): void {
    if (entry.released) return;
    if (entry.target) entry.target.network(message);
    else entry.queued.push(message);
  }

  private release(entry: ContainerEntry): void {
    if (entry.released) return;
    entry.released = true;
    const rst: ControlMessage = { t: 'rst' };
    for (const port of entry.resets.values()) {
      port.postMessage(rst);
      port.close();
    }
    entry.resets.clear();
    for (const [port, holder] of entry.pod.listeners) {
      if (holder === entry) entry.pod.listeners.delete(port);
    }
    for (const message of entry.queued.splice(0)) {
      if (message.type === 'incoming') refuse(message.data);
    }
    entry.pod.containers.delete(entry);
  }

  private ephemeralPort(): number {
    const port = this.nextEphemeral;
    this.nextEphemeral = port >= ephemeralLast ? ephemeralFirst : port + 1;
    return port;
  }
}

function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function hosts(entry: ContainerEntry): PodHosts {
  const { hostname, ip, subdomain } = entry.pod.identity;
  return { hostname, ip, subdomain };
}

function refuse(data: MessagePort): void {
  const message: DataMessage = { t: 'refused' };
  data.postMessage(message);
  data.close();
}

function fail(data: MessagePort, errno: number, message: string): void {
  const reply: DataMessage = { t: 'error', errno, message };
  data.postMessage(reply);
  data.close();
}

function isIPv4(value: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(value);
}
