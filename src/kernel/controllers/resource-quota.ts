import { isConflict, isNotFound } from '../api/errors.ts';
import { amountsOf, equals, resourceListOf } from '../api/quota/resource-lists.ts';
import { podCountsForQuota } from '../api/quota/pod-evaluator.ts';
import {
  configmaps,
  persistentvolumeclaims,
  pods,
  resourcequotas,
  secrets,
  services,
  type ResourceInfo,
} from '../api/resources.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { Pod } from '../types/core.ts';
import type { KubeObject } from '../types/meta.ts';
import type { ResourceQuota } from '../types/quota.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import { calculateUsage, trackedResources } from './resourcequota/quota-usage.ts';
import { addWorkloadIndexes, namespaceIndex } from './util/workload-indexes.ts';

/** How often every quota is recounted from scratch (--resource-quota-sync-period, 5m). */
const resyncMs = 5 * 60_000;
/** How soon a count whose write lost a race is made again. */
const conflictRetryMs = 50;

/**
 * The resource quota controller (`resourcequota-controller`): keeps each quota's status.hard
 * equal to spec.hard and status.used equal to what its namespace uses, recounting a
 * namespace's quotas when an object they count goes away or stops counting (a pod finishes, a
 * Service changes type, a claim is resized), and every quota every five minutes. Admission
 * charges new objects as they come; this is what gives the units back.
 */
export class ResourceQuotaController implements Controller {
  readonly name = 'resourcequota-controller';
  readonly workers = 5;
  private context!: ControllerContext;
  private quotas!: Informer<ResourceQuota>;
  /** Informers of the kinds quotas count, by resource; more are added as quotas name them. */
  private readonly watched = new Map<ResourceInfo, Informer>();

  setup(context: ControllerContext): void {
    this.context = context;
    this.quotas = context.informers.for<ResourceQuota>(resourcequotas);
    addWorkloadIndexes(this.quotas);
    this.quotas.addEventHandler({
      add: (q) => this.enqueue(q),
      update: (old, cur) => {
        // A status-only change is this controller's (or admission's) own write.
        if (JSON.stringify(old.spec ?? {}) !== JSON.stringify(cur.spec ?? {})) this.enqueue(cur);
      },
    });
    for (const info of [pods, services, persistentvolumeclaims, configmaps, secrets])
      this.watch(info);
  }

  /** Starts following a kind: its deletions and relevant updates recount the namespace. */
  private watch(info: ResourceInfo): Informer {
    let informer = this.watched.get(info);
    if (informer) return informer;
    informer = this.context.informers.for(info);
    addWorkloadIndexes(informer);
    this.watched.set(info, informer);
    informer.addEventHandler({
      add: (o) => this.recount(o),
      update: (old, cur) => {
        if (this.changesUsage(info, old, cur)) this.recount(cur);
      },
      delete: (o) => this.recount(o),
    });
    return informer;
  }

  /** The replenishment rules: what an update must change to matter to quotas. */
  private changesUsage(info: ResourceInfo, old: KubeObject, cur: KubeObject): boolean {
    if (info === pods) {
      const now = this.context.clock.now();
      return (
        podCountsForQuota(old as Pod, now) !== podCountsForQuota(cur as Pod, now) ||
        old.metadata.deletionTimestamp !== cur.metadata.deletionTimestamp
      );
    }
    if (info === services) return JSON.stringify(old.spec) !== JSON.stringify(cur.spec);
    if (info === persistentvolumeclaims) {
      // RequiresQuotaReplenish: a resize the volume finished moves status.allocatedResources.
      const allocated = (o: KubeObject) =>
        JSON.stringify(
          (o.status as { allocatedResources?: unknown } | undefined)?.allocatedResources,
        );
      return (
        JSON.stringify(old.spec) !== JSON.stringify(cur.spec) || allocated(old) !== allocated(cur)
      );
    }
    return false;
  }

  private recount(object: KubeObject): void {
    for (const q of this.quotas.byIndex(namespaceIndex, object.metadata.namespace ?? ''))
      this.enqueue(q);
  }

  private enqueue(q: ResourceQuota): void {
    this.context.queue.add(objectKey(q));
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const quota = this.quotas.get(namespace, name);
    if (!quota) return;
    const hardNames = Object.keys(quota.spec?.hard ?? {});
    const informers = trackedResources(hardNames).map((info) => [info, this.watch(info)] as const);
    // A kind first named by this quota must be listed before it can be counted.
    await Promise.all(informers.map(([, informer]) => informer.synced));
    const byInfo = new Map(informers);
    const { usage, counted } = calculateUsage(
      quota,
      (info) => byInfo.get(info)?.byIndex(namespaceIndex, namespace ?? '') ?? [],
      this.context.clock.now(),
    );
    const hard = amountsOf(quota.spec?.hard);
    const oldUsed = amountsOf(quota.status?.used);
    // Names nothing counts keep their old value; names no longer limited go.
    const used = new Map([...oldUsed].filter(([n]) => hard.has(n) && !counted.has(n)));
    for (const [n, q] of usage) used.set(n, q);
    const dirty =
      !quota.status?.hard ||
      !quota.status.used ||
      !equals(hard, amountsOf(quota.status.hard)) ||
      !equals(used, oldUsed);
    if (dirty) {
      try {
        await this.context.client.updateStatus<ResourceQuota>(resourcequotas, {
          ...quota,
          status: { hard: resourceListOf(hard), used: resourceListOf(used) },
        });
      } catch (err) {
        // Admission charged the quota meanwhile: count again once the cache has that write.
        if (isConflict(err)) return { requeueAfter: conflictRetryMs };
        if (!isNotFound(err)) throw err;
      }
    }
    return { requeueAfter: resyncMs };
  }
}
