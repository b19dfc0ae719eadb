import * as Comlink from 'comlink';
import type { ClockAnchor } from '../kernel/clock/scaled-clock.ts';
import type { TimingPresetName } from '../kernel/clock/presets.ts';
import type { KernelWorkerApi } from '../workers/kernel-protocol.ts';
import type { LogRequestOptions, NodeRole, NodeWorkerApi } from '../workers/node-protocol.ts';
import type { Status } from '../kernel/api/errors.ts';
import { NetworkRouter } from '../workers/net/router.ts';
import type { NetworkFault, TrafficCounts } from '../workers/node/network/node-network.ts';

/** Where the worker scripts and images are; the bundled page's defaults, or the sources in tests. */
export interface WorkerUrls {
  kernel: URL;
  node: URL;
  container?: URL;
  images: URL;
}

interface RunningNode {
  name: string;
  role: NodeRole;
  index: number;
  worker: Worker;
  remote: Comlink.Remote<NodeWorkerApi>;
  /** Resolves when the node is killed: calls in flight to a terminated worker never settle. */
  killed: Promise<void>;
  markKilled(): void;
  /** Its link to the API server is cut (chaos: freeze). */
  frozen: boolean;
  /** The latency and loss injected on its network (chaos). */
  fault?: NetworkFault;
}

/** A running node as the page reports it, with the chaos in force on it. */
export interface FleetNode {
  name: string;
  role: NodeRole;
  frozen: boolean;
  networkFault?: NetworkFault;
}

/** What each node offers, as kind's default nodes do. */
const nodeCapacity = { cpu: '4', memory: '8Gi', pods: '110' };

/**
 * The page's node workers: starts each with its own port to the kernel worker's API, kills
 * them (the worker and its containers' workers go at once), and asks a node's kubelet for logs.
 */
export class NodeFleet {
  private nodes = new Map<string, RunningNode>();
  private usedIndexes = new Set<number>();
  private execs = 0;
  private anchor: ClockAnchor;
  /** The wire between the nodes' networks; the page opens its own connections through it. */
  readonly router = new NetworkRouter();

  constructor(
    private readonly kernel: Comlink.Remote<KernelWorkerApi>,
    private readonly urls: WorkerUrls,
    private readonly timing: TimingPresetName,
    anchor: ClockAnchor,
    private readonly clusterName = 'playground',
    /** The cluster's persistent volume database, which every node shares. */
    private readonly volumesDatabase?: string,
  ) {
    this.anchor = anchor;
  }

  list(): FleetNode[] {
    return [...this.nodes.values()].map(({ name, role, frozen, fault }) => ({
      name,
      role,
      frozen,
      ...(fault ? { networkFault: { ...fault } } : {}),
    }));
  }

  has(name: string): boolean {
    return this.nodes.has(name);
  }

  /** kind's naming: `<cluster>-control-plane`, `<cluster>-worker`, `<cluster>-worker2`, ... */
  nameFor(role: NodeRole, ordinal: number): string {
    if (role === 'control-plane')
      return `${this.clusterName}-control-plane${ordinal > 1 ? ordinal : ''}`;
    return `${this.clusterName}-worker${ordinal > 1 ? ordinal : ''}`;
  }

  /**
   * Starts a node worker and resolves once its kubelet has registered the Node. `index`
   * picks its address and pod CIDR (a restarted node keeps its own); the lowest free one by
   * default.
   */
  async start(name: string, role: NodeRole, index?: number): Promise<void> {
    if (this.nodes.has(name)) return;
    if (index === undefined || this.usedIndexes.has(index)) {
      index = 1;
      while (this.usedIndexes.has(index)) index++;
    }
    this.usedIndexes.add(index);
    const worker = new Worker(this.urls.node, { type: 'module', name });
    const remote = Comlink.wrap<NodeWorkerApi>(worker);
    let markKilled!: () => void;
    const killed = new Promise<void>((resolve) => (markKilled = resolve));
    const node: RunningNode = {
      name,
      role,
      index,
      worker,
      remote,
      killed,
      markKilled,
      frozen: false,
    };
    this.nodes.set(name, node);
    const channel = new MessageChannel();
    // kind's docker network and pod CIDR ranges.
    const internalIP = `172.18.0.${index + 1}`;
    const podCIDR = `10.244.${index - 1}.0/24`;
    const network = this.router.attachNode(name, podCIDR, internalIP);
    try {
      await this.kernel.connect(Comlink.transfer(channel.port1, [channel.port1]));
      const booted = remote.boot(
        Comlink.transfer(
          {
            nodeName: name,
            role,
            timing: this.timing,
            clock: this.anchor,
            api: channel.port2,
            imagesUrl: this.urls.images.href,
            containerWorkerUrl: this.urls.container?.href,
            capacity: nodeCapacity,
            internalIP,
            podCIDR,
            network,
            volumesDatabase: this.volumesDatabase,
          },
          [channel.port2, network],
        ),
      );
      // A node killed while it boots never answers: stop waiting for it.
      const outcome = await Promise.race([
        booted.then(() => 'booted'),
        killed.then(() => 'killed'),
      ]);
      if (outcome === 'killed') throw new Error(`node "${name}" was killed while it started`);
    } catch (err) {
      this.kill(name);
      throw err;
    }
  }

