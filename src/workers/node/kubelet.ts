import { badRequest, notFound, type Status } from '../../kernel/api/errors.ts';
import { pods } from '../../kernel/api/resources.ts';
import { sleep, type Clock } from '../../kernel/clock/clock.ts';
import type { Timing } from '../../kernel/clock/presets.ts';
import type { Client } from '../../kernel/client/client.ts';
import { EventRecorder } from '../../kernel/client/event-recorder.ts';
import { Informer } from '../../kernel/client/informer.ts';
import type { NodeSystemInfo, Pod, Taint } from '../../kernel/types/core.ts';
import type { ContainerSample } from '../../kernel/types/metrics.ts';
import type { ContainerRuntime, ImageRegistry, LogStream } from '../runtime/types.ts';
import { AttachableStdin } from './attachable-stdin.ts';
import { BackOff } from './back-off.ts';
import type { ServiceEnvSource } from './container-env.ts';
import { containerLogs, type ContainerLogOptions } from './container-logs.ts';
import { randomContainerID, type PodNetwork } from './container-starter.ts';
import { execInContainer, ExecSessions, type ExecResult } from './exec.ts';
import { ImagePuller } from './image-puller.ts';
import { LogStore } from './log-store.ts';
import { NodeLease } from './node-lease.ts';
import { defaultNodeInfo, initialNode, nodeStatus, type NodeConfig } from './node-object.ts';
import { registerNode } from './node-registration.ts';
import { NodeStatusReporter } from './node-status-reporter.ts';
import { PodIpAllocator } from './pod-ip-allocator.ts';
import { PodWorker, type ProbeDeps } from './pod-worker.ts';
import { ResourceMetricsReporter } from './resource-metrics-reporter.ts';
import { StreamConnection } from '../net/connection.ts';
import { VolumeHost } from './volumes/volume-host.ts';

export interface KubeletOptions {
  nodeName: string;
  /** A client of the cluster's API server (in a node worker: over its port to the kernel). */
  client: Client;
  /** The cluster clock. */
  clock: Clock;
  /**
   * Real time that stops while the cluster clock is paused (ScaledClock.realTime): keeps the
   * heartbeats at least timing.minHeartbeatRealInterval of real time apart. Without it (tests
   * on a FakeClock) heartbeats follow cluster time alone.
   */
  realTime?: Clock;
  timing: Timing;
  runtime: ContainerRuntime;
  images: ImageRegistry;
  capacity: { cpu: string; memory: string; pods: string };
  /** Labels beyond the kubelet's own; a control-plane node passes `controlPlaneRole.labels`. */
  labels?: Record<string, string>;
  /** Taints to register with; a control-plane node passes `controlPlaneRole.taints`. */
  taints?: Taint[];
  internalIP: string;
  /** The node's pod CIDR; by default the Node's spec.podCIDR (set by whoever registered it before). */
  podCIDR?: string;
  /** Overrides of the reported system info (defaultNodeInfo). */
  nodeInfo?: Partial<NodeSystemInfo>;
  /** The cluster's Services, for the `{SVC}_SERVICE_HOST`-style variables; none by default. */
  services?: () => readonly ServiceEnvSource[];
  /** Output kept per container instance (1 MiB by default). */
  maxLogBytes?: number;
  /** The node's share of the virtual network; without it containers have no sockets. */
  network?: PodNetwork;
  /**
   * The node's volumes; by default a host whose persistent volumes live only as long as it
   * (a node worker passes one backed by the cluster's volume store).
   */
  volumeHost?: VolumeHost;
}

export type LogResult = { text: string } | { error: Status };

/**
 * A node's kubelet, free of any transport: registers its Node (or takes over the one it
 * finds), renews its Lease and posts node status on the timing's schedule, watches the pods
 * bound to it and runs each with a PodWorker through the container runtime, and serves their
 * logs. `start` resolves once the Node is registered and the pods bound to it are known.
 * A node that dies is a terminated worker; `stop` is for tests and orderly shutdown.
 */
export class Kubelet {
  readonly logStore: LogStore;
  private readonly workers = new Map<string, PodWorker>();
  private readonly abort = new AbortController();
  private readonly execs = new ExecSessions();
  private readonly stdin = new AttachableStdin();
  readonly volumeHost: VolumeHost;
  private informer?: Informer<Pod>;
  private lease?: NodeLease;
  private reporter?: NodeStatusReporter;
  private metrics?: ResourceMetricsReporter;
  private stopped = false;

  constructor(private readonly options: KubeletOptions) {
    this.logStore = new LogStore(options.maxLogBytes);
    this.volumeHost = options.volumeHost ?? new VolumeHost();
  }

  get nodeName(): string {
    return this.options.nodeName;
  }

