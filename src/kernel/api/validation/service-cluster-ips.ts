/**
 * The linked Service fields clusterIP, clusterIPs, ipFamilies and ipFamilyPolicy
 * (ValidateServiceClusterIPsRelatedFields), also run by the allocator before it allocates,
 * and the update rules for them (validateUpgradeDowngradeClusterIPs / IPFamilies).
 */
import type { FieldError } from '../errors.ts';
import type { ServiceSpec } from '../../types/service.ts';
import { clusterIPNone, isHeadless } from '../service/service-fields.ts';
import { ipFamilyOf } from '../../util/ip-address.ts';
import { duplicate, index, invalidValue, notSupported, required } from './field-errors.ts';
import { isValidIP } from './ip.ts';

const clusterIPsPath = 'spec.clusterIPs';
const ipFamiliesPath = 'spec.ipFamilies';
const ipFamilyPolicyPath = 'spec.ipFamilyPolicy';

const supportedIPFamilies = ['IPv4', 'IPv6'];
const supportedIPFamilyPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

/** ValidateServiceClusterIPsRelatedFields; nothing to check for ExternalName services. */
export function validateServiceClusterIPsRelatedFields(spec: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const clusterIPs = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const shownIPs = spec.clusterIPs ?? null;
  if (spec.clusterIP) {
    if (clusterIPs.length === 0) errs.push(required(clusterIPsPath));
    else if (clusterIPs[0] !== spec.clusterIP) {
      errs.push(invalidValue(clusterIPsPath, shownIPs, 'first value must match `clusterIP`'));
    }
  } else if (clusterIPs.length !== 0) {
    errs.push(
      invalidValue(clusterIPsPath, shownIPs, 'must be empty when `clusterIP` is not specified'),
    );
  }

  const seen = new Set<string>();
  (Array.isArray(spec.ipFamilies) ? spec.ipFamilies : []).forEach((family, i) => {
    if (!supportedIPFamilies.includes(family)) {
      errs.push(notSupported(index(ipFamiliesPath, i), family, supportedIPFamilies));
    }
    if (seen.has(family)) errs.push(duplicate(index(ipFamiliesPath, i), family));
    seen.add(family);
  });

  if (
    spec.ipFamilyPolicy !== undefined &&
    spec.ipFamilyPolicy !== null &&
    !supportedIPFamilyPolicies.includes(spec.ipFamilyPolicy)
  ) {
    errs.push(notSupported(ipFamilyPolicyPath, spec.ipFamilyPolicy, supportedIPFamilyPolicies));
  }

  let hasInvalidIPs = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === clusterIPNone) {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true;
        errs.push(
          invalidValue(clusterIPsPath, shownIPs, "'None' must be the first and only value"),
        );
      }
      return;
    }
    const ipErrs = isValidIP(index(clusterIPsPath, i), ip);
    if (ipErrs.length > 0) hasInvalidIPs = true;
    errs.push(...ipErrs);
  });
  if (clusterIPs.length > 2) {
    errs.push(invalidValue(clusterIPsPath, shownIPs, 'may only hold up to 2 values'));
  }
  if (hasInvalidIPs) return errs;

  if (clusterIPs.length > 1) {
    const families = clusterIPs.map(ipFamilyOf);
    if (clusterIPs.length !== 2 || families[0] === families[1]) {
      errs.push(
        invalidValue(
          clusterIPsPath,
          shownIPs,
          'may specify no more than one IP for each IP family',
        ),
      );
    }
  }

  const ipFamilies = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  if (!isHeadless(spec) && clusterIPs.length > 0 && ipFamilies.length > 0) {
    clusterIPs.forEach((ip, i) => {
      if (i > ipFamilies.length - 1) return;
      const family = ipFamilyOf(ip);
      if (ipFamilies[i] === 'IPv4' && family === 'IPv6') {
        errs.push(
          invalidValue(
            index(clusterIPsPath, i),
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
      if (ipFamilies[i] === 'IPv6' && family !== 'IPv6') {
        errs.push(
          invalidValue(
            index(clusterIPsPath, i),
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
    });
  }
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: the primary cluster IP never changes once set. */
export function validateUpgradeDowngradeClusterIPs(
  old: ServiceSpec,
  spec: ServiceSpec,
): FieldError[] {
  if (spec.type === 'ExternalName' || old.type === 'ExternalName') return [];
  if (isHeadless(old) && isHeadless(spec)) return [];
  const errs: FieldError[] = [];
  const before = old.clusterIPs ?? [];
  const after = spec.clusterIPs ?? [];
  const shown = spec.clusterIPs ?? null;
  if (before.length === after.length) {
    before.forEach((ip, i) => {
      if (ip !== after[i]) {
        errs.push(invalidValue(index(clusterIPsPath, i), shown, 'may not change once set'));
      }
    });
  } else if (before.length > after.length) {
    if (after.length === 0) {
      errs.push(
        invalidValue(index(clusterIPsPath, 0), shown, 'primary clusterIP can not be unset'),
      );
    }
    if (before.length > 0 && after.length > 0 && after[0] !== before[0]) {
      errs.push(invalidValue(index(clusterIPsPath, 0), shown, 'may not change once set'));
    }
    if (after.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalidValue(
          ipFamilyPolicyPath,
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (before.length > 0 && after[0] !== before[0]) {
    errs.push(invalidValue(index(clusterIPsPath, 0), shown, 'may not change once set'));
  }
  return errs;
}

/** validateUpgradeDowngradeIPFamilies: the primary IP family never changes once set. */
export function validateUpgradeDowngradeIPFamilies(
  old: ServiceSpec,
  spec: ServiceSpec,
): FieldError[] {
  if (spec.type === 'ExternalName' || old.type === 'ExternalName') return [];
  if (isHeadless(old) !== isHeadless(spec) || isHeadless(spec)) return [];
  const errs: FieldError[] = [];
  const before = old.ipFamilies ?? [];
  const after = spec.ipFamilies ?? [];
  const path0 = index(ipFamiliesPath, 0);
  if (before.length === after.length) {
    before.forEach((family, i) => {
      if (family !== after[i]) {
        errs.push(invalidValue(path0, spec.ipFamilies ?? null, 'may not change once set'));
      }
    });
  } else if (before.length > after.length) {
    if ((spec.clusterIPs ?? []).length === 0) {
      errs.push(invalidValue(path0, spec.ipFamilies ?? null, 'primary ipFamily can not be unset'));
    }
    if (after.length > 0 && after[0] !== before[0]) {
      errs.push(invalidValue(path0, spec.clusterIPs ?? null, 'may not change once set'));
    }
    if (after.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalidValue(
          ipFamilyPolicyPath,
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (before.length > 0 && after.length > 0 && after[0] !== before[0]) {
    errs.push(invalidValue(path0, spec.clusterIPs ?? null, 'may not change once set'));
  }
  return errs;
}
