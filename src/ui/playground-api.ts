import * as Comlink from 'comlink';
import type { ApiRequest, ApiResponse } from '../kernel/api/types.ts';
import { Client } from '../kernel/client/client.ts';
import { applyManifest, type ApplyResult } from '../kernel/client/apply.ts';
import type { WatchEvent } from '../kernel/types/meta.ts';
import { isStatus, StatusError, type Status } from '../kernel/api/errors.ts';
import { nodes as nodeResource, pods as podResource } from '../kernel/api/resources.ts';
import { execError } from '../workers/node/exec.ts';
import type { Node, Pod } from '../kernel/types/core.ts';
import type { KernelBootOptions, KernelWorkerApi } from '../workers/kernel-protocol.ts';
import type { NodeRole } from '../workers/node-protocol.ts';
import { NodeFleet, type WorkerUrls } from './node-fleet.ts';
import { createChaos, type Chaos } from './chaos.ts';
import { PageTraffic, type PageTrafficCounts } from './page-traffic.ts';
import { speedRefusal } from './state/speed-limit.ts';
import type { TimingPresetName } from '../kernel/clock/presets.ts';
import type { NetworkFault } from '../workers/node/network/node-network.ts';
import { ScaledClock } from '../kernel/clock/scaled-clock.ts';
import { kubectl, type KubectlResult } from '../kernel/kubectl/kubectl.ts';
import type { KubeConfig, KubectlContext } from '../kernel/kubectl/context.ts';
import { ProxyingApi } from './proxy-api.ts';
import { LocalPorts } from './local-ports.ts';
import type { StdinMessage } from '../workers/runtime/stdin-fd.ts';
import { ConnectionError, StreamConnection } from '../workers/net/connection.ts';
import { httpExchange, type HttpRequest, type HttpResponse } from '../workers/net/http-client.ts';
import { Errno } from '../workers/net/protocol.ts';
import { serveApiOverHttp } from './kubectl-proxy-server.ts';
import type { TrafficCounts } from '../workers/node/network/node-network.ts';
import { RemoteApi } from '../workers/remote-api.ts';
import { deleteVolumeDatabase } from '../workers/node/volumes/idb-volume-store.ts';
import { IdbUserImages } from '../workers/runtime/user-images.ts';
import { EventRecorder } from '../kernel/client/event-recorder.ts';
import { timingPresets } from '../kernel/clock/presets.ts';
import { exportBundle } from './bundle/export-bundle.ts';
import { shareLink } from './bundle/share-link.ts';
import { wipeCluster } from './bundle/wipe-cluster.ts';
import {
  ClusterAutoscaler,
  type AutoscalerOptions,
  type AutoscalerStatus,
} from './cloud/cluster-autoscaler.ts';

/**
 * `window.playground`: the page's script API that docs pages and external tests use. It holds
 * no cluster state; everything goes to the kernel worker's API server.
 */
