import { WASM_PAGE_BYTES } from './module-memory.ts';
import type { ContainerExit } from './types.ts';

/** Exit code of a container killed by SIGKILL (128 + 9), which is also what OOMKilled shows. */
export const EXIT_CODE_KILLED = 137;
/** Exit code of a trapped module: 128 + SIGABRT, as wasmtime reports a trap on Unix. */
export const EXIT_CODE_TRAP = 134;
/** Exit code containerd reports when a container's process could not be started. */
export const EXIT_CODE_START_ERROR = 128;

/** How a module's run ended, as its container worker saw it. */
export type ModuleEnd =
  | { kind: 'exit'; exitCode: number; memoryBytes: number; finishedAt: number }
  | { kind: 'trap'; message: string; memoryBytes: number; finishedAt: number };

/**
 * The memory, in bytes, that a module capped for `limitBytes` may hold: whole 64 KiB pages,
 * rounded down, so the cap never exceeds the limit.
 */
export function memoryCapBytes(limitBytes: number): number {
  return Math.floor(limitBytes / WASM_PAGE_BYTES) * WASM_PAGE_BYTES;
}

/**
 * How close to its cap a module's memory must be, when it ends abnormally, for the end to be
 * blamed on the cap. The engine does not tell the host that a `memory.grow` failed, so the
 * runtime infers it: an allocation fails once it needs more than the room left, so a module
 * that died with less room than a typical large allocation left most likely died of it.
 * The margin is 1/16 of the cap, and never below 2 MiB (allocators commonly ask for 1 MiB
 * chunks). A single allocation bigger than the margin that fails far below the cap is not
 * recognised and is reported as the program's own Error.
 */
export function oomMarginBytes(capBytes: number): number {
  return Math.max(2 * 1024 * 1024, Math.floor(capBytes / 16));
}

/**
 * Turns a module's end into the container's terminated state: exit 0 is Completed; a non-zero
 * exit or a trap is Error (a trap with exit code 134 and its message), unless the container
 * had a memory limit and ended with its memory within `oomMarginBytes` of the cap, which is
 * OOMKilled with exit code 137, as a cgroup OOM kill shows in Kubernetes.
 */
export function containerExit(end: ModuleEnd, memoryLimitBytes?: number): ContainerExit {
  const abnormal = end.kind === 'trap' || end.exitCode !== 0;
  if (abnormal && memoryLimitBytes !== undefined) {
    const cap = memoryCapBytes(memoryLimitBytes);
    if (cap - end.memoryBytes < oomMarginBytes(cap)) {
      return { exitCode: EXIT_CODE_KILLED, reason: 'OOMKilled', finishedAt: end.finishedAt };
    }
  }
  if (end.kind === 'trap') {
    return {
      exitCode: EXIT_CODE_TRAP,
      reason: 'Error',
      message: `wasm trap: ${end.message}`,
      finishedAt: end.finishedAt,
    };
  }
  return {
    exitCode: end.exitCode,
    reason: end.exitCode === 0 ? 'Completed' : 'Error',
    finishedAt: end.finishedAt,
  };
}
