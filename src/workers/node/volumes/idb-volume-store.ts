import type { VolumeEntry } from '../../runtime/fs/fs-protocol.ts';
import type { VolumeStore } from './volume-store.ts';

const storeName = 'files';

/** One record: a directory or file of a volume, keyed by `[volume, path]`. */
type FileRecord = VolumeEntry;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('volume store transaction aborted'));
  });
}

/** Every key of one volume: `[volume]` sorts before `[volume, path]`, and `[volume, []]` after. */
function volumeRange(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

/**
 * The cluster's volume store in IndexedDB (database `<cluster>-volumes`): one record per
 * directory or file under the key `[volume, path]`, so a change rewrites only the files it
 * touched. Every node worker and the kernel worker of a tab open the same database, and it
 * outlives a reload. The database is opened on first use; a newer version elsewhere (a
 * deletion) closes this connection, which reopens when needed.
 */
export class IdbVolumeStore implements VolumeStore {
  private db?: Promise<IDBDatabase>;

  constructor(readonly databaseName: string) {}

  async load(key: string): Promise<VolumeEntry[]> {
    const db = await this.open();
    const tx = db.transaction(storeName, 'readonly');
    const records = (await request(tx.objectStore(storeName).getAll(volumeRange(key)))) as
      FileRecord[] | undefined;
    return (records ?? []).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async save(key: string, put: readonly VolumeEntry[], remove: readonly string[]): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(storeName, 'readwrite');
    const files = tx.objectStore(storeName);
    for (const path of remove) files.delete([key, path]);
    for (const entry of put) files.put(entry satisfies FileRecord, [key, entry.path]);
    await done(tx);
  }

  async remove(key: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(storeName, 'readwrite');
    tx.objectStore(storeName).delete(volumeRange(key));
    await done(tx);
  }

  /** Closes the connection (tests; a page deleting the database). */
  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    (await db?.catch(() => undefined))?.close();
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(this.databaseName, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(storeName)) {
          req.result.createObjectStore(storeName);
        }
      };
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => {
          db.close();
          this.db = undefined;
        };
        resolve(db);
      };
      req.onerror = () => {
        this.db = undefined;
        reject(req.error);
      };
    });
    return this.db;
  }
}

/** Deletes a cluster's volume database (an in-memory cluster's, when its page shuts it down). */
export function deleteVolumeDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => resolve();
    req.onblocked = () => resolve();
  });
}
