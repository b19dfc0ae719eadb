import { isConflict, isNotFound, isStatus, reasonOf, StatusError } from '../api/errors.ts';
import {
  builtinResources,
  collectionPath,
  namespaces,
  pods,
  type ResourceInfo,
} from '../api/resources.ts';
import { rfc3339 } from '../clock/clock.ts';
import type { Client } from '../client/client.ts';
import type { Clock } from '../clock/clock.ts';
import type { Timing } from '../clock/presets.ts';
import type { Namespace, Pod } from '../types/core.ts';
import type { ConditionStatus, KubeObject } from '../types/meta.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';

/** The spec finalizer this controller owns: the namespace is kept until its content is gone. */
export const namespaceFinalizer = 'kubernetes';
/** How long to assume finalizers on remaining content take, in declared seconds (the deleter's default). */
const finalizerEstimateSeconds = 15;

interface NamespaceCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The conditions the namespace deleter maintains, with the reason and message each has when all is well. */
const okConditions: [type: string, reason: string, message: string][] = [
  [
    'NamespaceDeletionDiscoveryFailure',
    'ResourcesDiscovered',
    'All resources successfully discovered',
  ],
  [
    'NamespaceDeletionGroupVersionParsingFailure',
    'ParsedGroupVersions',
    'All legacy kube types successfully parsed',
  ],
  [
    'NamespaceDeletionContentFailure',
    'ContentDeleted',
    'All content successfully deleted, may be waiting on finalization',
  ],
  ['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
  [
    'NamespaceFinalizersRemaining',
    'ContentHasNoFinalizers',
    'All content-preserving finalizers finished',
  ],
];

interface ContentResult {
  /** Declared seconds until what remains should be gone; 0 when no wait is expected. */
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
  error?: string;
}

/**
 * The namespace controller: empties a namespace that is being deleted. It marks it
 * Terminating, deletes every namespaced object in it (Background propagation), reports
 * progress in the namespace's conditions, waits for graceful deletions and finalizers, and
 * finally removes the `kubernetes` finalizer through `/finalize`, after which the API server
 * removes the namespace (unless metadata.finalizers still hold it).
 */
export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  readonly workers = 2;
  private client!: Client;
  private clock!: Clock;
  private timing!: Timing;

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.clock = context.clock;
    this.timing = context.timing;
    const enqueue = (ns: Namespace) => {
      if (ns.metadata.deletionTimestamp) context.queue.add(ns.metadata.name ?? '');
    };
    const informer = context.informers.for<Namespace>(namespaces);
    informer.addEventHandler({ add: enqueue, update: (_, ns) => enqueue(ns) });
  }

  async reconcile(name: string): Promise<ReconcileResult | void> {
    let ns = await this.fetch(name);
    if (!ns?.metadata.deletionTimestamp) return;
    ns = await this.ensureTerminating(ns);
    if (!ns || (ns.spec?.finalizers ?? []).length === 0) return;

    const { estimate, errors } = await this.deleteAllContent(ns);
    if (errors.length > 0) throw new Error(errors.join('; '));
    if (estimate > 0) {
      // Look again halfway through the expected wait, as the namespace controller does.
      return { requeueAfter: (Math.floor(estimate / 2) + 1) * this.timing.declaredSecond };
    }
    await this.finalize(ns);
  }

  private async fetch(name: string): Promise<Namespace | undefined> {
    try {
      return await this.client.get<Namespace>(namespaces, undefined, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async ensureTerminating(ns: Namespace): Promise<Namespace | undefined> {
    let current: Namespace | undefined = ns;
    while (current && current.status?.phase !== 'Terminating') {
      try {
        return await this.client.updateStatus<Namespace>(namespaces, {
          ...current,
          status: { ...current.status, phase: 'Terminating' },
        });
      } catch (err) {
        if (isNotFound(err)) return undefined;
        if (!isConflict(err)) throw err;
        current = await this.fetch(current.metadata.name ?? '');
      }
    }
    return current;
  }

  /** Deletes everything in the namespace; returns the longest expected wait and the failures. */
  private async deleteAllContent(ns: Namespace): Promise<{ estimate: number; errors: string[] }> {
    const name = ns.metadata.name ?? '';
    const deletedAt = Date.parse(ns.metadata.deletionTimestamp ?? '');
    const errors: string[] = [];
    const remaining: string[] = [];
    const finalizers = new Map<string, number>();
    let estimate = 0;
    for (const info of builtinResources) {
      if (!info.namespaced || !info.verbs.includes('delete') || info.storedAs) continue;
      let result: ContentResult;
      try {
        result = await this.deleteContent(info, name, deletedAt);
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
        continue;
      }
      if (result.error) errors.push(result.error);
      estimate = Math.max(estimate, result.estimate);
      if (result.remaining > 0) {
        // `pods.` for the core group: Kubernetes prints the resource and group joined by a dot.
        remaining.push(`${info.resource}.${info.group} has ${result.remaining} resource instances`);
        for (const [f, n] of result.finalizers) finalizers.set(f, (finalizers.get(f) ?? 0) + n);
      }
    }
    await this.updateConditions(ns, remaining, finalizers, errors);
    return { estimate, errors };
  }

  private async deleteContent(
    info: ResourceInfo,
    namespace: string,
    deletedAt: number,
  ): Promise<ContentResult> {
    let estimate = info === pods ? await this.podGracePeriod(namespace) : 0;
    // Once the namespace has been terminating longer than the grace periods, nothing more is expected to go by itself.
    if (this.clock.now() - deletedAt >= estimate * this.timing.declaredSecond) estimate = 0;
    if (!(await this.deleteCollection(info, namespace))) await this.deleteEach(info, namespace);

    const left = (await this.client.list(info, namespace)).items;
    const finalizers = new Map<string, number>();
    if (left.length === 0) return { estimate: 0, remaining: 0, finalizers };
    for (const item of left) {
      for (const f of item.metadata.finalizers ?? [])
        finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    if (estimate !== 0) return { estimate, remaining: left.length, finalizers };
    if (finalizers.size > 0)
      return { estimate: finalizerEstimateSeconds, remaining: left.length, finalizers };
    return {
      estimate,
      remaining: left.length,
      finalizers,
      error: `unexpected items still remain in namespace: ${namespace} for gvr: ${info.group}/${info.version}, Resource=${info.resource}`,
    };
  }

  /** The longest termination grace period of the namespace's running pods, in declared seconds. */
  private async podGracePeriod(namespace: string): Promise<number> {
    let estimate = 0;
    for (const pod of (await this.client.list<Pod>(pods, namespace)).items) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      estimate = Math.max(estimate, pod.spec.terminationGracePeriodSeconds ?? 0);
    }
    return estimate;
  }

  /** DELETE on the collection; false when the resource does not support it. */
  private async deleteCollection(info: ResourceInfo, namespace: string): Promise<boolean> {
    if (!info.verbs.includes('deletecollection')) return false;
    const response = await this.client.api.handle({
      verb: 'DELETE',
      path: collectionPath(info, namespace),
      body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
    });
    if (response.status >= 200 && response.status < 300) return true;
    if (response.status === 404 || response.status === 405) return false;
    if (isStatus(response.body)) throw new StatusError(response.body);
    throw new Error(
      `deletecollection of ${info.resource} in ${namespace} failed with ${response.status}`,
    );
  }

  private async deleteEach(info: ResourceInfo, namespace: string): Promise<void> {
    for (const item of (await this.client.list(info, namespace)).items) {
      try {
        await this.client.delete(info, namespace, item.metadata.name ?? '', {
          propagationPolicy: 'Background',
        });
      } catch (err) {
        if (!isNotFound(err) && reasonOf(err) !== 'MethodNotAllowed') throw err;
      }
    }
  }

  private async updateConditions(
    ns: Namespace,
    remaining: string[],
    finalizers: Map<string, number>,
    errors: string[],
  ): Promise<void> {
    const failures = new Map<string, NamespaceCondition>();
    if (remaining.length > 0) {
      failures.set('NamespaceContentRemaining', {
        type: 'NamespaceContentRemaining',
        status: 'True',
        reason: 'SomeResourcesRemain',
        message: `Some resources are remaining: ${[...remaining].sort().join(', ')}`,
      });
    }
    if (finalizers.size > 0) {
      const byFinalizer = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
      failures.set('NamespaceFinalizersRemaining', {
        type: 'NamespaceFinalizersRemaining',
        status: 'True',
        reason: 'SomeFinalizersRemain',
        message: `Some content in the namespace has finalizers remaining: ${byFinalizer.join(', ')}`,
      });
    }
    if (errors.length > 0) {
      failures.set('NamespaceDeletionContentFailure', {
        type: 'NamespaceDeletionContentFailure',
        status: 'True',
        reason: 'ContentDeletionFailed',
        message: `Failed to delete all resource types, ${errors.length} remaining: ${[...errors].sort().join(', ')}`,
      });
    }

    const now = rfc3339(this.clock.now());
    const conditions = structuredClone((ns.status?.conditions ?? []) as NamespaceCondition[]);
    let changed = false;
    for (const [type, reason, message] of okConditions) {
      const wanted = failures.get(type) ?? { type, status: 'False' as const, reason, message };
      const old = conditions.find((c) => c.type === type);
      if (!old) {
        conditions.push({ ...wanted, lastTransitionTime: now });
        changed = true;
      } else if (
        old.status !== wanted.status ||
        old.reason !== wanted.reason ||
        old.message !== wanted.message
      ) {
        if (old.status !== wanted.status) old.lastTransitionTime = now;
        Object.assign(old, {
          status: wanted.status,
          reason: wanted.reason,
          message: wanted.message,
        });
        changed = true;
      }
    }
    if (!changed) return;
    try {
      const status = { ...ns.status, conditions } as Namespace['status'];
      await this.client.updateStatus<Namespace>(namespaces, { ...ns, status });
    } catch (err) {
      // Conditions are progress reports: a lost race is fixed by the next pass.
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }

  /** Removes `kubernetes` from spec.finalizers through the finalize subresource. */
  private async finalize(ns: Namespace): Promise<void> {
    let current: Namespace | undefined = ns;
    while (current) {
      const rest = [...new Set(current.spec?.finalizers ?? [])]
        .filter((f) => f !== namespaceFinalizer)
        .sort();
      const body: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: current.metadata,
        spec: { ...current.spec, finalizers: rest },
      };
      try {
        await this.client.update(namespaces, body, 'finalize');
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
        current = await this.fetch(current.metadata.name ?? '');
      }
    }
  }
}
