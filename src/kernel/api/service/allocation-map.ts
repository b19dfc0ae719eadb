import type { Random } from '../object-meta.ts';

/**
 * Which of `size` consecutive values (IPs of a range, node ports) are taken, as the
 * apiserver's allocation bitmap with a random scan and an offset: values picked for a client
 * come at random from above `offset` first, so the low band stays free for values clients
 * ask for by number, and fall back to the low band once the upper one is full.
 */
export class AllocationMap {
  private readonly taken: Uint8Array;
  private count = 0;

  constructor(
    readonly size: number,
    readonly offset: number,
    private readonly random: Random,
  ) {
    this.taken = new Uint8Array(size);
  }

  has(i: number): boolean {
    return this.taken[i] === 1;
  }

  /** Marks `i` taken; false when it already was. */
  allocate(i: number): boolean {
    if (this.taken[i]) return false;
    this.taken[i] = 1;
    this.count++;
    return true;
  }

  release(i: number): void {
    if (!this.taken[i]) return;
    this.taken[i] = 0;
    this.count--;
  }

  /** A free value (not taken and not in `exclude`), chosen as allocateNext would, without taking it. */
  pick(exclude: ReadonlySet<number> = new Set()): number | undefined {
    if (this.count + exclude.size >= this.size) return undefined;
    const free = (i: number) => !this.taken[i] && !exclude.has(i);
    const scan = (from: number, length: number): number | undefined => {
      if (length <= 0) return undefined;
      const start = Math.floor(this.random.next() * length);
      for (let k = 0; k < length; k++) {
        const at = from + ((start + k) % length);
        if (free(at)) return at;
      }
      return undefined;
    };
    return scan(this.offset, this.size - this.offset) ?? scan(0, this.offset);
  }
}

/** The apiserver's offset rule: min(max(lowest, size / step), highest), 0 for tiny ranges. */
export function rangeOffset(size: number, lowest: number, highest: number, step: number): number {
  if (size <= lowest) return 0;
  return Math.min(Math.max(lowest, Math.floor(size / step)), highest);
}
