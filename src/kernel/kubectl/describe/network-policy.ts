import { networkpolicies } from '../../api/resources.ts';
import { formatLabelSelector } from '../../api/selectors/label-selector.ts';
import type {
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from '../../types/networking.ts';
import type { Describer } from './describer.ts';
import { printAnnotations, printLabels } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

const two = (n: number) => String(n).padStart(2, '0');

/** A timestamp as Go's time.Time String() prints it, in UTC: `2026-01-02 15:04:05 +0000 UTC`. */
export function goTimeString(timestamp: string | undefined): string {
  const ms = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(ms)) return '0001-01-01 00:00:00 +0000 UTC';
  const d = new Date(ms);
  const fraction = d.getUTCMilliseconds()
    ? `.${String(d.getUTCMilliseconds()).padStart(3, '0').replace(/0+$/, '')}`
    : '';
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${fraction} +0000 UTC`;
}

const indent = '    ';

function writePorts(w: PrefixWriter, ports: readonly NetworkPolicyPort[] | undefined): void {
  if (!ports || ports.length === 0) {
    w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const port of ports) {
    const proto = port.protocol ?? 'TCP';
    const value = port.port === undefined ? '<nil>' : String(port.port);
    if (port.endPort === undefined) w.write(0, `${indent}To Port: ${value}/${proto}\n`);
    else w.write(0, `${indent}To Port Range: ${value}-${port.endPort}/${proto}\n`);
  }
}

function writePeers(
  w: PrefixWriter,
  peers: readonly NetworkPolicyPeer[] | undefined,
  title: 'From' | 'To',
): void {
  if (!peers || peers.length === 0) {
    const what = title === 'From' ? 'source' : 'destination';
    w.write(0, `${indent}${title}: <any> (traffic not restricted by ${what})\n`);
    return;
  }
  for (const peer of peers) {
    w.write(0, `${indent}${title}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector) {
      w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.namespaceSelector) {
      w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    } else if (peer.ipBlock) {
      w.write(1, `${indent}IPBlock:\n`);
      w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
      w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

function writeRules(
  w: PrefixWriter,
  rules: readonly { ports?: NetworkPolicyPort[]; peers?: NetworkPolicyPeer[] }[],
  direction: 'ingress' | 'egress',
): void {
  if (rules.length === 0) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${direction} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    writePorts(w, rule.ports);
    writePeers(w, rule.peers, direction === 'ingress' ? 'From' : 'To');
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`);
  });
}

function describeSpec(w: PrefixWriter, spec: NetworkPolicySpec): void {
  w.write(0, 'Spec:\n');
  w.write(1, 'PodSelector: ');
  const selector = spec.podSelector ?? {};
  const empty =
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0;
  if (empty) w.write(2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  else w.write(2, `${formatLabelSelector(selector)}\n`);
  const types = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(1, 'Allowing ingress traffic:\n');
    writeRules(
      w,
      (spec.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from })),
      'ingress',
    );
  } else {
    w.write(1, 'Not affecting ingress traffic\n');
  }
  if (types.includes('Egress')) {
    w.write(1, 'Allowing egress traffic:\n');
    writeRules(
      w,
      (spec.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to })),
      'egress',
    );
  } else {
    w.write(1, 'Not affecting egress traffic\n');
  }
  w.write(1, `Policy Types: ${types.length > 0 ? types.join(', ') : '<none>'}\n`);
}

/**
 * `kubectl describe networkpolicy`, in kubectl's words: the pod selector, what ingress and
 * egress traffic is allowed (ports, then peers, rules separated by dashes) or not affected,
 * and the policy types. kubectl shows no events for NetworkPolicies.
 */
export const describeNetworkPolicy: Describer = async (ctx, namespace, name) => {
  const np = await ctx.client.get<NetworkPolicy>(networkpolicies, namespace, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${np.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${np.metadata.namespace ?? namespace}\n`);
  w.write(0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
  printLabels(w, 'Labels', np.metadata.labels);
  printAnnotations(w, 'Annotations', np.metadata.annotations);
  describeSpec(w, np.spec ?? {});
  return w.result();
};
