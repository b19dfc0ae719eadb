/**
 * The kernel worker's API as the page sees it (through comlink). Everything that crosses is
 * plain data: requests, responses and Status bodies.
 */
import type { ClockAnchor } from '../kernel/clock/scaled-clock.ts';
import type { TimingPresetName } from '../kernel/clock/presets.ts';
import type { ApiEndpoint } from './api-endpoint.ts';

export interface KernelBootOptions {
  /** IndexedDB database holding the cluster; reopening it restores the cluster. */
  database: string;
  timing: TimingPresetName;
  /** Keep the cluster in memory only (nothing survives a reload). */
  inMemory?: boolean;
  /**
   * The IndexedDB database of the cluster's persistent volumes, where reclaimed volumes' data
   * is deleted; `<database>-volumes` by default.
   */
  volumesDatabase?: string;
}

export interface KernelWorkerApi extends ApiEndpoint {
  /** Boots the control plane; resolves to the cluster clock's anchor for other workers to follow. */
  boot(options: KernelBootOptions): Promise<ClockAnchor>;
  /** Serves the API on another port (a node worker's). */
  connect(port: MessagePort): void;
  /** Sets how fast cluster time runs (0 pauses it); resolves to the new anchor. */
  setSpeed(speed: number): Promise<ClockAnchor>;
}
