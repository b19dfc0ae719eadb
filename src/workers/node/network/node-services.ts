import { endpointslices, nodes, services } from '../../../kernel/api/resources.ts';
import type { Clock } from '../../../kernel/clock/clock.ts';
import type { Client } from '../../../kernel/client/client.ts';
import { InformerFactory } from '../../../kernel/client/informer-factory.ts';
import type { Informer } from '../../../kernel/client/informer.ts';
import type { KubeObject } from '../../../kernel/types/meta.ts';
import type { Node } from '../../../kernel/types/core.ts';
import type { ServiceEnvSource } from '../container-env.ts';
import {
  serviceNameLabel,
  type EndpointSliceView,
  type ServiceDirectory,
  type ServiceView,
} from './service-view.ts';

type Cached<T> = T & KubeObject;

/**
 * The cluster's Services, EndpointSlices and Node addresses as this node's kube-proxy and DNS
 * see them, kept current by informers (each node watches them, as kube-proxy does).
 */
export class NodeServices implements ServiceDirectory {
  private readonly factory: InformerFactory;
  private readonly serviceInformer: Informer<Cached<ServiceView>>;
  private readonly sliceInformer: Informer<Cached<EndpointSliceView>>;
  private readonly nodeInformer: Informer<Node>;

  constructor(client: Client, clock: Clock) {
    this.factory = new InformerFactory(client, clock);
    this.serviceInformer = this.factory.for<Cached<ServiceView>>(services);
    this.sliceInformer = this.factory.for<Cached<EndpointSliceView>>(endpointslices);
    this.sliceInformer.addIndex('service', (slice) => {
      const owner = slice.metadata.labels?.[serviceNameLabel];
      return owner ? [`${slice.metadata.namespace}/${owner}`] : [];
    });
    this.nodeInformer = this.factory.for<Node>(nodes);
  }

  async start(): Promise<void> {
    await this.factory.start();
  }

  stop(): void {
    this.factory.stop();
  }

  service(namespace: string, name: string): ServiceView | undefined {
    return this.serviceInformer.get(namespace, name);
  }

  services(): readonly ServiceView[] {
    return this.serviceInformer.list();
  }

  endpointSlices(namespace: string, service: string): readonly EndpointSliceView[] {
    return this.sliceInformer.byIndex('service', `${namespace}/${service}`);
  }

  /** True for an InternalIP of some Node. */
  isNodeIP(ip: string): boolean {
    return this.nodeInformer
      .list()
      .some((node) => node.status?.addresses?.some((a) => a.address === ip));
  }

  /** The Services as the kubelet's service environment variables need them. */
  envSources(): ServiceEnvSource[] {
    return this.serviceInformer.list().map((service) => ({
      namespace: service.metadata.namespace ?? 'default',
      name: service.metadata.name ?? '',
      clusterIP: service.spec?.clusterIP,
      ports: (service.spec?.ports ?? []).map(({ name, port, protocol }) => ({
        name,
        port,
        protocol,
      })),
    }));
  }
}
