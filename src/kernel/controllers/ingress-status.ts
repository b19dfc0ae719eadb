import { isNotFound } from '../api/errors.ts';
import { ingressclasses, ingresses, nodes } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import type { Informer } from '../client/informer.ts';
import { objectKey, splitKey } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { Node } from '../types/core.ts';
import type { Ingress, IngressClass, IngressLoadBalancerIngress } from '../types/networking.ts';
import { isServedBy } from '../util/ingress-class.ts';
import { jsonEqual } from '../util/json-value.ts';
import type { Controller, ControllerContext } from './controller.ts';

const controlPlaneLabel = 'node-role.kubernetes.io/control-plane';

/**
 * The status half of the built-in ingress controller (ingress-nginx, whose proxy runs in
 * every node worker): for each Ingress of its classes it records a Normal `Sync` event
 * "Scheduled for sync" whenever the Ingress is added or changes, as ingress-nginx's store
 * does, and keeps status.loadBalancer.ingress at the InternalIPs of the control-plane nodes
 * (of every node when there is none). ingress-nginx without a published Service reports the
 * addresses of the nodes its pod runs on; kind runs it on the control-plane node (and
 * reports `localhost`, which only makes sense through kind's port mapping on the host; here
 * the node address is what pods and the page can connect to).
 */
export class IngressStatusController implements Controller {
  readonly name = 'nginx-ingress-controller';
  private client!: Client;
  private queue!: WorkQueue;
  private events!: EventRecorder;
  private ingresses!: Informer<Ingress>;
  private classes!: Informer<IngressClass>;
  private nodes!: Informer<Node>;

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.queue = context.queue;
    this.events = context.events;
    this.ingresses = context.informers.for<Ingress>(ingresses);
    this.classes = context.informers.for<IngressClass>(ingressclasses);
    this.nodes = context.informers.for<Node>(nodes);
    this.ingresses.addEventHandler({
      add: (ing) => this.changed(ing),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.changed(cur);
      },
    });
    const all = () => {
      for (const ing of this.ingresses.list()) this.queue.add(objectKey(ing));
    };
    this.classes.addEventHandler({ add: all, update: all, delete: all });
    this.nodes.addEventHandler({
      add: all,
      update: (old, cur) => {
        if (!jsonEqual(addressesOf([old]), addressesOf([cur]))) all();
      },
      delete: all,
    });
  }

  private changed(ing: Ingress): void {
    if (!isServedBy(ing, this.classes.list()) || ing.metadata.deletionTimestamp) return;
    void this.events.record(ing, 'Normal', 'Sync', 'Scheduled for sync');
    this.queue.add(objectKey(ing));
  }

  async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const ing = this.ingresses.get(namespace, name);
    if (!ing || ing.metadata.deletionTimestamp || !isServedBy(ing, this.classes.list())) return;
    const wanted = this.addresses();
    const current = ing.status?.loadBalancer?.ingress ?? [];
    if (jsonEqual(current, wanted)) return;
    const next: Ingress = structuredClone(ing);
    next.status = {
      ...next.status,
      loadBalancer: wanted.length > 0 ? { ingress: wanted } : {},
    };
    try {
      await this.client.updateStatus(ingresses, next);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }

  /** The addresses to publish, sorted as ingress-nginx sorts them. */
  private addresses(): IngressLoadBalancerIngress[] {
    const all = this.nodes.list();
    const controlPlane = all.filter((n) => n.metadata.labels?.[controlPlaneLabel] !== undefined);
    return addressesOf(controlPlane.length > 0 ? controlPlane : all).map((ip) => ({ ip }));
  }
}

function addressesOf(list: readonly Node[]): string[] {
  const ips = list.flatMap((n) =>
    (n.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address),
  );
  return [...new Set(ips)].sort();
}
