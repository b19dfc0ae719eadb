import type { ContainerNetRequest, NodeNetMessage } from '../net/protocol.ts';
import type { FilesystemSpec, VolumeChange } from './fs/fs-protocol.ts';

/**
 * Messages between a node worker and one container worker. Plain data only (a
 * WebAssembly.Module is structured-cloneable between workers of one page), plus the network's
 * MessagePorts, which are transferred.
 */

export interface StartContainerMessage {
  type: 'start';
  /**
   * Interactive standard input (exec -i): StdinMessage chunks, then `{eof: true}`.
   * Transferred. Without it stdin is empty.
   */
  stdin?: MessagePort;
  /** stdin is a terminal: fd 0 says it is a character device, so isatty(0) holds. */
  tty?: boolean;
  /** The module to run, already compiled with the container's memory cap written into it. */
  module: WebAssembly.Module;
  /** argv, argv[0] first. */
  argv: string[];
  /** `NAME=value` strings, as WASI environ. */
  env: string[];
  /**
   * Set when the module imports its memory rather than defining it: the memory to create
   * for it (limits already capped).
   */
  importedMemory?: {
    module: string;
    name: string;
    initialPages: number;
    maximumPages?: number;
    shared: boolean;
  };
  /**
   * The container's CPU limit in millicores, when it has one: the worker's quota (cpu-quota.ts)
   * pauses the module at its import calls to keep it near the limit.
   */
  cpuLimitMillicores?: number;
  /** False when the container has no network: its network imports fail with NOTSUP. */
  network: boolean;
  /**
   * Ports the node already listens on for this container: each becomes a preopened listening
   * descriptor, in this order, right after the preopened directories.
   */
  listenPorts: number[];
  /**
   * The container's volumes and mounts: each directory mount is a preopened directory, from
   * fd 3 in mount order, before the listeners. Absent: no files at all.
   */
  filesystem?: FilesystemSpec;
}

export type NodeToContainerMessage =
  | StartContainerMessage
  /** A network message from the node (an `incoming`'s ports are transferred with it). */
  | { type: 'net'; message: NodeNetMessage }
  /** Another writer's change to one of the container's volumes (its buffers transferred). */
  | { type: 'volume'; volume: string; change: VolumeChange };

/** What a container worker reports; sizes are the module's linear memory in bytes. */
export type ContainerToNodeMessage =
  /** The module is instantiated and its `_start` is about to run. */
  | { type: 'started'; startedAt: number; memoryBytes: number }
  /** The module could not be instantiated or has no `_start`: it never ran. */
  | { type: 'start-error'; message: string; finishedAt: number }
  | { type: 'log'; stream: 'stdout' | 'stderr'; text: string }
  /** The module's memory size, sent when it has grown (for OOM decisions and metrics). */
  | { type: 'memory'; bytes: number }
  /**
   * The CPU time the module has spent running so far (ns, cumulative) and whether it was
   * running at `at` (wall-clock ms, sub-millisecond): sent when it runs again after a reported
   * wait, about every 250 ms while it keeps switching, and last before its `exit` or `trap`.
   */
  | { type: 'cpu'; cpuNanos: number; running: boolean; at: number }
  /** `_start` returned (0) or the module called proc_exit; the code is already 0..255. */
  | { type: 'exit'; exitCode: number; memoryBytes: number; finishedAt: number }
  /** The module trapped (unreachable, out-of-bounds access, stack overflow…). */
  | { type: 'trap'; message: string; memoryBytes: number; finishedAt: number }
  /** A network request for the node (a `connect`'s data port is transferred with it). */
  | { type: 'net'; request: ContainerNetRequest }
  /**
   * A change the program made to a volume, reported after each mutating file call (its
   * buffer transferred).
   */
  | { type: 'volume'; volume: string; change: VolumeChange };
