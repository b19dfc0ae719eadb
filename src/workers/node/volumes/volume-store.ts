import type { VolumeEntry } from '../../runtime/fs/fs-protocol.ts';

/**
 * Where persistent volumes' files live between mounts (IndexedDB in a node worker, memory in
 * tests): one record per directory or file, so that a change rewrites only what it touched.
 * Every node of a cluster opens the same store, which is what lets a volume follow its pod to
 * another node and outlive a page reload.
 */
export interface VolumeStore {
  /** Every entry of the volume stored under `key`, parents first; none for a new volume. */
  load(key: string): Promise<VolumeEntry[]>;
  /** Stores `put` and deletes `remove` (paths, with nothing under them) as one transaction. */
  save(key: string, put: readonly VolumeEntry[], remove: readonly string[]): Promise<void>;
  /** Deletes the volume's every record. */
  remove(key: string): Promise<void>;
}

/**
 * Claims on persistent volumes across the nodes of a tab: a ReadWriteOnce volume is held by one
 * node at a time (exclusive), others may share (shared). A claim ends when released, or when
 * its holder's worker is terminated (the node died).
 */
export interface VolumeLocks {
  /** The release of the claim, or undefined at once when another holder has it. */
  tryAcquire(key: string, shared: boolean): Promise<(() => void) | undefined>;
}

/** A store that keeps volumes in this worker's memory (tests, and clusters kept in memory). */
export class MemoryVolumeStore implements VolumeStore {
  private readonly volumes = new Map<string, Map<string, VolumeEntry>>();

  async load(key: string): Promise<VolumeEntry[]> {
    const records = this.volumes.get(key);
    if (!records) return [];
    return [...records.keys()].sort().map((path) => copyEntry(records.get(path)!));
  }

  async save(key: string, put: readonly VolumeEntry[], remove: readonly string[]): Promise<void> {
    let records = this.volumes.get(key);
    if (!records) this.volumes.set(key, (records = new Map()));
    for (const path of remove) records.delete(path);
    for (const entry of put) records.set(entry.path, copyEntry(entry));
  }

  async remove(key: string): Promise<void> {
    this.volumes.delete(key);
  }
}

function copyEntry(entry: VolumeEntry): VolumeEntry {
  return entry.kind === 'file' ? { ...entry, data: entry.data.slice() } : { ...entry };
}

/** Claims through the Web Locks API, whose locks every worker of the page's origin shares. */
export class WebVolumeLocks implements VolumeLocks {
  constructor(private readonly prefix: string) {}

  async tryAcquire(key: string, shared: boolean): Promise<(() => void) | undefined> {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    if (!locks) return () => {};
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    return new Promise((resolve) => {
      void locks.request(
        `${this.prefix}/${key}`,
        { mode: shared ? 'shared' : 'exclusive', ifAvailable: true },
        (lock: Lock | null) => {
          if (!lock) {
            resolve(undefined);
            return undefined;
          }
          resolve(release);
          return held;
        },
      );
    });
  }
}
