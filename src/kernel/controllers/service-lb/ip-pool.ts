import { ipv4ToNumber, numberToIPv4, parseIPStrict } from '../../util/ip-address.ts';

/** kind's docker network leaves 172.18.255.200–250 for load balancers (as MetalLB setups do). */
export const defaultLoadBalancerPool = { first: '172.18.255.200', last: '172.18.255.250' };

function toNumber(ip: string): number | undefined {
  const bytes = parseIPStrict(ip);
  return bytes && bytes.length === 4 ? ipv4ToNumber(bytes) : undefined;
}

/**
 * The simulated cloud's load balancer addresses: one per Service (by uid), the lowest free
 * one unless the Service keeps or asks for a particular one.
 */
export class LoadBalancerIPPool {
  private readonly first: number;
  private readonly last: number;
  private readonly byService = new Map<string, string>();

  constructor(range = defaultLoadBalancerPool) {
    this.first = toNumber(range.first)!;
    this.last = toNumber(range.last)!;
  }

  /** `172.18.255.200-172.18.255.250`. */
  get range(): string {
    return `${numberToIPv4(this.first)}-${numberToIPv4(this.last)}`;
  }

  contains(ip: string): boolean {
    const n = toNumber(ip);
    return n !== undefined && n >= this.first && n <= this.last;
  }

  /** The address a Service holds, if any. */
  addressOf(uid: string): string | undefined {
    return this.byService.get(uid);
  }

  private holder(ip: string): string | undefined {
    for (const [uid, held] of this.byService) if (held === ip) return uid;
    return undefined;
  }

  /** Records that a Service holds `ip` (known from its status); false when another holds it. */
  claim(uid: string, ip: string): boolean {
    if (!this.contains(ip)) return false;
    const holder = this.holder(ip);
    if (holder && holder !== uid) return false;
    this.byService.set(uid, ip);
    return true;
  }

  /**
   * The Service's address: the one it holds, else the first of `preferred` that is free, else
   * the lowest free one; undefined when the pool is used up.
   */
  assign(uid: string, preferred: readonly string[] = []): string | undefined {
    const held = this.byService.get(uid);
    if (held) return held;
    for (const ip of preferred) if (this.claim(uid, ip)) return ip;
    const taken = new Set(this.byService.values());
    for (let n = this.first; n <= this.last; n++) {
      const ip = numberToIPv4(n);
      if (!taken.has(ip)) {
        this.byService.set(uid, ip);
        return ip;
      }
    }
    return undefined;
  }

  release(uid: string): boolean {
    return this.byService.delete(uid);
  }
}