  /** Terminates a node's worker at once; its containers' workers go with it. */
  kill(name: string): boolean {
    const node = this.nodes.get(name);
    if (!node) return false;
    node.remote[Comlink.releaseProxy]();
    node.worker.terminate();
    node.markKilled();
    this.router.detachNode(name);
    this.nodes.delete(name);
    this.usedIndexes.delete(node.index);
    return true;
  }

  killAll(): void {
    for (const name of [...this.nodes.keys()]) this.kill(name);
  }

  /**
   * Reboots a node: its worker and containers go at once, then a new worker of the same name,
   * address and pod CIDR starts, whose kubelet registers again and restarts the pods still
   * bound to it. Resolves once it has registered; false when no such node runs.
   */
  async restart(name: string): Promise<boolean> {
    const node = this.nodes.get(name);
    if (!node) return false;
    this.kill(name);
    await this.start(name, node.role, node.index);
    return true;
  }

  /** Cuts (true) or restores a node's link to the API server; false when no such node runs. */
  async setFrozen(name: string, frozen: boolean): Promise<boolean> {
    const node = this.nodes.get(name);
    if (!node) return false;
    node.frozen = frozen;
    await Promise.race([node.remote.setFrozen(frozen), node.killed]);
    return true;
  }

  /** Sets or clears the network fault of a node; false when no such node runs. */
  async setNetworkFault(name: string, fault: NetworkFault | undefined): Promise<boolean> {
    const node = this.nodes.get(name);
    if (!node) return false;
    node.fault = fault;
    await Promise.race([node.remote.setNetworkFault(fault), node.killed]);
    return true;
  }

  /**
   * Kills a running container through its node's kubelet; undefined when the node is not
   * running (or is killed before it answers).
   */
  async killContainer(
    nodeName: string,
    namespace: string,
    pod: string,
    container: string,
  ): Promise<{ containerID: string } | { error: Status } | undefined> {
    const node = this.nodes.get(nodeName);
    if (!node) return undefined;
    return Promise.race([
      node.remote.killContainer(namespace, pod, container),
      node.killed.then(() => undefined),
    ]);
  }

  /** A container's log from its node's kubelet; undefined when the node is not running or is killed before it answers. */
  async logs(
    nodeName: string,
    namespace: string,
    pod: string,
    container: string | undefined,
    options: LogRequestOptions,
  ): Promise<{ text: string } | { error: Status } | undefined> {
    const node = this.nodes.get(nodeName);
    if (!node) return undefined;
    return Promise.race([
      node.remote.logs(namespace, pod, container, options),
      node.killed.then(() => undefined),
    ]);
  }

  /**
   * Sends `session`'s input to the standard input of a container that keeps it open (`kubectl
   * run -i`); undefined when the node's worker is not running.
   */
  async attach(
    nodeName: string,
    namespace: string,
    pod: string,
    container: string,
    session: MessagePort,
  ): Promise<{ attached: true } | { error: Status } | undefined> {
    const node = this.nodes.get(nodeName);
    if (!node) return undefined;
    return Promise.race([
      node.remote.attach(namespace, pod, container, Comlink.transfer(session, [session])),
      node.killed.then(() => undefined),
    ]);
  }

  /**
   * Runs a command in a container through its node's kubelet (`kubectl exec`); undefined when
   * the node's worker is not running. Aborting `signal` kills the process.
   */
  async exec(
    nodeName: string,
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
    signal?: AbortSignal,
    stdin?: MessagePort,
    tty?: boolean,
  ): Promise<{ exitCode: number } | { error: Status } | undefined> {
    const node = this.nodes.get(nodeName);
    if (!node) return undefined;
    const execID = `exec-${++this.execs}`;
    const cancel = () => {
      // The node may be gone (its proxy released): nothing is left to cancel then.
      if (this.nodes.get(nodeName) === node) void node.remote.cancelExec(execID);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      // A call in flight to a node that is killed never settles: answer "unreachable" then.
      return await Promise.race([
        node.remote.exec(
          namespace,
          pod,
          container,
          command,
          Comlink.proxy(onOutput),
          execID,
          stdin ? Comlink.transfer(stdin, [stdin]) : undefined,
          tty,
        ),
        node.killed.then(() => undefined),
      ]);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /**
   * Connections handled so far, summed over the running nodes (cumulative; a node that is
   * killed takes its counts with it).
   */
  async traffic(): Promise<TrafficCounts> {
    const total: TrafficCounts = { pods: {}, services: {} };
    const answers = await Promise.all(
      [...this.nodes.values()].map((node) =>
        Promise.race([node.remote.traffic(), node.killed.then(() => undefined)]),
      ),
    );
    for (const answer of answers) {
      if (!answer) continue;
      for (const kind of ['pods', 'services'] as const) {
        for (const [key, n] of Object.entries(answer[kind])) {
          total[kind][key] = (total[kind][key] ?? 0) + n;
        }
      }
    }
    return total;
  }

  /** Passes a change of the cluster clock to every node. */
  follow(anchor: ClockAnchor): void {
    this.anchor = anchor;
    for (const node of this.nodes.values()) void node.remote.followClock(anchor);
  }
}
