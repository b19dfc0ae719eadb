/**
 * The kernel worker's API as the page sees it (through comlink). Everything that crosses is
 * plain data: requests, responses and Status bodies.
 */
import type { ApiRequest, ApiResponse } from '../kernel/api/types.ts';
import type { TimingPresetName } from '../kernel/clock/presets.ts';
import type { WatchEvent } from '../kernel/types/meta.ts';

export interface KernelBootOptions {
  /** IndexedDB database holding the cluster; reopening it restores the cluster. */
  database: string;
  timing: TimingPresetName;
  /** Keep the cluster in memory only (nothing survives a reload). */
  inMemory?: boolean;
}

export interface KernelWorkerApi {
  boot(options: KernelBootOptions): Promise<void>;
  request(request: ApiRequest): Promise<ApiResponse>;
  /** Starts a watch; events go to `onEvent`. Resolves to an id for `stopWatch`, or to an error response. */
  watch(request: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<number | ApiResponse>;
  stopWatch(id: number): void;
  /** Sets how fast cluster time runs (0 pauses it). */
  setSpeed(speed: number): void;
}
