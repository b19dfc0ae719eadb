import type { ContainerNetRequest, NodeNetMessage } from '../net/protocol.ts';
import type { FilesystemSpec, VolumeChange } from './fs/fs-protocol.ts';

/**
 * The container runtime's interface, as the kubelet sees it (a small CRI): start a WASI module
 * as a container in its own worker, stream its output, learn how it ended, kill it, and carry
 * its network messages (src/workers/net/protocol.ts) both ways.
 */

/** A resolved image: the compiled module and the digest-like id kubectl shows as imageID. */
export interface ResolvedImage {
  /** The image as the pod named it (`ticker:1.0`). */
  image: string;
  /** `builtin://ticker@sha256:...`: says it is a built-in WASI module, and which build. */
  imageID: string;
  module: WebAssembly.Module;
  /**
   * The module's binary, kept so that a memory-limited variant (its memory maximum rewritten)
   * can be compiled for containers that have a memory limit. Never modified.
   */
  bytes: Uint8Array;
  /**
   * The image is a WAGI handler (index.json's `"wagi": true`): its containers get `WAGI=1` in
   * their environment unless they set `WAGI` themselves (wasm-apps/README.md, WAGI handlers).
   */
  wagi?: boolean;
  /**
   * The image's configuration, for a stand-in for a well-known image (stand-ins.ts): its
   * ENTRYPOINT, CMD and ENV, from which the runtime builds a container's argv and environment
   * as a container runtime does. Images without one run as `[program, ...command, ...args]`.
   */
  config?: ImageConfig;
}

/** What an OCI image's config says about how its containers start. */
export interface ImageConfig {
  /** The stand-in (stand-ins.ts) whose programs and entrypoint scripts the image has. */
  standIn: string;
  entrypoint: string[];
  cmd: string[];
  /** Environment every container of the image starts with; the container's own env wins. */
  env: [string, string][];
  /**
   * Resolves the toolbox module, for an image that has a shell: a container whose argv[0] is
   * one of the toolbox's applets (sh, echo, sleep...) runs it, as the image's own shell would.
   */
  utilities?: () => Promise<ResolvedImage | ImagePullFailure>;
  /** Files in the image's root filesystem, by path from `/` (a stand-in's StandIn.files). */
  files?: Readonly<Record<string, string>>;
}

/** Why an image could not be pulled, as the kubelet reports it in the container's waiting state. */
export interface ImagePullFailure {
  image: string;
  /**
   * `ErrImagePull` when the reference is well formed but names no image (the kubelet then
   * backs off to ImagePullBackOff); `InvalidImageName` when it cannot be parsed at all.
   */
  reason: 'ErrImagePull' | 'InvalidImageName';
  message: string;
}

/** True when a pull failed. */
export function isPullFailure(
  result: ResolvedImage | ImagePullFailure,
): result is ImagePullFailure {
  return 'reason' in result;
}

/** Finds images by name; modules are compiled once and shared. */
export interface ImageRegistry {
  pull(image: string): Promise<ResolvedImage | ImagePullFailure>;
}

export interface ContainerStartSpec {
  /** Unique per container instance (a restart is a new id): `wasi://<hex>`. */
  containerID: string;
  image: ResolvedImage;
  /** argv[1..]: the container's command and args already expanded (argv[0] is the image name). */
  args: string[];
  /**
   * The container's command and args apart (expanded), when the caller has them: the runtime
   * then builds argv as Kubernetes and the container runtime do (`command` replaces the
   * image's ENTRYPOINT, `args` its CMD), and `args` above is not used.
   */
  process?: { command?: string[]; args?: string[] };
  /** Environment variables, in order. */
  env: [string, string][];
  /** The memory limit in bytes, when the container has one: the module's memory is capped there. */
  memoryLimitBytes?: number;
  /**
   * The CPU limit in millicores, when the container has one: its module is paused at import
   * calls once it has used its share of each 100 ms period, as CFS quota throttles (cpu-quota.ts).
   */
  cpuLimitMillicores?: number;
  /** The container's link to its node's network; without it the network imports fail with NOTSUP. */
  network?: ContainerNetwork;
  /** The container's volumes and mounts; without them it has no files at all. */
  filesystem?: ContainerFilesystem;
  /**
   * Interactive standard input (`kubectl exec -i`): a port on which StdinMessage chunks come,
   * then `{eof: true}`. Transferred to the container. Without it stdin is empty.
   */
  stdin?: MessagePort;
  /** stdin is a terminal (`exec -t`, a pod's `tty: true`): isatty(0) holds, a shell prompts. */
  tty?: boolean;
}

