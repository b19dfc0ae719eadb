/**
 * Messages between a node worker and one container worker. Plain data only (a
 * WebAssembly.Module is structured-cloneable between workers of one page).
 */

export interface StartContainerMessage {
  type: 'start';
  module: WebAssembly.Module;
  /** argv, argv[0] first. */
  argv: string[];
  /** `NAME=value` strings, as WASI environ. */
  env: string[];
  /** Cap on linear memory in bytes, when limited. */
  memoryLimitBytes?: number;
}

export type ContainerToNodeMessage =
  | { type: 'started'; startedAt: number }
  | { type: 'log'; stream: 'stdout' | 'stderr'; text: string }
  /** The module's memory size, sent when it grows (for OOM decisions and metrics). */
  | { type: 'memory'; bytes: number }
  | { type: 'exit'; exitCode: number; finishedAt: number }
  | { type: 'trap'; message: string; memoryBytes: number; finishedAt: number };
