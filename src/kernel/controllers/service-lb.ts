import { isNotFound } from '../api/errors.ts';
import { nodes, services } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { Node } from '../types/core.ts';
import type { LoadBalancerIngress, Service } from '../types/service.ts';
import { jsonEqual } from '../util/json-value.ts';
import type { Controller, ControllerContext } from './controller.ts';
import { LoadBalancerIPPool } from './service-lb/ip-pool.ts';

/** The finalizer that keeps a Service until its load balancer is gone. */
export const loadBalancerCleanupFinalizer = 'service.kubernetes.io/load-balancer-cleanup';
/** Nodes with this label take no load balancer traffic (kind's control-plane node has it). */
const excludeFromLoadBalancersLabel = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** A LoadBalancer Service for the default implementation (no loadBalancerClass). */
function wantsLoadBalancer(service: Service): boolean {
  return service.spec?.type === 'LoadBalancer' && !service.spec.loadBalancerClass;
}

function hasFinalizer(service: Service): boolean {
  return (service.metadata.finalizers ?? []).includes(loadBalancerCleanupFinalizer);
}

/** needsCleanup: a load balancer to take down (the Service is going, or no longer one). */
function needsCleanup(service: Service): boolean {
  if (!hasFinalizer(service)) return false;
  return !!service.metadata.deletionTimestamp || service.spec?.type !== 'LoadBalancer';
}

/** needsUpdate: a change the load balancer must follow. */
function needsUpdate(old: Service, cur: Service): boolean {
  const a = old.spec ?? {};
  const b = cur.spec ?? {};
  if (!wantsLoadBalancer(old) && !wantsLoadBalancer(cur)) return false;
  if (wantsLoadBalancer(old) !== wantsLoadBalancer(cur)) return true;
  const ports = (s: typeof a) =>
    (s.ports ?? []).map((p) => [
      p.name,
      p.protocol,
      p.port,
      p.nodePort,
      p.targetPort,
      p.appProtocol,
    ]);
  return (
    !jsonEqual(a.loadBalancerSourceRanges ?? [], b.loadBalancerSourceRanges ?? []) ||
    !jsonEqual(ports(a), ports(b)) ||
    a.sessionAffinity !== b.sessionAffinity ||
    !jsonEqual(a.sessionAffinityConfig ?? null, b.sessionAffinityConfig ?? null) ||
    (a.loadBalancerIP ?? '') !== (b.loadBalancerIP ?? '') ||
    !jsonEqual(a.externalIPs ?? [], b.externalIPs ?? []) ||
    !jsonEqual(old.metadata.annotations ?? {}, cur.metadata.annotations ?? {}) ||
    old.metadata.uid !== cur.metadata.uid ||
    a.externalTrafficPolicy !== b.externalTrafficPolicy ||
    (a.healthCheckNodePort ?? 0) !== (b.healthCheckNodePort ?? 0) ||
    (a.ipFamilies ?? []).length !== (b.ipFamilies ?? []).length
  );
}

/**
 * The cloud's service controller (`service-controller`), with a simulated cloud: a
 * LoadBalancer Service gets the `service.kubernetes.io/load-balancer-cleanup` finalizer and
 * an address from 172.18.255.200–250 in status.loadBalancer.ingress (ipMode VIP), with the
 * EnsuringLoadBalancer and EnsuredLoadBalancer events; when it is deleted or stops being a
 * LoadBalancer the address goes back to the pool (DeletingLoadBalancer, DeletedLoadBalancer)
 * and the finalizer is removed. Services naming a loadBalancerClass are left to their class.
 */
export class ServiceLoadBalancerController implements Controller {
  readonly name = 'service-controller';
  private client!: Client;
  private queue!: WorkQueue;
  private events!: EventRecorder;
  private services!: Informer<Service>;
  private nodes!: Informer<Node>;

