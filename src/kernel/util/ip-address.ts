/**
 * IP addresses as Go's net and net/netip packages read and print them: 4-byte IPv4 and
 * 16-byte IPv6 values, IPv4-mapped IPv6 addresses counting as IPv4, and the text forms
 * Kubernetes compares against (`net.IP.String()`).
 */

export type IPFamilyName = 'IPv4' | 'IPv6';

/** Dotted quad; `sloppy` accepts leading zeros in an octet, as netutils.ParseIPSloppy does. */
function parseIPv4Bytes(text: string, sloppy: boolean): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    if (!/^\d{1,3}$/.test(part)) return undefined;
    if (!sloppy && part.length > 1 && part.startsWith('0')) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

function parseIPv6Bytes(text: string, sloppy: boolean): Uint8Array | undefined {
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const words: number[] = [];
  const readGroups = (list: string[], last: boolean): number[] | undefined => {
    const out: number[] = [];
    for (let i = 0; i < list.length; i++) {
      const group = list[i];
      if (last && i === list.length - 1 && group.includes('.')) {
        const v4 = parseIPv4Bytes(group, sloppy);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const headWords = readGroups(head, halves.length === 1);
  const tailWords = readGroups(tail, true);
  if (!headWords || !tailWords) return undefined;
  if (halves.length === 1) {
    if (headWords.length !== 8) return undefined;
    words.push(...headWords);
  } else {
    const missing = 8 - headWords.length - tailWords.length;
    if (missing < 1) return undefined;
    words.push(...headWords, ...new Array<number>(missing).fill(0), ...tailWords);
  }
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}

/** netutils.ParseIPSloppy: 4 bytes for IPv4, 16 for IPv6; leading zeros in IPv4 octets allowed. */
export function parseIPSloppy(text: string): Uint8Array | undefined {
  return parseIPv4Bytes(text, true) ?? parseIPv6Bytes(text, true);
}

/** netip.ParseAddr: as parseIPSloppy, but an octet with a leading zero is refused. */
export function parseIPStrict(text: string): Uint8Array | undefined {
  return parseIPv4Bytes(text, false) ?? parseIPv6Bytes(text, false);
}

/** True for `::ffff:a.b.c.d` (net.IP.To4 succeeds on 16 bytes). */
export function isIPv4Mapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** The 4 bytes of an IPv4 (or IPv4-mapped) address, else undefined (net.IP.To4). */
export function toIPv4(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length === 4) return bytes;
  return isIPv4Mapped(bytes) ? bytes.slice(12) : undefined;
}

/** net.IP.String(): dotted IPv4 (also for IPv4-mapped), RFC 5952 IPv6. */
export function formatIP(bytes: Uint8Array): string {
  const v4 = toIPv4(bytes);
  if (v4) return [...v4].join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]) => list.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLength))}`;
}

/** The address family of an IP string, or undefined when it does not parse. */
export function ipFamilyOf(text: string): IPFamilyName | undefined {
  const bytes = parseIPSloppy(text);
  if (!bytes) return undefined;
  return toIPv4(bytes) ? 'IPv4' : 'IPv6';
}

/** An IPv4 address as an unsigned 32-bit number. */
export function ipv4ToNumber(bytes: Uint8Array): number {
  return ((bytes[0] << 24) >>> 0) + (bytes[1] << 16) + (bytes[2] << 8) + bytes[3];
}

/** The dotted form of an unsigned 32-bit number. */
export function numberToIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/** net.IP.IsUnspecified: 0.0.0.0 or ::. */
export function isUnspecified(bytes: Uint8Array): boolean {
  const v4 = toIPv4(bytes);
  return (v4 ?? bytes).every((b) => b === 0);
}

/** net.IP.IsLoopback: 127.0.0.0/8 or ::1. */
export function isLoopback(bytes: Uint8Array): boolean {
  const v4 = toIPv4(bytes);
  if (v4) return v4[0] === 127;
  return bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
}

/** net.IP.IsLinkLocalUnicast: 169.254.0.0/16 or fe80::/10. */
export function isLinkLocalUnicast(bytes: Uint8Array): boolean {
  const v4 = toIPv4(bytes);
  if (v4) return v4[0] === 169 && v4[1] === 254;
  return bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80;
}

/** net.IP.IsLinkLocalMulticast: 224.0.0.0/24 or ff02::/16. */
export function isLinkLocalMulticast(bytes: Uint8Array): boolean {
  const v4 = toIPv4(bytes);
  if (v4) return v4[0] === 224 && v4[1] === 0 && v4[2] === 0;
  return bytes[0] === 0xff && (bytes[1] & 0x0f) === 0x02;
}

/** An IPv4 CIDR block: its first address (as a number) and prefix length. */
export interface IPv4Cidr {
  base: number;
  prefix: number;
}

/** Parses `a.b.c.d/n` (strict IPv4, masked to the prefix). */
export function parseIPv4Cidr(text: string): IPv4Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIPv4Bytes(text.slice(0, slash), false);
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (ipv4ToNumber(ip) & mask) >>> 0, prefix };
}
