/**
 * The etcd-like store's narrow interface (after kine): keys with create and mod revisions, one
 * global revision, compare-and-swap writes, prefix lists, and watches from a revision over a
 * compacted event history. Values are serialized JSON strings: immutable, cheap to persist.
 */

export interface KeyValue {
  key: string;
  value: string;
  /** Revision at which this key was created (stays the same across updates). */
  createRevision: number;
  /** Revision of the last write to this key: Kubernetes' resourceVersion. */
  modRevision: number;
}

/** A committed change. For a delete, `kv.modRevision` is the delete's revision and `kv.value` the last value. */
export interface StoreEvent {
  type: 'put' | 'delete';
  kv: KeyValue;
  /** The key's value before this change; absent for a create. */
  prevKv?: KeyValue;
}

export type StoreErrorCode =
  'KeyExists' | 'KeyNotFound' | 'RevisionMismatch' | 'Compacted' | 'FutureRevision' | 'Closed';

/** A store failure with a code; `current` is the key's present value where one exists. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly current?: KeyValue,
    /** For Compacted: the oldest revision a watch or list can still start from. */
    readonly compactRevision?: number,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface ListResult {
  items: KeyValue[];
  /** The store revision the list reflects. */
  revision: number;
}

export interface WatchHandle {
  cancel(): void;
}

export interface Store {
  /** Highest committed revision. */
  revision(): number;
  /** Oldest revision from which `watch` and `list({revision})` still work; older ones are Compacted. */
  compactRevision(): number;
  get(key: string): Promise<KeyValue | undefined>;
  /** Keys starting with `prefix`, sorted by key, at the latest revision or at `revision`. */
  list(prefix: string, options?: { revision?: number }): Promise<ListResult>;
  /** Fails with KeyExists when the key is present. */
  create(key: string, value: string): Promise<KeyValue>;
  /** Compare-and-swap: fails with RevisionMismatch unless the key's modRevision is `expectedModRevision`. */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /** Deletes the key (CAS when `expectedModRevision` is given); resolves to its last value. */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * Delivers, in revision order, every committed event under `prefix` with a revision above
   * `afterRevision`, then live ones. Throws Compacted when `afterRevision` is older than the
   * kept history. Events are delivered only after their write is durable.
   */
  watch(prefix: string, afterRevision: number, onEvent: (event: StoreEvent) => void): WatchHandle;
  /** Forgets event history up to and including `revision`. */
  compact(revision: number): void;
  close(): Promise<void>;
}

/** A batch of writes that must become durable together (one group commit). */
export interface CommitBatch {
  revision: number;
  puts: KeyValue[];
  deletes: string[];
}

/** Where a store keeps its state between runs. Only the latest value of each key is persisted. */
export interface PersistenceBackend {
  /** Reads everything back, for opening a store. */
  load(): Promise<{ revision: number; items: KeyValue[] }>;
  /** Resolves only once the batch is durable (for IndexedDB: its transaction has committed). */
  commit(batch: CommitBatch): Promise<void>;
  close(): Promise<void>;
}
