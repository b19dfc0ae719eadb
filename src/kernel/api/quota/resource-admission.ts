/**
 * LimitRanger and ResourceQuota as the API server runs them on a namespaced write: the
 * LimitRanger's defaults go in after the object's own defaults (mutating admission), then,
 * once the object is valid, the LimitRanger's bounds and the quotas are checked (validating
 * admission). A quota that admits an object is charged at once: its status.used grows before
 * the object is stored, as upstream's admission does, so two creates racing for the last
 * unit of a quota cannot both pass.
 */
import type { Pod } from '../../types/core.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { LimitRange, ResourceQuota } from '../../types/quota.ts';
import { podQosClass } from '../defaults/qos-class.ts';
import { forbidden, isConflict } from '../errors.ts';
import type { ServerContext } from '../handlers/context.ts';
import { limitranges, resourcequotas, type ResourceInfo } from '../resources.ts';
import { applyLimitRangeDefaults, limitRangeViolation } from './limit-ranger.ts';
import { NamespaceCache } from './namespace-cache.ts';
import { checkQuotaRequest } from './quota-check.ts';
import { evaluatorFor } from './quota-evaluators.ts';
import { resourceListOf, type Amounts } from './resource-lists.ts';

/** What one write goes through; `mutate` is synchronous so defaulting stays in one step. */
export interface ResourceAdmission {
  /** LimitRanger's Admit: fills in the namespace's default requests and limits. */
  mutate(object: KubeObject): void;
  /** LimitRanger's Validate, then ResourceQuota (charging the quotas unless a dry run). */
  validate(object: KubeObject, old: KubeObject | undefined, dryRun: boolean): Promise<void>;
}

interface ServerState {
  quotas: NamespaceCache;
  limitRanges: NamespaceCache;
  /** The tail of each namespace's chain of quota charges: one charge at a time. */
  locks: Map<string, Promise<void>>;
}

const states = new WeakMap<ServerContext, ServerState>();

function stateOf(ctx: ServerContext): ServerState {
  let state = states.get(ctx);
  if (!state) {
    state = {
      quotas: new NamespaceCache(ctx.registry(resourcequotas)),
      limitRanges: new NamespaceCache(ctx.registry(limitranges)),
      locks: new Map(),
    };
    states.set(ctx, state);
  }
  return state;
}

/** Runs `fn` after every earlier charge in the namespace has finished. */
async function serialized<T>(state: ServerState, namespace: string, fn: () => Promise<T>) {
  const before = state.locks.get(namespace) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = before.then(() => mine);
  state.locks.set(namespace, tail);
  await before;
  try {
    return await fn();
  } finally {
    release();
    if (state.locks.get(namespace) === tail) state.locks.delete(namespace);
  }
}

/** How many times a charge that lost a race with the quota controller is recomputed. */
const chargeAttempts = 5;

async function admitQuota(
  ctx: ServerContext,
  info: ResourceInfo,
  object: KubeObject,
  old: KubeObject | undefined,
  dryRun: boolean,
): Promise<void> {
  const namespace = object.metadata.namespace ?? '';
  const state = stateOf(ctx);
  const evaluator = evaluatorFor(info);
  if (old && !evaluator.checksUpdates) return;
  if ((await state.quotas.list(namespace)).length === 0) return;
  const gr = { group: info.group, resource: info.resource };
  const name = object.metadata.name || object.metadata.generateName || 'Unknown';
  await serialized(state, namespace, async () => {
    // Quotas a charge failed on are decided again from their fresh state; charged ones stay.
    let pending: Set<string> | undefined;
    for (let attempt = 1; ; attempt++) {
      const all = (await state.quotas.list(namespace)) as ResourceQuota[];
      const quotas = pending ? all.filter((q) => pending!.has(q.metadata.name ?? '')) : all;
      const decision = checkQuotaRequest(quotas, evaluator, object, old, ctx.clock.now());
      if (decision.refused !== undefined) throw forbidden(gr, name, decision.refused);
      if (dryRun) return;
      const failed = new Set<string>();
      for (const [quota, used] of decision.used) {
        try {
          await writeUsed(ctx, quota, used);
        } catch (err) {
          if (!isConflict(err) || attempt >= chargeAttempts) throw err;
          failed.add(quota.metadata.name ?? '');
        }
      }
      if (failed.size === 0) return;
      pending = failed;
    }
  });
}

/** Compare-and-swap of a quota's status.used against the version the decision read. */
async function writeUsed(ctx: ServerContext, quota: ResourceQuota, used: Amounts): Promise<void> {
  const registry = ctx.registry(resourcequotas);
  const next: ResourceQuota = {
    ...quota,
    status: { ...quota.status, used: resourceListOf(used) },
  };
  await registry.put(next, Number(quota.metadata.resourceVersion));
}

/**
 * The admission a write of `info` in `namespace` goes through, with the namespace's
 * LimitRanges read once up front (LimitRanger only looks at pods and claims).
 */
export async function resourceAdmission(
  ctx: ServerContext,
  info: ResourceInfo,
  namespace: string,
): Promise<ResourceAdmission> {
  const limited =
    info.group === '' && (info.resource === 'pods' || info.resource === 'persistentvolumeclaims');
  const ranges = limited ? ((await stateOf(ctx).limitRanges.list(namespace)) as LimitRange[]) : [];
  return {
    mutate(object) {
      if (ranges.length === 0 || info.resource !== 'pods') return;
      const pod = object as Pod;
      applyLimitRangeDefaults(pod, ranges);
      // The registry computes the QoS class after admission; defaults may have changed it.
      pod.status = { ...pod.status, qosClass: podQosClass(pod.spec) };
    },
    async validate(object, old, dryRun) {
      // Pods' resources cannot change on update; an object being deleted is let go.
      const skipLimits = old && (info.resource === 'pods' || !!old.metadata.deletionTimestamp);
      if (ranges.length > 0 && !skipLimits) {
        const violation = limitRangeViolation(info.resource, object, ranges, old);
        if (violation !== undefined) {
          const name = object.metadata.name || object.metadata.generateName || 'Unknown';
          throw forbidden({ group: info.group, resource: info.resource }, name, violation);
        }
      }
      await admitQuota(ctx, info, object, old, dryRun);
    },
  };
}

/**
 * The validating admission an update of `info`'s main resource goes through (subresources
 * skip both plugins upstream): LimitRanger for claims, and ResourceQuota for kinds whose
 * usage an update can change (Services changing type, claims growing; a pod's resources are
 * immutable here, as there is no `resize` subresource). Undefined for every other kind, so
 * their updates pay nothing. The returned check charges the quotas unless `dryRun`.
 */
export function updateAdmission(
  ctx: ServerContext,
  info: ResourceInfo,
): ((object: KubeObject, old: KubeObject, dryRun: boolean) => Promise<void>) | undefined {
  if (!info.namespaced) return undefined;
  const claims = info.group === '' && info.resource === 'persistentvolumeclaims';
  if (!claims && !evaluatorFor(info).checksUpdates) return undefined;
  return async (object, old, dryRun) => {
    const admission = await resourceAdmission(ctx, info, object.metadata.namespace ?? '');
    await admission.validate(object, old, dryRun);
  };
}
