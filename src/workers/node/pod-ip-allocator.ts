/**
 * Hands out pod IPs from the node's pod CIDR as the host-local IPAM plugin does behind a
 * bridge: the network address and `.1` (the bridge's gateway) are never given, the broadcast
 * address neither, and addresses are taken in turn after the last one given, so a released
 * address is not reused at once.
 */
export class PodIpAllocator {
  private readonly network: number;
  private readonly size: number;
  private readonly owners = new Map<number, string>();
  private readonly byOwner = new Map<string, number>();
  private last: number;

  constructor(readonly cidr: string) {
    const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
    const prefix = match ? Number(match[5]) : NaN;
    const octets = match ? match.slice(1, 5).map(Number) : [];
    if (!match || prefix < 8 || prefix > 30 || octets.some((o) => o > 255)) {
      throw new Error(`invalid pod CIDR "${cidr}": expected an IPv4 CIDR from /8 to /30`);
    }
    const address = octets.reduce((a, o) => a * 256 + o, 0);
    this.size = 2 ** (32 - prefix);
    this.network = address - (address % this.size);
    this.last = 1;
  }

  /** Whether `ip` lies in this range (and could be given). */
  contains(ip: string): boolean {
    const offset = this.offsetOf(ip);
    return offset !== undefined && offset >= 2 && offset < this.size - 1;
  }

  /**
   * The address of `owner` (a pod uid): the one it has, else `preferred` when it is in range
   * and free (a pod keeping its address across a kubelet restart), else the next free one.
   * Undefined when the range is full.
   */
  allocate(owner: string, preferred?: string): string | undefined {
    const held = this.byOwner.get(owner);
    if (held !== undefined) return this.format(held);
    if (preferred !== undefined && this.contains(preferred)) {
      const offset = this.offsetOf(preferred)!;
      if (!this.owners.has(offset)) return this.take(owner, offset);
    }
    const usable = this.size - 3;
    for (let i = 1; i <= usable; i++) {
      const offset = ((this.last - 2 + i) % usable) + 2;
      if (!this.owners.has(offset)) {
        this.last = offset;
        return this.take(owner, offset);
      }
    }
    return undefined;
  }

  /** Gives back the address of `owner`, if it has one. */
  release(owner: string): void {
    const offset = this.byOwner.get(owner);
    if (offset === undefined) return;
    this.byOwner.delete(owner);
    this.owners.delete(offset);
  }

  private take(owner: string, offset: number): string {
    this.owners.set(offset, owner);
    this.byOwner.set(owner, offset);
    return this.format(offset);
  }

  private offsetOf(ip: string): number | undefined {
    const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
    if (!match) return undefined;
    const value = match.slice(1).reduce((a, o) => a * 256 + Number(o), 0);
    const offset = value - this.network;
    return offset >= 0 && offset < this.size ? offset : undefined;
  }

  private format(offset: number): string {
    const value = this.network + offset;
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
  }
}
