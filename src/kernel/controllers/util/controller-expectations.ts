import type { Clock } from '../../clock/clock.ts';

/** How long unmet expectations block a controller before it acts anyway (client-go: 5 minutes). */
export const expectationsTimeout = 5 * 60_000;

interface Expectation {
  add: number;
  del: number;
  /** When the expectations were set, in cluster time. */
  timestamp: number;
  /** Keys (`namespace/name`) of the pods whose deletion is awaited. */
  deletions: Set<string>;
}

/**
 * client-go's UIDTrackingControllerExpectations: a controller records how many creations and
 * which deletions it has just asked for, and its informer handlers count them off as the
 * watch reports them. Until they are all seen (or 5 minutes pass) the controller must not act
 * on the owner again, since its cache does not yet show its own writes and it would create or
 * delete twice.
 */
export class ControllerExpectations {
  private readonly expectations = new Map<string, Expectation>();

  constructor(
    private readonly clock: Clock,
    private readonly timeout = expectationsTimeout,
  ) {}

  /** True when the owner may be synced: nothing awaited, everything seen, or the wait expired. */
  satisfied(key: string): boolean {
    const e = this.expectations.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.now() - e.timestamp > this.timeout;
  }

  /** Replaces the owner's expectations with `count` creations. */
  expectCreations(key: string, count: number): void {
    this.expectations.set(key, {
      add: count,
      del: 0,
      timestamp: this.clock.now(),
      deletions: new Set(),
    });
  }

  /** Replaces the owner's expectations with the deletion of these pods. */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    const deletions = new Set(podKeys);
    this.expectations.set(key, {
      add: 0,
      del: deletions.size,
      timestamp: this.clock.now(),
      deletions,
    });
  }

  /**
   * SetExpectations: replaces the owner's expectations with `count` creations and the deletion
   * of these pods at once (the DaemonSet controller asks for both in one sync).
   */
  expectCreationsAndDeletions(key: string, count: number, podKeys: readonly string[]): void {
    const deletions = new Set(podKeys);
    this.expectations.set(key, {
      add: count,
      del: deletions.size,
      timestamp: this.clock.now(),
      deletions,
    });
  }

  /** One awaited creation was seen (or will never come, because the create failed). */
  creationObserved(key: string): void {
    const e = this.expectations.get(key);
    if (e) e.add--;
  }

  /** A pod's deletion was seen; counts only pods whose deletion this owner asked for. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.expectations.get(key);
    if (e?.deletions.delete(podKey)) e.del--;
  }

  /** Forgets the owner (it was deleted). */
  delete(key: string): void {
    this.expectations.delete(key);
  }
}
