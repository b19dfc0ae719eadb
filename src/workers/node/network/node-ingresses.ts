import { ingressclasses, ingresses } from '../../../kernel/api/resources.ts';
import type { Clock } from '../../../kernel/clock/clock.ts';
import type { Client } from '../../../kernel/client/client.ts';
import { InformerFactory } from '../../../kernel/client/informer-factory.ts';
import type { Informer } from '../../../kernel/client/informer.ts';
import type { Ingress, IngressClass } from '../../../kernel/types/networking.ts';
import { ingressesForController } from './ingress-routes.ts';

/**
 * The cluster's Ingresses and IngressClasses as this node's ingress controller sees them,
 * kept current by informers: `served()` is what IngressProxy routes over.
 */
export class NodeIngresses {
  private readonly factory: InformerFactory;
  private readonly ingressInformer: Informer<Ingress>;
  private readonly classInformer: Informer<IngressClass>;

  constructor(client: Client, clock: Clock) {
    this.factory = new InformerFactory(client, clock);
    this.ingressInformer = this.factory.for<Ingress>(ingresses);
    this.classInformer = this.factory.for<IngressClass>(ingressclasses);
  }

  async start(): Promise<void> {
    await this.factory.start();
  }

  stop(): void {
    this.factory.stop();
  }

  /** The Ingresses of ingress-nginx's classes (and class-less ones, it being default), oldest first. */
  served(): Ingress[] {
    return ingressesForController(this.ingressInformer.list(), this.classInformer.list());
  }
}
