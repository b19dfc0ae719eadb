/**
 * uidTrackingExpectations for finalizers: the pods whose tracking finalizer the Job
 * controller has asked to remove and whose update it has not seen yet. Until it sees them, a
 * sync must not count those pods again.
 */
export class FinalizerExpectations {
  private readonly byJob = new Map<string, Set<string>>();

  /** Pod uids of `jobKey` whose finalizer removal is awaited. */
  expected(jobKey: string): ReadonlySet<string> {
    return this.byJob.get(jobKey) ?? new Set();
  }

  expectRemoved(jobKey: string, uids: readonly string[]): void {
    const set = this.byJob.get(jobKey) ?? new Set<string>();
    for (const uid of uids) set.add(uid);
    this.byJob.set(jobKey, set);
  }

  /** The pod was seen without the finalizer (or gone), or its removal failed. */
  observed(jobKey: string, uid: string): void {
    const set = this.byJob.get(jobKey);
    if (!set) return;
    set.delete(uid);
    if (set.size === 0) this.byJob.delete(jobKey);
  }

  delete(jobKey: string): void {
    this.byJob.delete(jobKey);
  }
}
