import type { EndpointSlice } from '../../types/discovery.ts';

const deleted = -1;

/**
 * endpointSliceTracker: the generation of each slice this controller last wrote, per Service,
 * so a sync never acts on a cache that has not seen those writes yet (it would create a
 * duplicate slice, or rewrite one from an old copy).
 */
export class SliceTracker {
  private readonly written = new Map<string, Map<string, number>>();

  /** Remembers a slice just created or updated. */
  wrote(serviceKey: string, slice: EndpointSlice): void {
    const uid = slice.metadata.uid;
    if (!uid) return;
    this.entries(serviceKey).set(uid, slice.metadata.generation ?? 0);
  }

  /** Remembers a slice just deleted. */
  deleted(serviceKey: string, slice: EndpointSlice): void {
    const uid = slice.metadata.uid;
    if (uid) this.entries(serviceKey).set(uid, deleted);
  }

  /**
   * True while the cached slices lack a write this controller made: a slice it wrote missing
   * or older, or one it deleted still there. Observed deletions are forgotten.
   */
  stale(serviceKey: string, cached: readonly EndpointSlice[]): boolean {
    const entries = this.written.get(serviceKey);
    if (!entries) return false;
    const byUid = new Map(cached.map((s) => [s.metadata.uid ?? '', s]));
    for (const [uid, generation] of entries) {
      const slice = byUid.get(uid);
      if (generation === deleted) {
        if (slice) return true;
        entries.delete(uid);
      } else if (!slice || (slice.metadata.generation ?? 0) < generation) {
        return true;
      }
    }
    return false;
  }

  /**
   * A slice's deletion seen in the cache: forgets the slice, whoever deleted it. The Service
   * needs another sync either way (one may have been skipped as stale while it was cached).
   */
  observedDeletion(serviceKey: string, slice: EndpointSlice): void {
    this.written.get(serviceKey)?.delete(slice.metadata.uid ?? '');
  }

  /** Forgets a Service that is gone. */
  forget(serviceKey: string): void {
    this.written.delete(serviceKey);
  }

  private entries(serviceKey: string): Map<string, number> {
    let entries = this.written.get(serviceKey);
    if (!entries) this.written.set(serviceKey, (entries = new Map()));
    return entries;
  }
}