  async start(): Promise<void> {
    const o = this.options;
    const bootID = randomUuid();
    const info: NodeSystemInfo = { ...defaultNodeInfo(o.nodeName, bootID), ...o.nodeInfo };
    const config: NodeConfig = {
      nodeName: o.nodeName,
      capacity: o.capacity,
      labels: o.labels,
      taints: o.taints,
      internalIP: o.internalIP,
      podCIDR: o.podCIDR,
    };
    const events = new EventRecorder(o.client, o.clock, 'kubelet', o.nodeName);
    const puller = new ImagePuller(o.images, o.clock, o.timing);
    const reporter = new NodeStatusReporter(
      o.client,
      o.clock,
      o.timing.nodeStatusUpdateFrequency,
      config,
      info,
      events,
      () => puller.images(),
      o.realTime ? { realTime: o.realTime, ms: o.timing.minHeartbeatRealInterval } : undefined,
    );
    this.reporter = reporter;
    reporter.nodeEvent('Starting', 'Starting kubelet.');

    const first = nodeStatus({ config, info, images: [], now: o.clock.now() });
    const node = await this.retry(() =>
      registerNode(o.client, initialNode(config, info, first.status), config, info),
    );
    if (this.stopped) return;
    const created = node.status?.nodeInfo?.bootID === bootID;
    if (created) reporter.recordEvents(first.events);
    reporter.nodeEvent('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');

    const podCIDR = o.podCIDR ?? node.spec?.podCIDR;
    if (!podCIDR)
      throw new Error(`node ${o.nodeName} has no pod CIDR: pass podCIDR to the kubelet`);
    const ips = new PodIpAllocator(podCIDR);

    this.lease = new NodeLease(
      o.client,
      o.clock,
      o.timing,
      o.nodeName,
      node.metadata.uid ?? '',
      o.realTime,
    );
    await this.lease.start();
    await reporter.start();

    const informer = new Informer<Pod>(o.client, pods, {
      clock: o.clock,
      fieldSelector: `spec.nodeName=${o.nodeName}`,
    });
    this.informer = informer;
    const deps = {
      client: o.client,
      clock: o.clock,
      timing: o.timing,
      runtime: o.runtime,
      images: puller,
      logs: this.logStore,
      events,
      ips,
      hostIP: o.internalIP,
      restartBackOff: new BackOff(
        o.clock,
        o.timing.containerBackOffBase,
        o.timing.containerBackOffMax,
      ),
      services: o.services ?? (() => []),
      network: o.network,
      stdin: this.stdin,
      probes: o.network ? this.probeDeps(o.network, o.internalIP) : undefined,
      newContainerID: randomContainerID,
      cachedPod: (namespace: string, name: string) => informer.get(namespace, name),
      volumeHost: this.volumeHost,
      nodeName: o.nodeName,
    };
    const seen = (pod: Pod) => {
      if (this.stopped) return;
      const uid = pod.metadata.uid ?? '';
      this.execs.podUpdated(pod);
      const worker = this.workers.get(uid);
      if (worker) worker.update(pod);
      else if (!isFinished(pod)) this.workers.set(uid, new PodWorker(deps, pod));
    };
    informer.addEventHandler({
      add: seen,
      update: (_, pod) => seen(pod),
      delete: (pod) => {
        const uid = pod.metadata.uid ?? '';
        this.execs.podGone(uid);
        this.workers.get(uid)?.podDeleted();
        this.workers.delete(uid);
      },
    });
    void informer.start();
    await informer.synced;
    if (this.stopped) return;
    this.metrics = new ResourceMetricsReporter(
      o.client,
      o.clock,
      o.timing.metricResolution,
      o.nodeName,
      () => this.usage(),
    );
    this.metrics.start();
  }

  /** The running containers' usage on this node, for the resource metrics. */
  usage(): ContainerSample[] {
    return [...this.workers.values()].flatMap((worker) => worker.usage());
  }

  /** Stops everything this kubelet runs; containers are killed and nothing more is written. */
  stop(): void {
    this.stopped = true;
    this.abort.abort(new Error('kubelet stopped'));
    this.informer?.stop();
    this.lease?.stop();
    this.reporter?.stop();
    this.metrics?.stop();
    for (const worker of this.workers.values()) worker.stop();
    this.workers.clear();
    this.execs.endAll();
  }

  /**
   * A container's log, as `GET /api/v1/namespaces/{ns}/pods/{pod}/log` answers it (with
   * `previous`, `tailLines`, `timestamps`), or the Status kubectl would print.
   */
  logs(
    namespace: string,
    podName: string,
    container: string | undefined,
    options: ContainerLogOptions = {},
  ): LogResult {
    const pod = this.informer?.get(namespace, podName);
    if (!pod) return { error: notFound({ group: '', resource: 'pods' }, podName).status };
    const worker = this.workers.get(pod.metadata.uid ?? '');
    const status = worker ? worker.status() : (pod.status ?? {});
    const result = containerLogs(pod, status, this.logStore, container, options);
    return typeof result === 'string' ? { text: result } : { error: result.status };
  }