export interface Playground {
  /** Resolves once the control plane has booted. */
  ready: Promise<void>;
  /** The timing preset the cluster runs with (`tutorial` or `kubernetes`). */
  readonly timing: TimingPresetName;
  /** One API request: `{verb|method, path, query, body}` → `{status, body}`. */
  request(request: ApiRequest): Promise<ApiResponse>;
  /** Applies a multi-document YAML manifest as `kubectl apply -f` does; one result per document. */
  apply(yaml: string): Promise<ApplyResult[]>;
  /** Watches a collection path; returns a function that stops the watch. */
  watch(request: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<() => void>;
  /**
   * Sets how fast cluster time runs: 0 pauses, 1 is real time, 10 is ten times faster; up to
   * 60× under both timing presets (state/speed-limit.ts), a faster speed rejects with a
   * RangeError. Faster than real time a dead node is still only declared so after some real
   * silence (under the tutorial preset, a second rather than 0.4 s / speed).
   */
  setSpeed(speed: number): Promise<void>;
  /**
   * A container's log, as `kubectl logs` prints it: from the kubelet of the pod's node.
   * Rejects with a Kubernetes-style message (`pods "x" not found`, `container "c" in pod "x" is
   * waiting to start: ContainerCreating`). `container` may be omitted for a one-container pod.
   */
  logs(namespace: string, pod: string, container?: string, options?: LogOptions): Promise<string>;
  /**
   * Terminates a node's worker and its containers' workers, as pulling a machine's plug
   * (recorded as a `NodeKilled` event).
   */
  killNode(name: string): Promise<void>;
  /** Fault injection: freeze, restart, kill pods and containers, network faults, chaos monkey. */
  chaos: Chaos;
  /** Starts a new worker node; resolves to its name once its kubelet has registered it. */
  addNode(): Promise<string>;
  /** The node workers this page runs now (killed ones are gone), with their roles. */
  nodes(): NodeInfo[];
  /** The cluster's clock now, in ms since the epoch: the time its timestamps are written in. */
  clusterTime(): number;
  /**
   * A cluster-autoscaler for the workers, off until enabled: adds workers for pods Pending
   * for lack of resources (up to `max`, 5 by default) and removes workers idle for the
   * scale-down-unneeded time (down to `min`, 1 by default), with its events on the pods and
   * nodes. Its seconds run at the timing preset's autoscaler speed (a tenth under `tutorial`).
   */
  autoscaler: PlaygroundAutoscaler;
  /**
   * Runs one kubectl command line (`kubectl get pods -o wide`; the leading `kubectl` is
   * optional). `signal` interrupts it as Ctrl-C does (`-w`, `logs -f`, `rollout status`);
   * `onOutput` receives the output as it is written.
   */
  kubectl(line: string | readonly string[], options?: KubectlCallOptions): Promise<KubectlResult>;
  /**
   * One HTTP exchange with a port of the page's localhost (`kubectl port-forward`, `kubectl
   * proxy`), as a program on the learner's machine makes it; rejects with a ConnectionError
   * (ECONNREFUSED) when nothing listens there.
   */
  localHttp(port: number, request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>;
  /**
   * Opens a TCP-like connection from outside the cluster (the host the nodes run on) to an
   * address in it: a pod IP, a Service's ClusterIP, a node address and NodePort, or a load
   * balancer's IP. Await `established` before writing.
   */
  connect(ip: string, port: number): Promise<StreamConnection>;
  /**
   * Connections the cluster network has carried since the nodes started, per pod that
   * accepted them and per Service routed (`namespace/name` keys; cumulative counts, so a
   * reader takes differences for rates); and the page's own connections (`connect`) per
   * destination `ip:port`, opened and failed (refused, timed out or reset).
   */
  traffic(): Promise<PlaygroundTraffic>;
  /**
   * The user's objects as one YAML stream that `kubectl apply -f` takes on any cluster: their
   * namespaces and what is in them and in `default`, without what controllers and the cluster
   * make, and without server-set fields (src/ui/bundle/export-bundle.ts).
   */
  exportBundle(): Promise<string>;
  /** Applies a bundle (any manifest) as `kubectl apply -f` does; one result per object. */
  importBundle(yaml: string): Promise<ApplyResult[]>;
  /**
   * A link to `page` (this page by default) that opens with this cluster's exported objects
   * (compressed into the URL fragment) and the page's tutorial position.
   */
  shareLink(page?: string): Promise<string>;
}

/** `playground.autoscaler`: switches the cluster autoscaler on (or retunes it) and off. */
export interface PlaygroundAutoscaler {
  /** Starts it once the cluster is ready; rejects a RangeError for min > max or negative limits. */
  enable(options?: AutoscalerOptions): Promise<void>;
  disable(): void;
  status(): AutoscalerStatus;
}

/** The cluster's connection counts with the page's own (see Playground.traffic). */
export interface PlaygroundTraffic extends TrafficCounts {
  page: PageTrafficCounts;
}

export interface KubectlCallOptions {
  signal?: AbortSignal;
  onOutput?(stream: 'stdout' | 'stderr', text: string): void;
  /** What was piped in, for `-f -`. */
  stdin?: string;
  /** Files for `-f FILE` (the terminal's workspace). */
  readFile?(path: string): Promise<string | undefined>;
  /**
   * Input typed while the command runs (an interactive terminal): `exec -i` sends it to the
   * process as its standard input, and `-t` is honoured.
   */
  input?: AsyncIterable<string>;
}

export interface LogOptions {
  /** The previous (terminated) instance of a restarted container. */
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
}

export interface NodeInfo {
  name: string;
  role: 'control-plane' | 'worker';
  /** Its link to the API server is cut (chaos.freezeNode). */
  frozen?: boolean;
  /** The latency and loss injected on it (chaos.setNetworkFault). */
  networkFault?: NetworkFault;
}

/** A started playground, with the workers behind it for shutting it down. */
export interface RunningPlayground extends Playground {
  /**
   * The container images users added: `add(name, bytes)` stores a WASI module under an image
   * name (`myapp:1.0`, `ghcr.io/me/app:2`; `latest` without a tag) in IndexedDB, where every
   * node's registry finds it at its next pull, replacing a built-in image or stand-in of the
   * same name; `list()` and `remove(name)` manage them.
   */
  images: Pick<IdbUserImages, 'add' | 'list' | 'remove'>;
  /** Terminates the kernel and every node worker (as closing the tab would). */
  terminate(): void;
  /**
   * Terminates the cluster and deletes its storage (its database and its volumes'; not the
   * user's images), so that a playground started on the same database is a fresh cluster.
   * Then calls `onReset` (the page reloads itself).
   */
  reset(): Promise<void>;
}

export interface PlaygroundOptions extends KernelBootOptions {
  /** Nodes of a new cluster (a reopened cluster brings back the nodes it had). */
  controlPlaneNodes?: number;
  workerNodes?: number;
  /** Worker scripts and images; the bundled files next to the page by default. */
  urls?: Partial<WorkerUrls>;
  /** Called once `reset()` has deleted the cluster's storage. */
  onReset?(): void;
}

function defaultUrls(): WorkerUrls {
  return {
    kernel: new URL('./kernel-worker.js', import.meta.url),
    node: new URL('./node-worker.js', import.meta.url),
    container: new URL('./container-worker.js', import.meta.url),
    images: new URL('./images/', import.meta.url),
  };
}

/**
 * A failed log request as the API server answers it: a Status without a reason (kubectl prints
 * `Error from server: ...`), the kubelet's own Status when it refused, e.g. BadRequest.
 */
function logError(message: string, status?: Status): StatusError {
  return new StatusError(
    status ?? {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      code: 500,
    },
  );
}

/**
 * A port that carries `input` to a container's stdin, chunk by chunk, then its end (also when
 * `signal` aborts). The other end is returned, to be transferred to the node.
 */
function stdinPort(input: AsyncIterable<string>, signal?: AbortSignal): MessagePort {
  const channel = new MessageChannel();
  const send = (message: StdinMessage) => channel.port1.postMessage(message);
  void (async () => {
    try {
      for await (const data of input) {
        if (signal?.aborted) break;
        send({ data });
      }
    } finally {
      send({ eof: true });
      channel.port1.close();
    }
  })();
  return channel.port2;
}

/**
 * Starts the kernel worker and the node workers and builds the script API over them. A new
 * cluster gets one control-plane node (tainted NoSchedule) and two workers by default; a
 * cluster reopened from IndexedDB starts a node worker for every Node it has, whose kubelet
 * registers again and runs its pods.
 */
export function startPlayground(options: PlaygroundOptions): RunningPlayground {
  const urls = { ...defaultUrls(), ...options.urls };
  const worker = new Worker(urls.kernel, { type: 'module', name: 'kernel' });
  const remote = Comlink.wrap<KernelWorkerApi>(worker);
  let fleet: NodeFleet | undefined;
  // The proxy subresources reach into the cluster network, which the page's router carries.
  const localPorts = new LocalPorts();
  const api = new ProxyingApi(
    new RemoteApi(remote),
    (ip, port) => {
      if (!fleet) throw new Error('the cluster has not started');
      return fleet.router.connect(ip, port);
    },
    (port) => localPorts.target(port),
    () => fleet?.router.nodeAddresses()[0],
  );
  const client = new Client(api);
  let terminated = false;
  // The page's view of cluster time (AGE columns), following the kernel's clock.
  const clock = new ScaledClock(1);
  const kubeconfig: KubeConfig = { namespace: 'default' };
  const pageTraffic = new PageTraffic();
  const chaos = createChaos({ fleet: running, client, clock });

  // Persistent volumes' files: beside the cluster's database, or, for a cluster kept in memory,
  // in a database of this page's own that goes when the page shuts the cluster down.
  const volumesDatabase =
    options.volumesDatabase ??
    (options.inMemory
      ? `${options.database}-volumes-${Math.random().toString(36).slice(2, 10)}`
      : `${options.database}-volumes`);
  const ready = (async () => {
    const { database, timing, inMemory } = options;
    const anchor = await remote.boot({ database, timing, inMemory, volumesDatabase });
    clock.follow(anchor);
    fleet = new NodeFleet(remote, urls, options.timing, anchor, undefined, volumesDatabase);
    const existing = (await client.list<Node>(nodeResource)).items;
    const wanted: { name: string; role: NodeRole }[] = existing.map((n) => ({
      name: n.metadata.name!,
      role: roleOf(n),
    }));
    if (wanted.length === 0) {
      for (let i = 1; i <= (options.controlPlaneNodes ?? 1); i++) {
        wanted.push({ name: fleet.nameFor('control-plane', i), role: 'control-plane' });
      }
      for (let i = 1; i <= (options.workerNodes ?? 2); i++) {
        wanted.push({ name: fleet.nameFor('worker', i), role: 'worker' });
      }
    }
    await Promise.all(wanted.map((n) => fleet!.start(n.name, n.role)));
  })();

  async function running(): Promise<NodeFleet> {
    await ready;
    return fleet!;
  }

  const clusterAutoscaler = new ClusterAutoscaler(
    client,
    clock,
    {
      // What NodeFleet gives each node (kind's defaults), for a group with no worker left to copy.
      template: () => ({
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
      }),
      addNode: () => playground.addNode(),
      removeNode: async (name) => {
        (await running()).kill(name);
      },
    },
    new EventRecorder(client, clock, 'cluster-autoscaler'),
    timingPresets[options.timing].autoscalerSecond,
  );

  const userImages = new IdbUserImages();
  const playground: RunningPlayground = {
    ready,
    images: {
      add: (name, bytes) => userImages.add(name, bytes),
      list: () => userImages.list(),
      remove: (name) => userImages.remove(name),
    },
    async request(request) {
      await ready;
      return api.handle(request);
    },
    async apply(yaml) {
      await ready;
      return applyManifest(client, yaml);
    },
    async watch(request, onEvent) {
      await ready;
      const result = await api.watch(request, onEvent);
      // Stopping after terminate() (a reset, a view let go later) has nothing left to stop.
      if ('stop' in result)
        return () => {
          if (!terminated) result.stop();
        };
      throw new Error((result.body as Status).message ?? `watch failed with ${result.status}`);
    },
    async setSpeed(speed) {
      const refusal = speedRefusal(options.timing, speed);
      if (refusal) throw new RangeError(refusal);
      const active = await running();
      const anchor = await remote.setSpeed(speed);
      clock.follow(anchor);
      active.follow(anchor);
    },
    async logs(namespace, name, container, logOptions = {}) {
      const active = await running();
      const res = await api.handle({
        verb: 'GET',
        path: `/api/v1/namespaces/${namespace}/pods/${name}`,
      });
      if (res.status !== 200)
        throw logError(
          (res.body as Status).message ?? `pods "${name}" not found`,
          isStatus(res.body) ? res.body : undefined,
        );
      const pod = res.body as Pod;
      const nodeName = pod.spec.nodeName;
      if (!nodeName) throw new Error(`pod ${name} does not have a host assigned`);
      const answer = await active.logs(nodeName, namespace, name, container, logOptions);
      if (!answer) {
        // The kubelet is unreachable, as when its machine is gone.
        const node = (
          await client.list<Node>(nodeResource, undefined, {
            fieldSelector: `metadata.name=${nodeName}`,
          })
        ).items[0];
        const ip =
          node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? nodeName;
        throw logError(
          `Get "https://${ip}:10250/containerLogs/${namespace}/${name}/${container ?? pod.spec.containers[0]?.name ?? ''}": dial tcp ${ip}:10250: connect: connection refused`,
        );
      }
      if ('error' in answer)
        throw logError(answer.error.message ?? 'logs unavailable', answer.error);
      return answer.text;
    },
    killNode(name) {
      return chaos.killNode(name);
    },
    async addNode() {
      const active = await running();
      const taken = new Set(
        (await client.list<Node>(nodeResource)).items.map((n) => n.metadata.name),
      );
      let ordinal = 1;
      while (
        taken.has(active.nameFor('worker', ordinal)) ||
        active.has(active.nameFor('worker', ordinal))
      )
        ordinal++;
      const name = active.nameFor('worker', ordinal);
      await active.start(name, 'worker');
      return name;
    },
    nodes() {
      return fleet?.list() ?? [];
    },
    clusterTime: () => clock.now(),
    timing: options.timing,
    chaos,
    autoscaler: {
      async enable(autoscalerOptions) {
        await ready;
        clusterAutoscaler.enable(autoscalerOptions);
      },
      disable: () => clusterAutoscaler.disable(),
      status: () => clusterAutoscaler.status(),
    },
    async traffic() {
      const active = await running();
      return { ...(await active.traffic()), page: pageTraffic.counts() };
    },
    async connect(ip, port) {
      const active = await running();
      const ends = active.router.connect(ip, port);
      return pageTraffic.connection(ends.data, ends.reset, ip, port);
    },
    async exportBundle() {
      await ready;
      return exportBundle(client);
    },
    async importBundle(yaml) {
      await ready;
      return applyManifest(client, yaml);
    },
    async shareLink(page = location.href) {
      return shareLink(page, await playground.exportBundle());
    },
    async reset() {
      playground.terminate();
      // An in-memory cluster has nothing stored but its volumes, which terminate() deletes.
      if (!options.inMemory) await wipeCluster(options.database, volumesDatabase);
      options.onReset?.();
    },
    async localHttp(port, request, signal) {
      await ready;
      const target = localPorts.target(port);
      if (!target) throw new ConnectionError(Errno.CONNREFUSED, 'Connection refused');
      if ('serve' in target) return target.serve(request);
      const ends = target.connect();
      const connection = new StreamConnection(ends.data, ends.reset);
      const abort = () => connection.abort();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        await connection.established;
        return await httpExchange(connection, request);
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    async kubectl(line, options = {}) {
      await ready;
      const context: Omit<KubectlContext, 'stdout' | 'stderr'> = {
        client,
        clock,
        config: kubeconfig,
        signal: options.signal,
        stdin: options.stdin,
        input: options.input,
        readFile: options.readFile,
        logs: (r) =>
          playground.logs(r.namespace, r.pod, r.container, {
            previous: r.previous,
            tailLines: r.tailLines,
            timestamps: r.timestamps,
          }),
      };
      context.portForward = async (request) => {
        const active = await running();
        const pod = await client.get<Pod>(podResource, request.namespace, request.pod);
        const ip = pod.status?.podIP;
        if (!ip) throw new Error(`pod ${request.pod} has no IP address`);
        const bindings = request.ports.map(({ local, remote }) => {
          const bound = localPorts.bind(local, {
            connect: () => {
              request.onConnection(bound!);
              return active.router.connect(ip, remote);
            },
          });
          return bound === undefined
            ? { local, remote, error: 'address already in use' }
            : { local: bound, remote };
        });
        const release = () => {
          for (const b of bindings) if (!b.error) localPorts.release(b.local);
        };
        if (request.signal?.aborted) release();
        else request.signal?.addEventListener('abort', release, { once: true });
        return bindings;
      };
      context.proxy = async (request) => {
        const port = localPorts.bind(request.port, {
          serve: (http) => serveApiOverHttp(api, http, request),
        });
        if (port === undefined) throw new Error('address already in use');
        const release = () => localPorts.release(port);
        if (request.signal?.aborted) release();
        else request.signal?.addEventListener('abort', release, { once: true });
        return { port };
      };
      context.attach = async (request) => {
        const active = await running();
        const pod = await client.get<Pod>(podResource, request.namespace, request.pod);
        const nodeName = pod.spec.nodeName;
        if (!nodeName) throw new Error(`pod ${request.pod} does not have a host assigned`);
        const answer = await active.attach(
          nodeName,
          request.namespace,
          request.pod,
          request.container,
          stdinPort(request.input, request.signal),
        );
        if (!answer) throw new Error(`the node ${nodeName} of pod ${request.pod} is not running`);
        if ('error' in answer) throw new StatusError(answer.error);
      };
      context.exec = async (request, onOutput) => {
        const active = await running();
        const pod = await client.get<Pod>(podResource, request.namespace, request.pod);
        const nodeName = pod.spec.nodeName;
        // The apiserver refuses to proxy an exec to a pod without a node.
        if (!nodeName) throw new Error(`pod ${request.pod} does not have a host assigned`);
        const answer = await active.exec(
          nodeName,
          request.namespace,
          request.pod,
          request.container,
          request.command,
          onOutput,
          request.signal,
          request.stdin ? stdinPort(request.stdin, request.signal) : undefined,
          request.tty,
        );
        if (!answer) {
          throw new Error(
            `error dialing backend: dial tcp: connect: connection refused (node ${nodeName} is not running)`,
          );
        }
        if ('error' in answer) throw execError(answer.error);
        return answer;
      };
      return kubectl(line, context, options.onOutput);
    },
    terminate() {
      if (terminated) return;
      terminated = true;
      clusterAutoscaler.disable();
      fleet?.killAll();
      remote[Comlink.releaseProxy]();
      worker.terminate();
      if (options.inMemory && !options.volumesDatabase) void deleteVolumeDatabase(volumesDatabase);
    },
  };
  return playground;
}

/** A Node's role from its node-role label, as kubectl's ROLES column reads it. */
function roleOf(node: Node): NodeRole {
  return node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined
    ? 'control-plane'
    : 'worker';
}