/** A container's files, as its node gives them (see fs/fs-protocol.ts). */
export interface ContainerFilesystem extends FilesystemSpec {
  /**
   * Receives each change the program makes to a volume, in order, as it makes them (one per
   * mutating WASI call); the node applies it to its copy and passes it on.
   */
  changed(volume: string, change: VolumeChange): void;
}

/** How a container reaches its node's network (the node's side of protocol.ts). */
export interface ContainerNetwork {
  /**
   * Ports the node listens on for this container before it starts (the container sends no
   * `listen` for them): connections to them come to it as `incoming`, and it finds them as
   * preopened listening descriptors (LISTEN_FDS...), in this order. A port its program later
   * listens on itself is routed to it too; it refuses the connections that come while no
   * descriptor listens there.
   */
  listenPorts: number[];
  /**
   * Receives each request the container posts, in order (a `connect`'s data port already
   * transferred to this thread). After its program ends, the container has posted `closed`
   * for each of its connections before the runtime reports the exit.
   */
  request(message: ContainerNetRequest): void;
}

export type LogStream = 'stdout' | 'stderr';

/** How a container ended, in the terms of a ContainerStateTerminated. */
export interface ContainerExit {
  exitCode: number;
  /**
   * `Completed` (0), `Error` (non-zero, a trap, or killed), `OOMKilled` (past its memory
   * limit; 137), `StartError` (the module could not be instantiated and never ran; 128, as
   * containerd reports a failed exec).
   */
  reason: 'Completed' | 'Error' | 'OOMKilled' | 'StartError';
  /** A trap's or start failure's message, or why it was killed. */
  message?: string;
  /** Set when it was killed (137, as SIGKILL) rather than ending on its own. */
  signal?: number;
  /** Cluster-independent wall-clock time (ms since epoch) it ended. */
  finishedAt: number;
}

export interface RunningContainer {
  readonly containerID: string;
  /** Wall-clock ms since epoch when the module started running. */
  readonly startedAt: number;
  /** Resolves once when the container ends, on its own or killed. */
  readonly exited: Promise<ContainerExit>;
  /** Stops it at once (terminates its worker): exit code 137, signal 9. */
  kill(reason?: string): void;
  /**
   * Stops it as the kubelet does when it deletes the pod or replaces the container: SIGTERM,
   * then SIGKILL once the grace period is over. A program that handles SIGTERM (a stand-in's
   * `stopsOnSigterm`: nginx, Apache, redis-server) ends at once `Completed` with exit code 0;
   * any other is PID 1 without a handler, ignores it, and ends as `kill` ends it (137). The
   * grace period is not waited out here: the kubelet's preStop hook has already run.
   */
  stop(reason?: string): void;
  /**
   * Delivers a message from the node's network to the container (an `incoming`'s ports are
   * transferred). An `incoming` for a container that has ended, or never started, is answered
   * `refused` here; other messages for it are dropped.
   */
  network(message: NodeNetMessage): void;
  /**
   * Brings a change made elsewhere (another container, the node) into one of the container's
   * volumes; the program sees it from its next WASI call after the worker has handled it (a
   * program that never yields to its worker sees it only then). Dropped once it has ended.
   */
  volumeChanged(volume: string, change: VolumeChange): void;
  /**
   * Bytes of linear memory the module holds, as last reported: the module grows its memory
   * without telling the host, so this is updated at each of its WASI calls and at its end.
   */
  memoryBytes(): number;
  /**
   * CPU time (ns) the module has spent running so far, excluding its waits: as its worker last
   * reported it, plus the time since when that report said it was running (a computing module
   * cannot report), at most its CPU limit's share of that time when the limit is below one core
   * (the quota lets it run no more). Stops growing once the container has ended.
   */
  cpuNanos(): number;
}

export interface ContainerRuntime {
  /** Starts a container; `onLog` receives its output as it is written, one call per chunk. */
  start(
    spec: ContainerStartSpec,
    onLog: (stream: LogStream, text: string) => void,
  ): Promise<RunningContainer>;
}