  /**
   * Kills a running container of a pod on this node (the playground's chaos): exit code 137,
   * then restarted as its pod's restartPolicy says. Answers the killed container's ID, or a
   * Status when the pod is not on this node (NotFound) or the container is not running.
   */
  killContainer(
    namespace: string,
    podName: string,
    container: string,
  ): { containerID: string } | { error: Status } {
    const pod = this.informer?.get(namespace, podName);
    const worker = pod && this.workers.get(pod.metadata.uid ?? '');
    if (!pod || !worker)
      return { error: notFound({ group: '', resource: 'pods' }, podName).status };
    if (!pod.spec.containers.some((c) => c.name === container)) {
      return {
        error: badRequest(`container ${container} is not valid for pod ${podName}`).status,
      };
    }
    const containerID = worker.killContainer(container);
    if (!containerID) {
      return {
        error: badRequest(`container "${container}" in pod "${podName}" is not running`).status,
      };
    }
    return { containerID };
  }

  /**
   * Runs `command` in a running container of a pod on this node (`kubectl exec`), streaming
   * its output; resolves to its exit code, or to the Status kubectl would print. The process
   * is killed when `signal` aborts, the pod is deleted, the container ends or the kubelet stops.
   */
  /** How the prober reaches containers: connections from this node, and exec. */
  private probeDeps(network: PodNetwork, nodeIP: string): ProbeDeps {
    return {
      ...(this.options.realTime ? { realTime: this.options.realTime } : {}),
      connect: (ip, port) => {
        const ends = network.openFromNode(nodeIP, ip, port);
        return new StreamConnection(ends.data, ends.ctl);
      },
      exec: async (pod, container, command, signal) => {
        let output = '';
        const result = await this.exec(
          pod.metadata.namespace ?? 'default',
          pod.metadata.name ?? '',
          container,
          command,
          (_stream, text) => (output += text),
          { signal },
        );
        if ('error' in result) return { exitCode: 1, output: result.error.message ?? '' };
        return { exitCode: result.exitCode, output };
      },
    };
  }

  /**
   * Sends an attach session's input (StdinMessage chunks on `session`, then the end) to a
   * container that keeps its stdin open; the kubelet's error when it has none.
   */
  attach(
    namespace: string,
    podName: string,
    container: string,
    session: MessagePort,
  ): { attached: true } | { error: Status } {
    const pod = this.informer?.get(namespace, podName);
    if (!pod) return { error: notFound(pods, podName).status };
    const spec = pod.spec.containers.find((c) => c.name === container);
    if (!spec?.stdin || !this.stdin.attach(pod.metadata.uid ?? '', container, session)) {
      session.close();
      return {
        error: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `container ${container} in pod ${podName} has no open standard input (stdin: true)`,
          reason: 'BadRequest',
          code: 400,
        },
      };
    }
    return { attached: true };
  }

  async exec(
    namespace: string,
    podName: string,
    container: string,
    command: string[],
    onOutput: (stream: LogStream, text: string) => void,
    options: { signal?: AbortSignal; stdin?: MessagePort; tty?: boolean } = {},
  ): Promise<ExecResult> {
    const pod = this.informer?.get(namespace, podName);
    const uid = pod?.metadata.uid ?? '';
    const worker = this.workers.get(uid);
    const status = worker ? worker.status() : pod?.status;
    const containerID = status?.containerStatuses?.find((s) => s.name === container)?.containerID;
    const ended = new AbortController();
    const forget = this.execs.add(uid, containerID, () => ended.abort());
    const signal = options.signal ? AbortSignal.any([options.signal, ended.signal]) : ended.signal;
    try {
      return await execInContainer(
        {
          runtime: this.options.runtime,
          images: this.options.images,
          services: this.options.services ?? (() => []),
          newContainerID: randomContainerID,
        },
        {
          pod,
          status,
          namespace,
          podName,
          container,
          command,
          signal,
          env: worker?.containerEnv(container),
          files: worker?.execFiles(container),
          stdin: options.stdin,
          tty: options.tty,
          openNetwork: worker ? (id) => worker.execNetwork(id) : undefined,
        },
        onOutput,
      );
    } finally {
      forget();
    }
  }

  /** Resolves once every pod worker's pending status writes are done (for tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.idle()));
  }

  /** Runs `attempt` until it succeeds, backing off from 100 ms to 7 s, as registration retries. */
  private async retry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let delay = 100; ; delay = Math.min(delay * 2, 7_000)) {
      try {
        return await attempt();
      } catch (err) {
        if (this.stopped) throw err;
        console.error(`kubelet: registering node ${this.options.nodeName}:`, err);
        await sleep(this.options.clock, delay, this.abort.signal);
      }
    }
  }
}

/** A random (version 4) UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
function randomUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A pod that ran to its end before: nothing is left to run for it. */
function isFinished(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
