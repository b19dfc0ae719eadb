import { deleteDB, openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { CommitBatch, KeyValue, PersistenceBackend } from './types.ts';

/**
 * The database layout. Chromium's IndexedDB costs about 65 µs per record written, whatever its
 * size (measured: 20,000 puts of one key each took 1.3–1.6 s in one transaction, the same data
 * in 20 records 25–55 ms), so one record per key caps the store near 14,000 writes/s. The
 * store is kept in few, large records instead, like a log-structured store:
 * - `log`: one record per commit (its puts and deletes), keyed by the commit's revision;
 * - `snapshot`: the state as of the last checkpoint, in chunks of up to CHUNK_SIZE values;
 * - `meta`: the store's global revision.
 * The state is the snapshot with the log replayed over it in revision order. A checkpoint
 * rewrites the snapshot and empties the log in the same transaction as a commit.
 */
interface StoreDbSchema extends DBSchema {
  log: { key: number; value: LogEntry };
  snapshot: { key: number; value: KeyValue[] };
  meta: { key: 'revision'; value: number };
}

interface LogEntry {
  puts: KeyValue[];
  deletes: string[];
}

const SCHEMA_VERSION = 1;
const CHUNK_SIZE = 1000;

export interface IdbBackendOptions {
  /**
   * Durability of commit transactions; 'relaxed' unless told otherwise. With 'relaxed',
   * Chromium fires `complete` once the transaction is written to its backing store in the
   * browser process and handed to the OS, without an fsync. That already survives a page
   * reload, a terminated kernel worker and a crashed renderer, which is what the store
   * promises (test/kernel/store/crash.test.ts kills the worker mid-burst). 'strict' adds an
   * fsync per commit, which guards only against an OS crash or power loss, and it sits in the
   * latency of every group commit: measured with bench/store.bench.ts (Chromium 156, Linux,
   * ext4 on a virtual disk), one sequential writer got ~1,500 acknowledged writes/s relaxed
   * against ~970/s strict, and 200 concurrent writers ~170,000/s against ~130,000/s. fsync is
   * cheap on that machine; on slower disks the gap only widens. Chromium itself defaults to
   * relaxed since version 121.
   */
  durability?: IDBTransactionDurability;
  /**
   * A commit folds the log into the snapshot once the log would hold this many writes
   * (default 20,000), or as many as there are live keys if that is more: a load then replays a
   * bounded log, and each write is rewritten a bounded number of times on average.
   */
  checkpointWrites?: number;
}

/**
 * Persistence in IndexedDB. Each commit writes its puts, deletes and the new revision in one
 * readwrite transaction and resolves only once that transaction has committed, so a reload or
 * a terminated worker loses nothing that was acknowledged. One backend instance per database:
 * two writers on one database would overwrite each other's checkpoints.
 */
export class IdbBackend implements PersistenceBackend {
  /** The persisted state (kept to write checkpoints without reading the database back). */
  private live = new Map<string, KeyValue>();
  /** Writes in the log since the last checkpoint. */
  private logWrites = 0;

  private constructor(
    private readonly db: IDBPDatabase<StoreDbSchema>,
    private readonly durability: IDBTransactionDurability,
    private readonly checkpointWrites: number,
  ) {}

  /** Opens (creating on first use) the database `dbName`. */
  static async open(dbName: string, options: IdbBackendOptions = {}): Promise<IdbBackend> {
    const db = await openDB<StoreDbSchema>(dbName, SCHEMA_VERSION, {
      upgrade(database) {
        database.createObjectStore('log');
        database.createObjectStore('snapshot');
        database.createObjectStore('meta');
      },
    });
    return new IdbBackend(db, options.durability ?? 'relaxed', options.checkpointWrites ?? 20_000);
  }

  async load(): Promise<{ revision: number; items: KeyValue[] }> {
    const tx = this.db.transaction(['snapshot', 'log', 'meta'], 'readonly');
    const [chunks, log, revision] = await Promise.all([
      tx.objectStore('snapshot').getAll(),
      tx.objectStore('log').getAll(),
      tx.objectStore('meta').get('revision'),
      tx.done,
    ]);
    const live = new Map<string, KeyValue>();
    for (const chunk of chunks) for (const kv of chunk) live.set(kv.key, kv);
    let logWrites = 0;
    // getAll returns records in key order, that is in revision order.
    for (const entry of log) {
      applyEntry(live, entry);
      logWrites += entry.puts.length + entry.deletes.length;
    }
    this.live = live;
    this.logWrites = logWrites;
    return { revision: revision ?? 0, items: [...live.values()] };
  }

  async commit(batch: CommitBatch): Promise<void> {
    const entry: LogEntry = { puts: batch.puts, deletes: batch.deletes };
    const writes = entry.puts.length + entry.deletes.length;
    const checkpoint = this.logWrites + writes >= Math.max(this.checkpointWrites, this.live.size);
    const next = checkpoint ? applyEntry(new Map(this.live), entry) : undefined;

    const tx = this.db.transaction(['snapshot', 'log', 'meta'], 'readwrite', {
      durability: this.durability,
    });
    // Requests go through the raw object stores: idb would wrap each in a promise that nobody
    // awaits (and that would reject unhandled on abort); `tx.done` reports them all at once.
    if (next) {
      const snapshot = unwrap(tx.objectStore('snapshot'));
      snapshot.clear();
      unwrap(tx.objectStore('log')).clear();
      const values = [...next.values()];
      for (let i = 0; i * CHUNK_SIZE < values.length; i++) {
        snapshot.put(values.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE), i);
      }
    } else {
      unwrap(tx.objectStore('log')).put(entry, batch.revision);
    }
    unwrap(tx.objectStore('meta')).put(batch.revision, 'revision');
    tx.commit();
    await tx.done;

    if (next) {
      this.live = next;
      this.logWrites = 0;
    } else {
      applyEntry(this.live, entry);
      this.logWrites += writes;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Applies one commit's writes to `state` in place and returns it. */
function applyEntry(state: Map<string, KeyValue>, entry: LogEntry): Map<string, KeyValue> {
  for (const kv of entry.puts) state.set(kv.key, kv);
  for (const key of entry.deletes) state.delete(key);
  return state;
}

/** Opens the IndexedDB backend stored in the database `dbName`. */
export function openIdbBackend(dbName: string, options?: IdbBackendOptions): Promise<IdbBackend> {
  return IdbBackend.open(dbName, options);
}

/** Deletes the database `dbName`; resolves once every connection to it has closed. */
export function deleteIdbBackend(dbName: string): Promise<void> {
  return deleteDB(dbName);
}
