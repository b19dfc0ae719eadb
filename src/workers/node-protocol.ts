/**
 * A node worker's API as the page sees it (through comlink). A node worker runs one kubelet
 * and the container workers of its pods; terminating it is the node dying.
 */
import type { Status } from '../kernel/api/errors.ts';
import type { ClockAnchor } from '../kernel/clock/scaled-clock.ts';
import type { TimingPresetName } from '../kernel/clock/presets.ts';
import type { NetworkFault, TrafficCounts } from './node/network/node-network.ts';

export type NodeRole = 'control-plane' | 'worker';

export interface NodeBootOptions {
  nodeName: string;
  role: NodeRole;
  timing: TimingPresetName;
  /** The cluster clock to follow (the kernel's). */
  clock: ClockAnchor;
  /** A port on which the kernel worker serves the API (ApiEndpoint). Transferred. */
  api: MessagePort;
  /** Where the built-in images are: `<url>/index.json` and the modules. */
  imagesUrl: string;
  /** The container worker script (the bundled one by default). */
  containerWorkerUrl?: string;
  capacity: { cpu: string; memory: string; pods: string };
  internalIP: string;
  podCIDR: string;
  /** The node's port to the page's network router (NetworkRouter.attachNode). Transferred. */
  network?: MessagePort;
  /**
   * The IndexedDB database of the cluster's persistent volumes (`<cluster>-volumes`), which
   * every node shares; without it persistent volumes live only as long as the node.
   */
  volumesDatabase?: string;
}

export interface LogRequestOptions {
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
}

export interface NodeWorkerApi {
  /** Starts the kubelet; resolves once its Node is registered. */
  boot(options: NodeBootOptions): Promise<void>;
  /** A container's log, or the error kubectl would print. */
  logs(
    namespace: string,
    pod: string,
    container: string | undefined,
    options: LogRequestOptions,
  ): Promise<{ text: string } | { error: Status }>;
  /**
   * Runs `command` in a running container (`kubectl exec`): its output goes to `onOutput` (a
   * Comlink.proxy) as written; resolves to its exit code, or to the error kubectl would print
   * (turn it into a thrown error with execError from node/exec.ts). `cancelExec(execID)` kills
   * it (an AbortSignal cannot cross a worker boundary).
   */
  exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
    execID?: string,
    /** Interactive input (`exec -i`): StdinMessage chunks, then the end. Transferred. */
    stdin?: MessagePort,
    /** The input is a terminal (`exec -t`). */
    tty?: boolean,
  ): Promise<{ exitCode: number } | { error: Status }>;
  /**
   * Attaches `session` (StdinMessage chunks, then the end; transferred) to the standard input
   * of a container that keeps it open (`stdin: true`); the kubelet's error when it has none.
   */
  attach(
    namespace: string,
    pod: string,
    container: string,
    session: MessagePort,
  ): { attached: true } | { error: Status };
  /** Kills the process of the exec started with this `execID` (Ctrl-C); unknown ids are ignored. */
  cancelExec(execID: string): void;
  /** Follows a change of the cluster clock (the speed control). */
  followClock(anchor: ClockAnchor): void;
  /** Connections this node has handled so far (cumulative), per pod and per Service. */
  traffic(): TrafficCounts;
  /**
   * Freezes (true) or thaws the node's link to the API server, as a network partition does:
   * while frozen its kubelet's requests and watch events are held, so its Lease and status
   * stop being renewed, but its containers keep running and serving.
   */
  setFrozen(frozen: boolean): void;
  /** Kills a running container (exit code 137); its pod's restartPolicy decides what follows. */
  killContainer(
    namespace: string,
    pod: string,
    container: string,
  ): { containerID: string } | { error: Status };
  /** Sets (or, with undefined, clears) the latency and loss of connections through this node. */
  setNetworkFault(fault: NetworkFault | undefined): void;
}
