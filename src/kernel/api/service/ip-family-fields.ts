/**
 * initIPFamilyFields: the registry's defaulting and pre-validation of a Service's IP family
 * fields before it allocates, on this single-stack IPv4 cluster.
 */
import type { FieldError } from '../errors.ts';
import type { IPFamily, ServiceSpec } from '../../types/service.ts';
import { ipFamilyOf } from '../../util/ip-address.ts';
import { index, invalidValue } from '../validation/field-errors.ts';
import { validateServiceClusterIPsRelatedFields } from '../validation/service-cluster-ips.ts';
import { clusterIPNone, hasSelector } from './service-fields.ts';

/** The families this cluster allocates cluster IPs for, primary first. */
const clusterFamilies: readonly IPFamily[] = ['IPv4'];

const otherFamily = (family: IPFamily): IPFamily => (family === 'IPv4' ? 'IPv6' : 'IPv4');

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Two PreferDualStack services of a cluster-IP type with the same IPs and families: left alone. */
function isMatchingPreferDualStack(spec: ServiceSpec, old?: ServiceSpec): boolean {
  if (!old || !spec.ipFamilyPolicy || old.type !== spec.type) return false;
  if (spec.type !== 'ClusterIP' && spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') {
    return false;
  }
  if (spec.ipFamilyPolicy !== 'PreferDualStack') return false;
  if (old.ipFamilyPolicy && old.ipFamilyPolicy !== 'PreferDualStack') return false;
  return sameList(old.clusterIPs, spec.clusterIPs) && sameList(old.ipFamilies, spec.ipFamilies);
}

/**
 * Fills ipFamilyPolicy (SingleStack; RequireDualStack for a headless service without selector;
 * the stored policy on update) and ipFamilies (from the cluster IPs, else the cluster's
 * primary family), and returns the problems that stop allocation: the cluster-IP field rules,
 * and families or dual-stack demands this cluster does not serve.
 */
export function initIPFamilyFields(spec: ServiceSpec, old?: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  if (isMatchingPreferDualStack(spec, old)) return [];
  if (!spec.ipFamilyPolicy) {
    if (old?.ipFamilyPolicy) spec.ipFamilyPolicy = old.ipFamilyPolicy;
    else if (spec.clusterIP === clusterIPNone && !hasSelector(spec)) {
      spec.ipFamilyPolicy = 'RequireDualStack';
    } else spec.ipFamilyPolicy = 'SingleStack';
  }
  const pre = validateServiceClusterIPsRelatedFields(spec);
  if (pre.length > 0) return pre;

  const errs: FieldError[] = [];
  const policyPath = 'spec.ipFamilyPolicy';
  if (old) {
    if (spec.ipFamilyPolicy === 'SingleStack') {
      if (sameList(old.clusterIPs, spec.clusterIPs) && (spec.clusterIPs ?? []).length > 1) {
        spec.clusterIPs = spec.clusterIPs!.slice(0, 1);
      }
      if (sameList(old.ipFamilies, spec.ipFamilies) && (spec.ipFamilies ?? []).length > 1) {
        spec.ipFamilies = spec.ipFamilies!.slice(0, 1);
      }
    } else {
      const reduced = (a?: unknown[], b?: unknown[]) =>
        (a ?? []).length > 0 && (a ?? []).length < (b ?? []).length;
      if (reduced(spec.clusterIPs, old.clusterIPs)) {
        errs.push(
          invalidValue(
            policyPath,
            spec.ipFamilyPolicy,
            "must be 'SingleStack' to release the secondary cluster IP",
          ),
        );
      }
      if (reduced(spec.ipFamilies, old.ipFamilies)) {
        errs.push(
          invalidValue(
            policyPath,
            spec.ipFamilyPolicy,
            "must be 'SingleStack' to release the secondary IP family",
          ),
        );
      }
    }
  }
  const clusterIPs = spec.clusterIPs ?? [];
  const families = [...(spec.ipFamilies ?? [])];
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if (clusterIPs.length === 2) {
      errs.push(
        invalidValue(
          policyPath,
          spec.ipFamilyPolicy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
        ),
      );
    }
    if (families.length === 2) {
      errs.push(
        invalidValue(
          policyPath,
          spec.ipFamilyPolicy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
        ),
      );
    }
  }
  for (let i = 0; i < clusterIPs.length; i++) {
    if (clusterIPs[i] === clusterIPNone) break;
    const family = ipFamilyOf(clusterIPs[i]) as IPFamily;
    if (i < families.length) continue;
    if (!clusterFamilies.includes(family)) {
      errs.push(
        invalidValue(
          index('spec.clusterIPs', i),
          spec.clusterIPs,
          `${family} is not configured on this cluster`,
        ),
      );
    } else families.push(family);
  }
  if (errs.length > 0) return errs;

  if (spec.clusterIP === clusterIPNone && !hasSelector(spec)) {
    if (families.length === 0) families.push(clusterFamilies[0]);
    if (families.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') {
      families.push(otherFamily(families[0]));
    }
    spec.ipFamilies = families;
    return [];
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack' && clusterFamilies.length < 2) {
    errs.push(
      invalidValue(
        policyPath,
        spec.ipFamilyPolicy,
        'this cluster is not configured for dual-stack services',
      ),
    );
  }
  families.forEach((family, i) => {
    if (!clusterFamilies.includes(family)) {
      errs.push(
        invalidValue(index('spec.ipFamilies', i), family, 'not configured on this cluster'),
      );
    }
  });
  if (errs.length > 0) return errs;
  if (families.length === 0) families.push(clusterFamilies[0]);
  spec.ipFamilies = families;
  return [];
}