  constructor(private readonly pool = new LoadBalancerIPPool()) {}

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.queue = context.queue;
    this.events = context.events;
    this.services = context.informers.for<Service>(services);
    this.nodes = context.informers.for<Node>(nodes);
    this.services.addEventHandler({
      add: (s) => {
        if (wantsLoadBalancer(s) || needsCleanup(s)) this.queue.add(objectKey(s));
      },
      update: (old, s) => {
        if (needsUpdate(old, s) || needsCleanup(s)) this.queue.add(objectKey(s));
      },
      // A Service gone without its finalizer (never reconciled) still frees its address.
      delete: (s) => this.pool.release(s.metadata.uid ?? ''),
    });
  }

  async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const service = this.services.get(namespace, name);
    if (!service) return;
    this.adoptKnownAddresses();
    try {
      if (!wantsLoadBalancer(service) || needsCleanup(service))
        await this.deleteLoadBalancer(service);
      else await this.ensureLoadBalancer(service);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      void this.events.record(
        service,
        'Warning',
        'SyncLoadBalancerFailed',
        `Error syncing load balancer: ${message}`,
      );
      throw err;
    }
  }

  private async ensureLoadBalancer(service: Service): Promise<void> {
    const uid = service.metadata.uid ?? '';
    void this.events.record(service, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
    await this.setFinalizer(service, true);
    const eligible = this.nodes
      .list()
      .filter((n) => !(excludeFromLoadBalancersLabel in (n.metadata.labels ?? {})));
    if (eligible.length === 0) {
      void this.events.record(
        service,
        'Warning',
        'UnAvailableLoadBalancer',
        'There are no available nodes for LoadBalancer',
      );
    }
    const current = (service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');
    const requested = service.spec?.loadBalancerIP ? [service.spec.loadBalancerIP] : [];
    const ip = this.pool.assign(uid, [...requested, ...current]);
    if (!ip) {
      throw new Error(`failed to ensure load balancer: no free address left in ${this.pool.range}`);
    }
    void this.events.record(service, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
    await this.patchStatus(service, [{ ip, ipMode: 'VIP' }]);
  }

  private async deleteLoadBalancer(service: Service): Promise<void> {
    const uid = service.metadata.uid ?? '';
    if (this.pool.addressOf(uid)) {
      void this.events.record(service, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer');
      this.pool.release(uid);
    }
    await this.setFinalizer(service, false);
    void this.events.record(service, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
    await this.patchStatus(service, []);
  }

  /** After a restart the pool is empty: the addresses in Services' status are theirs again. */
  private adoptKnownAddresses(): void {
    for (const s of this.services.list()) {
      if (!wantsLoadBalancer(s) || needsCleanup(s)) continue;
      for (const ingress of s.status?.loadBalancer?.ingress ?? []) {
        if (ingress.ip && !this.pool.addressOf(s.metadata.uid ?? '')) {
          this.pool.claim(s.metadata.uid ?? '', ingress.ip);
        }
      }
    }
  }

  private async setFinalizer(service: Service, present: boolean): Promise<void> {
    if (hasFinalizer(service) === present) return;
    const others = (service.metadata.finalizers ?? []).filter(
      (f) => f !== loadBalancerCleanupFinalizer,
    );
    const finalizers = present ? [...others, loadBalancerCleanupFinalizer] : others;
    const { namespace, name = '', uid, resourceVersion } = service.metadata;
    try {
      await this.client.patch(services, namespace, name, {
        metadata: { finalizers: finalizers.length > 0 ? finalizers : null, uid, resourceVersion },
      });
    } catch (err) {
      // A Service that went once its finalizer was removed is what was wanted.
      if (!(isNotFound(err) && !present)) throw err;
    }
  }

  private async patchStatus(service: Service, ingress: LoadBalancerIngress[]): Promise<void> {
    const previous = service.status?.loadBalancer?.ingress ?? [];
    if (jsonEqual(previous, ingress)) return;
    const { namespace, name = '' } = service.metadata;
    try {
      await this.client.patch(
        services,
        namespace,
        name,
        { status: { loadBalancer: { ingress: ingress.length > 0 ? ingress : null } } },
        'merge',
        'status',
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
