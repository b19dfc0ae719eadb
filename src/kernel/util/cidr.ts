/**
 * IP addresses and CIDR ranges as Go's net package (and k8s.io/utils/net's sloppy parsers)
 * reads them: IPv4 dotted quads (leading zeros allowed, as ParseIPSloppy allows them) and
 * IPv6 with `::` compression or an embedded IPv4 tail. Addresses are kept as 16-byte arrays,
 * IPv4 in its IPv4-mapped IPv6 form, so one containment check serves both families.
 */

/** A parsed range: the network's 16 bytes and the prefix length counted over 128 bits. */
export interface Cidr {
  bytes: Uint8Array;
  /** Prefix length over the 16-byte form (an IPv4 /24 is 120). */
  bits: number;
  ipv4: boolean;
}

const v4MappedPrefix = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (!v4) return undefined;
        out.push(...v4);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
      const n = parseInt(piece, 16);
      out.push(n >> 8, n & 0xff);
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 16 ? head : undefined;
  const missing = 16 - head.length - tail.length;
  if (missing < 2) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** The 16-byte form of an IPv4 or IPv6 address, or undefined when it is not one. */
export function parseIP(text: string): { bytes: Uint8Array; ipv4: boolean } | undefined {
  const v4 = parseIPv4(text);
  if (v4) return { bytes: Uint8Array.from([...v4MappedPrefix, ...v4]), ipv4: true };
  if (!text.includes(':')) return undefined;
  const v6 = parseIPv6(text);
  return v6 ? { bytes: Uint8Array.from(v6), ipv4: false } : undefined;
}

/**
 * A CIDR such as `10.0.0.0/16` or `2001:db8::/64`, masked to its network (the host bits of
 * `10.0.0.1/16` are dropped, as ParseCIDR does); undefined when it is not one.
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (ip.ipv4 ? 32 : 128)) return undefined;
  const bits = ip.ipv4 ? prefix + 96 : prefix;
  const bytes = ip.bytes.slice();
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] &= (0xff << (8 - keep)) & 0xff;
  }
  return { bytes, bits, ipv4: ip.ipv4 };
}

/** True when `ip` (16-byte form) lies inside `cidr`. */
export function cidrContainsBytes(cidr: Cidr, ip: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, cidr.bits - i * 8));
    const mask = (0xff << (8 - keep)) & 0xff;
    if ((ip[i] & mask) !== cidr.bytes[i]) return false;
  }
  return true;
}

/** True when the address text `ip` lies inside `cidr`; false for an unparsable address. */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  const parsed = parseIP(ip);
  return parsed !== undefined && cidrContainsBytes(cidr, parsed.bytes);
}
