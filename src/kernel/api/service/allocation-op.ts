/** What an allocation operation needs from an IP or port allocator. */
export interface ValueAllocator<T> {
  /** Why `value` cannot be allocated (out of range, taken), or undefined when it can. */
  check(value: T): string | undefined;
  /** Takes `value`; returns the problem instead when it cannot. */
  allocate(value: T): string | undefined;
  /** A free value as the next allocation would choose it, not taken; undefined when full. */
  pick(exclude: ReadonlySet<T>): T | undefined;
  release(value: T): void;
  has(value: T): boolean;
  /** The error for a value that is taken. */
  readonly allocatedMessage: string;
}

/**
 * One request's allocations from one allocator (portallocator.PortAllocationOperation): values
 * taken now are given back by `revert`; releases are deferred until `commit`, so a failed
 * write leaves everything as it was. A dry run takes nothing: it only checks and picks.
 */
export class AllocationOp<T> {
  private readonly allocated: T[] = [];
  private readonly deferred: T[] = [];

  constructor(
    private readonly allocator: ValueAllocator<T>,
    private readonly dryRun: boolean,
  ) {}

  allocate(value: T): string | undefined {
    if (this.allocated.includes(value)) return this.allocator.allocatedMessage;
    const problem = this.dryRun ? this.allocator.check(value) : this.allocator.allocate(value);
    if (!problem) this.allocated.push(value);
    return problem;
  }

  /** Picks and takes a free value; undefined when the range is full. */
  allocateNext(): T | undefined {
    const value = this.allocator.pick(new Set(this.allocated));
    if (value === undefined) return undefined;
    if (!this.dryRun) this.allocator.allocate(value);
    this.allocated.push(value);
    return value;
  }

  releaseDeferred(value: T): void {
    this.deferred.push(value);
  }

  commit(): void {
    if (this.dryRun) return;
    for (const value of this.deferred) {
      if (!this.allocated.includes(value)) this.allocator.release(value);
    }
  }

  revert(): void {
    if (this.dryRun) return;
    for (const value of this.allocated) this.allocator.release(value);
  }
}
