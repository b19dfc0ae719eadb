import { namespaces, networkpolicies, pods } from '../../../kernel/api/resources.ts';
import type { Clock } from '../../../kernel/clock/clock.ts';
import type { Client } from '../../../kernel/client/client.ts';
import { InformerFactory } from '../../../kernel/client/informer-factory.ts';
import type { Informer } from '../../../kernel/client/informer.ts';
import type { Namespace, Pod } from '../../../kernel/types/core.ts';
import type { NetworkPolicy } from '../../../kernel/types/networking.ts';
import type { NetworkPolicyLookups, PolicyPod } from './network-policy.ts';

/**
 * The pods, namespaces and NetworkPolicies of the whole cluster as this node's policy
 * enforcement sees them, kept current by informers (each node watches them, as a network
 * plugin's node agent does). A pod is found by IP while it holds one and has not finished;
 * when an address was reused, the pod that is not being deleted wins.
 */
export class NodePolicies implements NetworkPolicyLookups {
  private readonly factory: InformerFactory;
  private readonly podInformer: Informer<Pod>;
  private readonly namespaceInformer: Informer<Namespace>;
  private readonly policyInformer: Informer<NetworkPolicy>;

  constructor(client: Client, clock: Clock) {
    this.factory = new InformerFactory(client, clock);
    this.podInformer = this.factory.for<Pod>(pods);
    this.podInformer.addIndex('ip', (pod) => {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return [];
      const ips = (pod.status?.podIPs ?? []).map((p) => p.ip);
      if (pod.status?.podIP && !ips.includes(pod.status.podIP)) ips.push(pod.status.podIP);
      return ips;
    });
    this.namespaceInformer = this.factory.for<Namespace>(namespaces);
    this.policyInformer = this.factory.for<NetworkPolicy>(networkpolicies);
  }

  async start(): Promise<void> {
    await this.factory.start();
  }

  stop(): void {
    this.factory.stop();
  }

  podByIP(ip: string): PolicyPod | undefined {
    const found = this.podInformer.byIndex('ip', ip);
    const pod = found.find((p) => !p.metadata.deletionTimestamp) ?? found[0];
    if (!pod) return undefined;
    return {
      namespace: pod.metadata.namespace ?? 'default',
      labels: pod.metadata.labels,
      ports: pod.spec.containers.flatMap((c) => c.ports ?? []),
    };
  }

  namespaceLabels(namespace: string): Readonly<Record<string, string>> | undefined {
    return this.namespaceInformer.get(undefined, namespace)?.metadata.labels;
  }

  policies(namespace: string): readonly NetworkPolicy[] {
    return this.policyInformer.list(namespace);
  }
}
