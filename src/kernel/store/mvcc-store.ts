import {
  StoreError,
  type CommitBatch,
  type KeyValue,
  type ListResult,
  type PersistenceBackend,
  type Store,
  type StoreEvent,
  type WatchHandle,
} from './types.ts';

export interface StoreOptions {
  /** Events kept for watches and historical lists; older ones are compacted away. */
  historyLimit?: number;
}

interface PendingWrite {
  event: StoreEvent;
  resolve: (kv: KeyValue) => void;
  reject: (err: unknown) => void;
}

/** A refusal caused by writes not yet durable, held until they are. */
interface HeldRefusal {
  /** Delivered once the committed revision reaches this. */
  revision: number;
  error: StoreError;
  reject: (err: unknown) => void;
}

interface Watcher {
  prefix: string;
  lastDelivered: number;
  queue: StoreEvent[];
  draining: boolean;
  cancelled: boolean;
  onEvent: (event: StoreEvent) => void;
}

/**
 * Opens a store over a persistence backend. The whole current state lives in memory; every
 * write is checked and ordered here synchronously, then made durable in group commits: all
 * writes issued while a commit is in flight go into the next single batch. A write's promise
 * resolves, and its watch event is sent, only after its batch is durable. Reads see committed
 * data only, so nothing a reader saw can be lost by a crash. A write refused because of
 * writes that are not yet durable (KeyExists, KeyNotFound, RevisionMismatch) is refused only
 * once they are: a caller that re-reads after the refusal then sees what caused it, so
 * read-modify-write retry loops make progress instead of re-reading the same stale value.
 */
export async function openStore(
  backend: PersistenceBackend,
  options: StoreOptions = {},
): Promise<Store> {
  const loaded = await backend.load();
  return new MvccStore(backend, loaded.revision, loaded.items, options.historyLimit ?? 50_000);
}

class MvccStore implements Store {
  /** Latest state including writes not yet durable: what compare-and-swap checks against. */
  private applied = new Map<string, KeyValue>();
  /** Durable state: what readers see. */
  private committed = new Map<string, KeyValue>();
  private appliedRevision: number;
  private committedRevision: number;
  private compactedRevision: number;
  /** Committed events above compactedRevision, in revision order. */
  private history: StoreEvent[] = [];
  private pending: PendingWrite[] = [];
  /** In revision order. */
  private heldRefusals: HeldRefusal[] = [];
  private flushing = false;
  private flushScheduled = false;
  private idle: (() => void)[] = [];
  private watchers = new Set<Watcher>();
  private closed = false;
  private failure: unknown = undefined;

  constructor(
    private readonly backend: PersistenceBackend,
    revision: number,
    items: KeyValue[],
    private readonly historyLimit: number,
  ) {
    this.appliedRevision = revision;
    this.committedRevision = revision;
    this.compactedRevision = revision;
    for (const kv of items) {
      this.applied.set(kv.key, kv);
      this.committed.set(kv.key, kv);
    }
  }

  revision(): number {
    return this.committedRevision;
  }

  compactRevision(): number {
    return this.compactedRevision;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.checkOpen();
    return this.committed.get(key);
  }

