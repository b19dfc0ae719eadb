/**
 * The pod creations and deletions a StatefulSet sync has asked for and the pod informer has
 * not shown yet. Until it has, the set's next sync would work from a cache that lacks its own
 * writes (creating a pod twice, or deleting one again), so the controller waits for the watch
 * (whose events enqueue the set) or, as client-go's expectations do, for five minutes at most.
 */
import type { Clock } from '../../clock/clock.ts';
import type { Pod } from '../../types/core.ts';
import { expectationsTimeout } from '../util/controller-expectations.ts';

interface Pending {
  creates: Set<string>;
  /** Pod name → uid of the pod whose deletion is awaited. */
  deletes: Map<string, string>;
  since: number;
}

export class PendingPodWrites {
  private readonly bySet = new Map<string, Pending>();

  constructor(private readonly clock: Clock) {}

  private entry(key: string): Pending {
    let e = this.bySet.get(key);
    if (!e) {
      e = { creates: new Set(), deletes: new Map(), since: this.clock.now() };
      this.bySet.set(key, e);
    }
    return e;
  }

  /** True when nothing is awaited for the set (or the wait has expired). */
  satisfied(key: string): boolean {
    const e = this.bySet.get(key);
    if (!e || (e.creates.size === 0 && e.deletes.size === 0)) return true;
    if (this.clock.now() - e.since > expectationsTimeout) {
      this.bySet.delete(key);
      return true;
    }
    return false;
  }

  expectCreate(key: string, name: string): void {
    this.entry(key).creates.add(name);
  }

  expectDelete(key: string, pod: Pod): void {
    this.entry(key).deletes.set(pod.metadata.name ?? '', pod.metadata.uid ?? '');
  }

  /** A create that will not be seen (it failed), or that the cache shows already. */
  createSettled(key: string, name: string): void {
    this.bySet.get(key)?.creates.delete(name);
  }

  /** A delete that will not be seen (it failed). */
  deleteSettled(key: string, name: string): void {
    this.bySet.get(key)?.deletes.delete(name);
  }

  /** The informer showed a pod: a created one, or a deleting (or deleted) one. */
  observed(key: string, pod: Pod, deleted: boolean): void {
    const e = this.bySet.get(key);
    if (!e) return;
    const name = pod.metadata.name ?? '';
    if (!deleted) e.creates.delete(name);
    if ((deleted || pod.metadata.deletionTimestamp) && e.deletes.get(name) === pod.metadata.uid)
      e.deletes.delete(name);
  }

  forget(key: string): void {
    this.bySet.delete(key);
  }
}
