/**
 * NetworkPolicy defaulting (networking/v1 SetDefaults_NetworkPolicy and
 * SetDefaults_NetworkPolicyPort): every port gets protocol TCP, and a policy without
 * policyTypes gets `Ingress`, plus `Egress` when it has egress rules. An absent spec or
 * podSelector becomes `{}`, as the Go types (plain structs) always serialize them.
 */
import type { KubeObject } from '../../types/meta.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults a NetworkPolicy in place. */
export function defaultNetworkPolicy(policy: KubeObject): void {
  if (!isObj(policy.spec)) policy.spec = {};
  const spec = policy.spec as Obj;
  if (!isObj(spec.podSelector)) spec.podSelector = {};
  const rules = [
    ...(Array.isArray(spec.ingress) ? spec.ingress : []),
    ...(Array.isArray(spec.egress) ? spec.egress : []),
  ];
  for (const rule of rules) {
    if (!isObj(rule) || !Array.isArray(rule.ports)) continue;
    for (const port of rule.ports) {
      if (isObj(port) && port.protocol === undefined) port.protocol = 'TCP';
    }
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    const egress = Array.isArray(spec.egress) && spec.egress.length > 0;
    spec.policyTypes = egress ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}