  async list(prefix: string, options: { revision?: number } = {}): Promise<ListResult> {
    this.checkOpen();
    const at = options.revision ?? this.committedRevision;
    if (at > this.committedRevision) {
      throw new StoreError('FutureRevision', `required revision ${at} is a future revision`);
    }
    if (at < this.compactedRevision) {
      throw new StoreError(
        'Compacted',
        `required revision ${at} has been compacted`,
        undefined,
        this.compactedRevision,
      );
    }
    const view = new Map<string, KeyValue>();
    for (const [key, kv] of this.committed) if (key.startsWith(prefix)) view.set(key, kv);
    // Roll the committed view back to `at` by undoing newer events, newest first.
    for (let i = this.history.length - 1; i >= 0; i--) {
      const event = this.history[i];
      if (event.kv.modRevision <= at) break;
      if (!event.kv.key.startsWith(prefix)) continue;
      if (event.prevKv) view.set(event.kv.key, event.prevKv);
      else view.delete(event.kv.key);
    }
    const items = [...view.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { items, revision: at };
  }

  create(key: string, value: string): Promise<KeyValue> {
    // A rejected promise, not a throw, like every other failure of a write.
    const refusal = this.refusal();
    if (refusal) return Promise.reject(refusal);
    const existing = this.applied.get(key);
    if (existing) return this.refuse(new StoreError('KeyExists', `key ${key} exists`, existing));
    const revision = ++this.appliedRevision;
    const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision };
    this.applied.set(key, kv);
    return this.enqueue({ type: 'put', kv });
  }

  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    const refusal = this.refusal();
    if (refusal) return Promise.reject(refusal);
    const existing = this.applied.get(key);
    if (!existing) return this.refuse(new StoreError('KeyNotFound', `key ${key} not found`));
    if (existing.modRevision !== expectedModRevision) {
      return this.refuse(
        new StoreError(
          'RevisionMismatch',
          `key ${key} is at revision ${existing.modRevision}, not ${expectedModRevision}`,
          existing,
        ),
      );
    }
    const revision = ++this.appliedRevision;
    const kv: KeyValue = {
      key,
      value,
      createRevision: existing.createRevision,
      modRevision: revision,
    };
    this.applied.set(key, kv);
    return this.enqueue({ type: 'put', kv, prevKv: existing });
  }

  delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    const refusal = this.refusal();
    if (refusal) return Promise.reject(refusal);
    const existing = this.applied.get(key);
    if (!existing) return this.refuse(new StoreError('KeyNotFound', `key ${key} not found`));
    if (expectedModRevision !== undefined && existing.modRevision !== expectedModRevision) {
      return this.refuse(
        new StoreError(
          'RevisionMismatch',
          `key ${key} is at revision ${existing.modRevision}, not ${expectedModRevision}`,
          existing,
        ),
      );
    }
    const revision = ++this.appliedRevision;
    this.applied.delete(key);
    const kv: KeyValue = { ...existing, modRevision: revision };
    return this.enqueue({ type: 'delete', kv, prevKv: existing });
  }

  watch(prefix: string, afterRevision: number, onEvent: (event: StoreEvent) => void): WatchHandle {
    this.checkOpen();
    if (afterRevision < this.compactedRevision) {
      throw new StoreError(
        'Compacted',
        `required revision ${afterRevision} has been compacted`,
        undefined,
        this.compactedRevision,
      );
    }
    const watcher: Watcher = {
      prefix,
      lastDelivered: afterRevision,
      queue: this.history.filter(
        (e) => e.kv.modRevision > afterRevision && e.kv.key.startsWith(prefix),
      ),
      draining: false,
      cancelled: false,
      onEvent,
    };
    this.watchers.add(watcher);
    this.drainSoon(watcher);
    return {
      cancel: () => {
        watcher.cancelled = true;
        watcher.queue = [];
        this.watchers.delete(watcher);
      },
    };
  }

  compact(revision: number): void {
    const upTo = Math.min(revision, this.committedRevision);
    if (upTo <= this.compactedRevision) return;
    let drop = 0;
    while (drop < this.history.length && this.history[drop].kv.modRevision <= upTo) drop++;
    this.history.splice(0, drop);
    this.compactedRevision = upTo;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushing || this.pending.length > 0) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    for (const w of this.watchers) w.cancelled = true;
    this.watchers.clear();
    await this.backend.close();
  }

  private checkOpen(): void {
    const refusal = this.refusal();
    if (refusal) throw refusal;
  }

  /** Why the store takes no more calls, if it does not. */
  private refusal(): StoreError | undefined {
    if (this.failure !== undefined) {
      return new StoreError('Closed', `store failed to persist a write: ${String(this.failure)}`);
    }
    if (this.closed) return new StoreError('Closed', 'store is closed');
    return undefined;
  }

  /** Rejects with `error` once every write applied so far is durable (at once if none is pending). */
  private refuse(error: StoreError): Promise<never> {
    if (this.appliedRevision <= this.committedRevision) return Promise.reject(error);
    return new Promise<never>((_, reject) =>
      this.heldRefusals.push({ revision: this.appliedRevision, error, reject }),
    );
  }

  private enqueue(event: StoreEvent): Promise<KeyValue> {
    return new Promise<KeyValue>((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushing || this.flushScheduled) return;
    this.flushScheduled = true;
    // Writes issued in the same turn join one batch.
    queueMicrotask(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    if (this.pending.length === 0) {
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    this.flushing = true;
    const writes = this.pending;
    this.pending = [];
    const batch = toBatch(writes.map((w) => w.event));
    try {
      await this.backend.commit(batch);
    } catch (err) {
      // Memory now holds writes that are not durable and cannot be undone safely alongside
      // later ones; refuse everything from here on so no reader sees state that may be lost.
      this.failure = err;
      this.flushing = false;
      for (const w of [...writes, ...this.pending.splice(0)]) w.reject(err);
      // What caused these refusals will never be durable: the store's failure is the answer.
      for (const held of this.heldRefusals.splice(0)) held.reject(this.refusal());
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    for (const w of writes) this.commitEvent(w.event);
    this.committedRevision = batch.revision;
    this.trimHistory();
    for (const watcher of this.watchers) this.drainSoon(watcher);
    for (const w of writes) w.resolve(w.event.kv);
    let due = 0;
    while (due < this.heldRefusals.length && this.heldRefusals[due].revision <= batch.revision)
      due++;
    for (const held of this.heldRefusals.splice(0, due)) held.reject(held.error);
    this.flushing = false;
    void this.flush();
  }

  private commitEvent(event: StoreEvent): void {
    if (event.type === 'put') this.committed.set(event.kv.key, event.kv);
    else this.committed.delete(event.kv.key);
    this.history.push(event);
    for (const watcher of this.watchers) {
      if (event.kv.key.startsWith(watcher.prefix)) watcher.queue.push(event);
    }
  }

  private trimHistory(): void {
    const excess = this.history.length - this.historyLimit;
    if (excess > 0) this.compact(this.history[excess - 1].kv.modRevision);
  }

  private drainSoon(watcher: Watcher): void {
    if (watcher.draining || watcher.queue.length === 0) return;
    watcher.draining = true;
    queueMicrotask(() => {
      watcher.draining = false;
      const queue = watcher.queue;
      watcher.queue = [];
      for (const event of queue) {
        if (watcher.cancelled) return;
        if (event.kv.modRevision <= watcher.lastDelivered) continue;
        watcher.lastDelivered = event.kv.modRevision;
        try {
          watcher.onEvent(event);
        } catch (err) {
          console.error('store watcher threw', err);
        }
      }
    });
  }
}

/** Collapses a run of events into the final put or delete of each key. */
function toBatch(events: StoreEvent[]): CommitBatch {
  const last = new Map<string, StoreEvent>();
  for (const e of events) last.set(e.kv.key, e);
  const batch: CommitBatch = {
    revision: events[events.length - 1].kv.modRevision,
    puts: [],
    deletes: [],
  };
  for (const e of last.values()) {
    if (e.type === 'put') batch.puts.push(e.kv);
    else batch.deletes.push(e.kv.key);
  }
  return batch;
}
