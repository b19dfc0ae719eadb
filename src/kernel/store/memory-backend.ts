import type { CommitBatch, KeyValue, PersistenceBackend } from './types.ts';

/**
 * Persistence in plain memory. A store reopened on the same instance finds what earlier
 * stores committed to it, which lets tests "reload" without IndexedDB.
 */
export class MemoryBackend implements PersistenceBackend {
  private items = new Map<string, KeyValue>();
  private revision = 0;
  /** Number of commit batches received: lets tests see group commit at work. */
  commits = 0;

  async load(): Promise<{ revision: number; items: KeyValue[] }> {
    return { revision: this.revision, items: [...this.items.values()] };
  }

  async commit(batch: CommitBatch): Promise<void> {
    this.commits++;
    for (const kv of batch.puts) this.items.set(kv.key, kv);
    for (const key of batch.deletes) this.items.delete(key);
    this.revision = Math.max(this.revision, batch.revision);
  }

  async close(): Promise<void> {}
}
