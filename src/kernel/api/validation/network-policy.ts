/**
 * networking.k8s.io/v1 NetworkPolicy validation (ValidateNetworkPolicy,
 * ValidateNetworkPolicyUpdate): selectors, ports and port ranges, peers, ipBlocks and
 * policyTypes, with upstream's messages.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { cidrContainsBytes, parseCidr } from '../../util/cidr.ts';
import { isValidPortName, isValidPortNum } from './containers.ts';
import { child, forbidden, index, invalidValue, notSupported, required } from './field-errors.ts';
import { validateLabelSelector } from './label-selector.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asArray, asObject, isObject } from './values.ts';

type Obj = Record<string, unknown>;

const protocols = ['TCP', 'UDP', 'SCTP'];
const policyTypes = ['Ingress', 'Egress'];

/** ValidateNetworkPolicyPort. */
function validatePort(port: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const protocol = port.protocol;
  if (typeof protocol === 'string' && !protocols.includes(protocol)) {
    errs.push(notSupported(child(path, 'protocol'), protocol, protocols));
  }
  const endPort = port.endPort;
  const hasEnd = typeof endPort === 'number';
  if (typeof port.port === 'number') {
    const p = port.port;
    for (const msg of isValidPortNum(p)) errs.push(invalidValue(child(path, 'port'), p, msg));
    if (hasEnd) {
      if (endPort < p) {
        errs.push(
          invalidValue(child(path, 'endPort'), endPort, 'must be greater than or equal to `port`'),
        );
      }
      for (const msg of isValidPortNum(endPort))
        errs.push(invalidValue(child(path, 'endPort'), endPort, msg));
    }
  } else if (typeof port.port === 'string') {
    if (hasEnd) {
      errs.push(
        invalidValue(
          child(path, 'endPort'),
          endPort,
          'may not be specified when `port` is non-numeric',
        ),
      );
    }
    for (const msg of isValidPortName(port.port))
      errs.push(invalidValue(child(path, 'port'), port.port, msg));
  } else if (hasEnd) {
    errs.push(
      invalidValue(
        child(path, 'endPort'),
        endPort,
        'may not be specified when `port` is not specified',
      ),
    );
  }
  return errs;
}

const invalidCidr = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** ValidateIPBlock (CIDRs as IsValidCIDRForLegacyField reads them without strict checks). */
function validateIPBlock(block: Obj, path: string): FieldError[] {
  const cidrText = block.cidr;
  if (typeof cidrText !== 'string' || cidrText === '') return [required(child(path, 'cidr'))];
  const cidr = parseCidr(cidrText);
  if (!cidr) return [invalidValue(child(path, 'cidr'), cidrText, invalidCidr)];
  const errs: FieldError[] = [];
  asArray<unknown>(block.except).forEach((value, i) => {
    const exceptPath = index(child(path, 'except'), i);
    const text = typeof value === 'string' ? value : '';
    const except = parseCidr(text);
    if (!except) {
      errs.push(invalidValue(exceptPath, text, invalidCidr));
      return;
    }
    const sameFamily = except.ipv4 === cidr.ipv4;
    if (!sameFamily || !cidrContainsBytes(cidr, except.bytes) || cidr.bits >= except.bits) {
      errs.push(invalidValue(exceptPath, text, 'must be a strict subset of `cidr`'));
    }
  });
  return errs;
}

/** ValidateNetworkPolicyPeer. */
function validatePeer(peer: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  if (isObject(peer.podSelector)) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, child(path, 'podSelector')));
  }
  if (isObject(peer.namespaceSelector)) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, child(path, 'namespaceSelector')));
  }
  if (isObject(peer.ipBlock)) {
    peers++;
    errs.push(...validateIPBlock(peer.ipBlock, child(path, 'ipBlock')));
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'));
  else if (peers > 1 && isObject(peer.ipBlock)) {
    errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  }
  return errs;
}

function validateRules(rules: unknown, path: string, peersField: 'from' | 'to'): FieldError[] {
  const errs: FieldError[] = [];
  asArray<unknown>(rules).forEach((r, i) => {
    const rulePath = index(path, i);
    const rule = asObject(r);
    asArray<unknown>(rule.ports).forEach((p, j) => {
      errs.push(...validatePort(asObject(p), index(child(rulePath, 'ports'), j)));
    });
    asArray<unknown>(rule[peersField]).forEach((p, j) => {
      errs.push(...validatePeer(asObject(p), index(child(rulePath, peersField), j)));
    });
  });
  return errs;
}

/** ValidateNetworkPolicySpec at `spec`. */
export function validateNetworkPolicySpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  const errs = [
    ...validateLabelSelector(spec.podSelector, 'spec.podSelector'),
    ...validateRules(spec.ingress, 'spec.ingress', 'from'),
    ...validateRules(spec.egress, 'spec.egress', 'to'),
  ];
  const types = asArray<unknown>(spec.policyTypes);
  if (types.length > policyTypes.length) {
    errs.push(invalidValue('spec.policyTypes', types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (typeof t !== 'string' || !policyTypes.includes(t)) {
      errs.push(notSupported(index('spec.policyTypes', i), t, policyTypes));
    }
  });
  return errs;
}

/** ValidateNetworkPolicy (create). */
export function validateNetworkPolicyCreate(policy: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(policy.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateNetworkPolicySpec(policy.spec),
  ];
}

/** ValidateNetworkPolicyUpdate. */
export function validateNetworkPolicyUpdate(policy: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(policy.metadata, old.metadata),
    ...validateNetworkPolicySpec(policy.spec),
  ];
}
