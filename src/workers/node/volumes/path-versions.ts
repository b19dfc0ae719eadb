import type { SharedPath, VersionStamp } from './volume-peers.ts';

/** Whether version `a` is later than `b` (any version is later than none). */
export function isLater(a: VersionStamp, b: VersionStamp | undefined): boolean {
  if (!b) return true;
  if (a.time !== b.time) return a.time > b.time;
  return a.node > b.node;
}

/**
 * A node's source of version stamps: the wall clock, but never at or behind a stamp this node
 * made or saw (a hybrid logical clock), so a change made after seeing another is later than it
 * even when the two nodes' clocks disagree by a little.
 */
export class VersionClock {
  private last = 0;

  constructor(
    readonly node: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A stamp later than every one made or observed so far. */
  next(): VersionStamp {
    this.last = Math.max(this.now(), this.last + 1);
    return { time: this.last, node: this.node };
  }

  /** Takes note of another node's stamp. */
  observe(stamp: VersionStamp): void {
    if (stamp.time > this.last) this.last = stamp.time;
  }
}

/**
 * One node's versions of the paths of a volume it shares live with other nodes: last writer
 * wins, per path. A change made here is stamped when it is written to the store; another
 * node's version of a path is taken only when it is later than the one here, and never over
 * a change made here and not stamped yet (that one will be stamped later still, and win).
 */
export class PathVersions {
  private readonly stamps = new Map<string, VersionStamp>();

  constructor(private readonly clock: VersionClock) {}

  /** Stamps paths this node changed with one new version; returns it. */
  stampLocal(paths: readonly string[]): VersionStamp {
    const stamp = this.clock.next();
    for (const path of paths) this.stamps.set(path, stamp);
    return stamp;
  }

  /**
   * Of another node's paths, those to take (their versions are recorded as this node's);
   * `pending` says whether a path has a change here not stamped yet.
   */
  accept(paths: readonly SharedPath[], pending: (path: string) => boolean): SharedPath[] {
    const taken: SharedPath[] = [];
    for (const shared of paths) {
      this.clock.observe(shared.stamp);
      if (pending(shared.path) || !isLater(shared.stamp, this.stamps.get(shared.path))) continue;
      this.stamps.set(shared.path, shared.stamp);
      taken.push(shared);
    }
    return taken;
  }
}
