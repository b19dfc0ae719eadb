import { formatLabelSelector } from '../../../api/selectors/label-selector.ts';
import type {
  Ingress,
  IngressClass,
  IngressRule,
  NetworkPolicy,
} from '../../../types/networking.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

/** formatHosts: up to three rule hosts, then ` + N more...`; `*` when no rule names one. */
function formatHosts(rules: readonly IngressRule[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const text = list.join(',');
  return more ? `${text} + ${rules.length - max} more...` : text;
}

/** The load-balancer addresses, sorted and de-duplicated (ingressLoadBalancerStatusStringer). */
export function ingressAddresses(ingress: Ingress): string {
  const set = new Set<string>();
  for (const entry of ingress.status?.loadBalancer?.ingress ?? []) {
    if (entry.ip) set.add(entry.ip);
    else if (entry.hostname) set.add(entry.hostname);
  }
  return [...set].sort().join(',');
}

/** `kubectl get ingresses` columns (printIngress). */
export const ingressColumns: Column<Ingress>[] = [
  nameColumn,
  { header: 'CLASS', cell: (i) => i.spec?.ingressClassName ?? '<none>' },
  { header: 'HOSTS', cell: (i) => formatHosts(i.spec?.rules ?? []) },
  { header: 'ADDRESS', cell: (i) => ingressAddresses(i) },
  { header: 'PORTS', cell: (i) => ((i.spec?.tls ?? []).length > 0 ? '80, 443' : '80') },
  ageColumn,
];

/** `kubectl get ingressclasses` columns (printIngressClass). */
export const ingressClassColumns: Column<IngressClass>[] = [
  nameColumn,
  { header: 'CONTROLLER', cell: (c) => c.spec?.controller ?? '' },
  {
    header: 'PARAMETERS',
    cell: (c) => {
      const p = c.spec?.parameters;
      if (!p) return '<none>';
      return `${p.kind}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ''}/${p.name}`;
    },
  },
  ageColumn,
];

/** `kubectl get networkpolicies` columns (printNetworkPolicy). */
export const networkPolicyColumns: Column<NetworkPolicy>[] = [
  nameColumn,
  { header: 'POD-SELECTOR', cell: (p) => formatLabelSelector(p.spec?.podSelector ?? {}) },
  ageColumn,
];
