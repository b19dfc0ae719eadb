import {
  labelSelectorMatcher,
  type LabelMatcher,
} from '../../../kernel/api/selectors/label-selector.ts';
import type { LabelSelector } from '../../../kernel/types/meta.ts';
import type {
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from '../../../kernel/types/networking.ts';
import { cidrContains, parseCidr } from '../../../kernel/util/cidr.ts';
import type { PeerAddress } from '../../net/protocol.ts';
import type { ConnectionPolicy } from './node-network.ts';

/** What policy evaluation reads of a pod: where it lives, its labels and its named ports. */
export interface PolicyPod {
  namespace: string;
  labels?: Readonly<Record<string, string>>;
  /** The containers' ports, for named ports in policies (`port: http`). */
  ports?: readonly { name?: string; containerPort: number; protocol?: string }[];
}

/** The cluster state a NetworkPolicy decision needs; kept current by informers or a test. */
export interface NetworkPolicyLookups {
  /** The running pod with this IP, or undefined for addresses outside the pod network. */
  podByIP(ip: string): PolicyPod | undefined;
  /** The labels of a namespace (undefined when it is unknown). */
  namespaceLabels(namespace: string): Readonly<Record<string, string>> | undefined;
  /** The NetworkPolicies of a namespace. */
  policies(namespace: string): readonly NetworkPolicy[];
}

export interface NetworkPolicyEnforcerOptions {
  /**
   * This node's own addresses: traffic between a pod and the node it runs on is always
   * allowed, whatever the policies say (kubelet probes, the node's own processes).
   */
  nodeIPs: readonly string[];
}

type Direction = 'egress' | 'ingress';

/**
 * NetworkPolicy as the API defines it, decided per connection at set-up (TCP only: every
 * connection here is TCP). A pod is isolated in a direction when some policy of its namespace
 * selects it and lists that direction in policyTypes (defaulting already made that `Ingress`,
 * plus `Egress` when egress rules exist); an isolated pod's connection is allowed when any
 * rule of any such policy matches both the peer and the port. Peers: podSelector (pods of the
 * policy's namespace), namespaceSelector (every pod of the matching namespaces), both in one
 * peer (matching pods of matching namespaces), ipBlock (cidr minus except). Addresses outside
 * the pod network (other nodes, the page at 172.18.0.1) match ipBlocks only. Named ports are
 * resolved against the destination pod's container ports. DNS is not a connection here, so an
 * egress policy never blocks name resolution.
 */
export class NetworkPolicyEnforcer implements ConnectionPolicy {
  private readonly matchers = new WeakMap<object, LabelMatcher>();

  constructor(
    private readonly lookups: NetworkPolicyLookups,
    private readonly options: NetworkPolicyEnforcerOptions,
  ) {}

  allows(from: PeerAddress, to: PeerAddress, direction: Direction): boolean {
    const [self, peer] = direction === 'egress' ? [from, to] : [to, from];
    // A pod cannot block itself, nor traffic with the node it runs on.
    if (from.ip === to.ip || this.options.nodeIPs.includes(peer.ip)) return true;
    const subject = this.lookups.podByIP(self.ip);
    if (!subject) return true;
    const type = direction === 'egress' ? 'Egress' : 'Ingress';
    const selecting = this.lookups
      .policies(subject.namespace)
      .filter(
        (p) =>
          (p.spec?.policyTypes ?? defaultTypes(p)).includes(type) &&
          this.matches(p.spec?.podSelector ?? {}, subject.labels),
      );
    if (selecting.length === 0) return true;
    const peerPod = this.lookups.podByIP(peer.ip);
    const destination = direction === 'egress' ? peerPod : subject;
    return selecting.some((policy) => {
      const namespace = policy.metadata.namespace ?? subject.namespace;
      const rules =
        direction === 'egress'
          ? (policy.spec?.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }))
          : (policy.spec?.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from }));
      return rules.some(
        (rule) =>
          this.portMatches(rule.ports, to.port, destination) &&
          this.peerMatches(rule.peers, peer.ip, peerPod, namespace),
      );
    });
  }

  /** An empty or absent list allows every peer; otherwise one entry must match. */
  private peerMatches(
    peers: readonly NetworkPolicyPeer[] | undefined,
    ip: string,
    pod: PolicyPod | undefined,
    policyNamespace: string,
  ): boolean {
    if (!peers || peers.length === 0) return true;
    return peers.some((peer) => {
      if (peer.ipBlock) return inIPBlock(peer.ipBlock.cidr, peer.ipBlock.except, ip);
      if (!pod) return false;
      if (peer.namespaceSelector) {
        const labels = this.lookups.namespaceLabels(pod.namespace) ?? {};
        if (!this.matches(peer.namespaceSelector, labels)) return false;
      } else if (pod.namespace !== policyNamespace) {
        return false;
      }
      return !peer.podSelector || this.matches(peer.podSelector, pod.labels);
    });
  }

  /** An empty or absent list allows every port; otherwise one entry must match (TCP only). */
  private portMatches(
    ports: readonly NetworkPolicyPort[] | undefined,
    port: number,
    destination: PolicyPod | undefined,
  ): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
      if ((p.protocol ?? 'TCP') !== 'TCP') return false;
      if (p.port === undefined) return true;
      if (typeof p.port === 'number') {
        return p.endPort === undefined ? port === p.port : port >= p.port && port <= p.endPort;
      }
      return (destination?.ports ?? []).some(
        (c) => c.name === p.port && c.containerPort === port && (c.protocol ?? 'TCP') === 'TCP',
      );
    });
  }

  private matches(
    selector: LabelSelector,
    labels: Readonly<Record<string, string>> | undefined,
  ): boolean {
    let matcher = this.matchers.get(selector);
    if (!matcher) {
      try {
        matcher = labelSelectorMatcher(selector);
      } catch {
        // A selector the API server would have refused selects nothing.
        matcher = () => false;
      }
      this.matchers.set(selector, matcher);
    }
    return matcher(labels);
  }
}

/** policyTypes as the API server defaults them, for a policy stored without them. */
function defaultTypes(policy: NetworkPolicy): string[] {
  return (policy.spec?.egress?.length ?? 0) > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function inIPBlock(cidrText: string, except: readonly string[] | undefined, ip: string): boolean {
  const cidr = parseCidr(cidrText);
  if (!cidr || !cidrContains(cidr, ip)) return false;
  return !(except ?? []).some((e) => {
    const excluded = parseCidr(e);
    return excluded !== undefined && cidrContains(excluded, ip);
  });
}
