import type { Random } from '../object-meta.ts';
import { AllocationMap, rangeOffset } from './allocation-map.ts';
import type { ValueAllocator } from './allocation-op.ts';

/** The default --service-node-port-range. */
export const defaultNodePortRange = { base: 30000, size: 2768 };

/**
 * Node ports (the apiserver's portallocator) from 30000–32767, the lowest 86 kept for ports
 * asked for by number.
 */
export class NodePortAllocator implements ValueAllocator<number> {
  private readonly map: AllocationMap;
  readonly allocatedMessage = 'provided port is already allocated';

  constructor(
    random: Random,
    private readonly base = defaultNodePortRange.base,
    private readonly size = defaultNodePortRange.size,
  ) {
    this.map = new AllocationMap(size, rangeOffset(size, 16, 128, 32), random);
  }

  /** `30000-32767`, as net.PortRange prints. */
  get range(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }

  private indexOf(port: number): number | undefined {
    const i = port - this.base;
    return Number.isInteger(i) && i >= 0 && i < this.size ? i : undefined;
  }

  check(port: number): string | undefined {
    const i = this.indexOf(port);
    if (i === undefined) {
      return `provided port is not in the valid range. The range of valid ports is ${this.range}`;
    }
    return this.map.has(i) ? this.allocatedMessage : undefined;
  }

  allocate(port: number): string | undefined {
    const problem = this.check(port);
    if (problem) return problem;
    this.map.allocate(this.indexOf(port)!);
    return undefined;
  }

  pick(exclude: ReadonlySet<number>): number | undefined {
    const excluded = new Set<number>();
    for (const port of exclude) {
      const i = this.indexOf(port);
      if (i !== undefined) excluded.add(i);
    }
    const i = this.map.pick(excluded);
    return i === undefined ? undefined : this.base + i;
  }

  release(port: number): void {
    const i = this.indexOf(port);
    if (i !== undefined) this.map.release(i);
  }

  has(port: number): boolean {
    const i = this.indexOf(port);
    return i !== undefined && this.map.has(i);
  }
}
