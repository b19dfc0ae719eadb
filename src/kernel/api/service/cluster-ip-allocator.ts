import type { Random } from '../object-meta.ts';
import {
  formatIP,
  ipv4ToNumber,
  numberToIPv4,
  parseIPSloppy,
  parseIPv4Cidr,
  toIPv4,
} from '../../util/ip-address.ts';
import { AllocationMap, rangeOffset } from './allocation-map.ts';
import type { ValueAllocator } from './allocation-op.ts';

/** kind's (and kubeadm's) default service CIDR. */
export const defaultServiceCidr = '10.96.0.0/16';

/**
 * Cluster IPs of one IPv4 service CIDR (the apiserver's ipallocator): every address but the
 * network and broadcast ones; the first 256 are kept for addresses asked for by number
 * (10.96.0.1 for `kubernetes`, 10.96.0.10 for DNS).
 */
export class ClusterIPAllocator implements ValueAllocator<string> {
  private readonly first: number;
  private readonly map: AllocationMap;
  readonly allocatedMessage = 'provided IP is already allocated';

  constructor(
    readonly cidr: string,
    random: Random,
  ) {
    const parsed = parseIPv4Cidr(cidr);
    if (!parsed) throw new Error(`invalid service CIDR ${cidr}`);
    const rangeSize = 2 ** (32 - parsed.prefix);
    this.first = parsed.base + 1;
    const size = Math.max(0, rangeSize - 2);
    this.map = new AllocationMap(size, rangeOffset(rangeSize, 16, 256, 16), random);
  }

  private indexOf(ip: string): number | undefined {
    const bytes = parseIPSloppy(ip);
    const v4 = bytes && toIPv4(bytes);
    if (!v4) return undefined;
    const i = ipv4ToNumber(v4) - this.first;
    return i >= 0 && i < this.map.size ? i : undefined;
  }

  private shown(ip: string): string {
    const bytes = parseIPSloppy(ip);
    return bytes ? formatIP(bytes) : ip;
  }

  check(ip: string): string | undefined {
    const i = this.indexOf(ip);
    if (i === undefined) {
      return `the provided IP (${this.shown(ip)}) is not in the valid range. The range of valid IPs is ${this.cidr}`;
    }
    return this.map.has(i) ? this.allocatedMessage : undefined;
  }

  allocate(ip: string): string | undefined {
    const problem = this.check(ip);
    if (problem) return problem;
    this.map.allocate(this.indexOf(ip)!);
    return undefined;
  }

  pick(exclude: ReadonlySet<string>): string | undefined {
    const excluded = new Set<number>();
    for (const ip of exclude) {
      const i = this.indexOf(ip);
      if (i !== undefined) excluded.add(i);
    }
    const i = this.map.pick(excluded);
    return i === undefined ? undefined : numberToIPv4(this.first + i);
  }

  release(ip: string): void {
    const i = this.indexOf(ip);
    if (i !== undefined) this.map.release(i);
  }

  has(ip: string): boolean {
    const i = this.indexOf(ip);
    return i !== undefined && this.map.has(i);
  }
}
