/**
 * IP and CIDR field checks with apimachinery's wording (pkg/util/validation/ip.go) and core
 * validation's ValidateEndpointIP / ValidateNonSpecialIP.
 */
import type { FieldError } from '../errors.ts';
import {
  formatIP,
  isIPv4Mapped,
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  parseIPSloppy,
  parseIPStrict,
  toIPv4,
} from '../../util/ip-address.ts';
import { invalidValue } from './field-errors.ts';

const invalidIPMessage = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const invalidCIDRMessage = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** parseIP with strict validation: the problems of `value` as an IP, and its bytes when it parses. */
function parseIP(field: string, value: string): { bytes?: Uint8Array; errs: FieldError[] } {
  const bytes = parseIPSloppy(value);
  if (!bytes) return { errs: [invalidValue(field, value, invalidIPMessage)] };
  const errs: FieldError[] = [];
  const strict = parseIPStrict(value);
  if (!strict) errs.push(invalidValue(field, value, 'must not have leading 0s'));
  else if (strict.length === 16 && isIPv4Mapped(strict)) {
    errs.push(invalidValue(field, value, 'must not be an IPv4-mapped IPv6 address'));
  }
  return { bytes, errs };
}

/** IsValidIPForLegacyField (strict): a parseable IP, no leading zeros, not IPv4-mapped. */
export function isValidIPForLegacyField(field: string, value: string): FieldError[] {
  return parseIP(field, value).errs;
}

/** IsValidIP: as the legacy check, and in canonical form. */
export function isValidIP(field: string, value: string): FieldError[] {
  const { bytes, errs } = parseIP(field, value);
  if (errs.length > 0 || !bytes) return errs;
  const canonical = formatIP(bytes);
  return value === canonical
    ? []
    : [invalidValue(field, value, `must be in canonical form (${JSON.stringify(canonical)})`)];
}

/** IsValidIPv4Address. */
export function isValidIPv4Address(field: string, value: string): FieldError[] {
  const bytes = parseIPSloppy(value);
  return bytes && bytes.length === 4
    ? []
    : [invalidValue(field, value, 'must be a valid IPv4 address')];
}

/** IsValidIPv6Address. */
export function isValidIPv6Address(field: string, value: string): FieldError[] {
  const bytes = parseIPSloppy(value);
  return bytes && !toIPv4(bytes)
    ? []
    : [invalidValue(field, value, 'must be a valid IPv6 address')];
}

/**
 * ValidateEndpointIP (also ValidateNonSpecialIP for external IPs): no unspecified, loopback or
 * link-local addresses.
 */
export function validateEndpointIP(value: string, field: string): FieldError[] {
  const bytes = parseIPSloppy(value);
  if (!bytes) return [invalidValue(field, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  if (isUnspecified(bytes))
    errs.push(invalidValue(field, value, `may not be unspecified (${value})`));
  if (isLoopback(bytes)) {
    errs.push(
      invalidValue(field, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'),
    );
  }
  if (isLinkLocalUnicast(bytes)) {
    errs.push(
      invalidValue(field, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'),
    );
  }
  if (isLinkLocalMulticast(bytes)) {
    errs.push(
      invalidValue(
        field,
        value,
        'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      ),
    );
  }
  return errs;
}

/** IsValidCIDR: a subnet in canonical form (`10.0.0.0/8`), without host bits. */
export function isValidCIDR(field: string, value: string): FieldError[] {
  const slash = value.indexOf('/');
  const ipText = slash < 0 ? '' : value.slice(0, slash);
  const prefixText = slash < 0 ? '' : value.slice(slash + 1);
  const bytes = parseIPSloppy(ipText);
  const bits = bytes ? (toIPv4(bytes) ? 32 : 128) : 0;
  if (!bytes || !/^\d+$/.test(prefixText) || Number(prefixText) > bits) {
    return [invalidValue(field, value, invalidCIDRMessage)];
  }
  const prefix = Number(prefixText);
  const strict = parseIPStrict(ipText);
  if (!strict || (prefixText.length > 1 && prefixText.startsWith('0'))) {
    return [invalidValue(field, value, 'must not have leading 0s in IP or prefix length')];
  }
  if (strict.length === 16 && isIPv4Mapped(strict)) {
    return [invalidValue(field, value, 'must not have an IPv4-mapped IPv6 address')];
  }
  const addr = toIPv4(bytes) ?? bytes;
  const masked = addr.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - 8 * i));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  if (masked.some((b, i) => b !== addr[i])) {
    return [invalidValue(field, value, 'must not have bits set beyond the prefix length')];
  }
  const canonical = `${formatIP(masked)}/${prefix}`;
  return value === canonical
    ? []
    : [invalidValue(field, value, `must be in canonical form (${JSON.stringify(canonical)})`)];
}
