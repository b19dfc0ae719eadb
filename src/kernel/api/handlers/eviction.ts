import type { Pod, PodCondition } from '../../types/core.ts';
import type { DeleteOptions } from '../../types/meta.ts';
import type { Eviction, PodDisruptionBudget } from '../../types/policy.ts';
import { updateDisruptionAllowedCondition } from '../../util/disruption-allowed.ts';
import {
  badRequest,
  conflict,
  forbidden,
  internalError,
  isConflict,
  tooManyRequests,
} from '../errors.ts';
import type { Registry } from '../registry.ts';
import type { ResourceRequest } from '../request.ts';
import { poddisruptionbudgets } from '../resources.ts';
import { labelSelectorAsSelector, matchesLabels } from '../selectors/label-selector.ts';
import type { ApiResponse } from '../types.ts';
import type { ServerContext } from './context.ts';
import { deleteObject } from './delete.ts';
import { guaranteedUpdate, timestamp } from './update.ts';

/** Evictions approved but not yet seen by the disruption controller, past which more are refused. */
const maxDisruptedPodSize = 2000;
/** How often a step that lost a race (a Conflict) is tried again (EvictionsRetry's steps). */
const evictionsRetrySteps = 20;
/** The cause type of a refusal on a budget's account. */
const disruptionBudgetCause = 'DisruptionBudget';
const budgetViolation = "Cannot evict pod as it would violate the pod's disruption budget.";

/** A refusal while the budget's status lags its spec: try again in 10 seconds. */
function budgetBeingProcessed(name: string) {
  return tooManyRequests(budgetViolation, 10, [
    {
      reason: disruptionBudgetCause,
      message: `The disruption budget ${name} is still being processed by the server.`,
    },
  ]);
}

/** Runs `step` again while it fails with a Conflict, EvictionsRetry times at most. */
async function retryOnConflict<T>(step: () => Promise<T>, retry = true): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!retry || !isConflict(err) || attempt >= evictionsRetrySteps) throw err;
    }
  }
}

const isTerminal = (pod: Pod) =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isReady = (pod: Pod) =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** canIgnorePDB: finished, pending and terminating pods go without asking their budget. */
function canIgnoreBudget(pod: Pod): boolean {
  return isTerminal(pod) || pod.status?.phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** The options with a resourceVersion precondition, so a pod that changed since is not deleted. */
function withResourceVersion(options: DeleteOptions, resourceVersion: string): DeleteOptions {
  return { ...options, preconditions: { ...options.preconditions, resourceVersion } };
}

/**
 * The budgets in the pod's namespace whose selector matches it. A budget with an empty or
 * absent selector, or one that cannot be parsed, covers nothing here (unlike in the controller).
 */
async function budgetsFor(ctx: ServerContext, pod: Pod): Promise<PodDisruptionBudget[]> {
  const { items } = await ctx.registry(poddisruptionbudgets).list(pod.metadata.namespace);
  return (items as PodDisruptionBudget[]).filter((pdb) => {
    let selector;
    try {
      selector = labelSelectorAsSelector(pdb.spec?.selector);
    } catch {
      return false;
    }
    if (selector.matchesNothing || selector.requirements.length === 0) return false;
    return matchesLabels(selector, pod.metadata.labels);
  });
}

/**
 * checkAndDecrement: refuses while the budget allows no disruption (or its status is behind its
 * generation), else takes one disruption and records the pod in status.disruptedPods, so the
 * controller does not count it healthy while it goes.
 */
async function checkAndDecrement(
  ctx: ServerContext,
  pdb: PodDisruptionBudget,
  podName: string,
  dryRun: boolean,
): Promise<void> {
  const status = pdb.status ?? {
    disruptionsAllowed: 0,
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
  };
  const name = pdb.metadata.name ?? '';
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw budgetBeingProcessed(name);
  }
  const gr = { group: 'policy', resource: 'poddisruptionbudget' };
  if (status.disruptionsAllowed < 0) {
    throw forbidden(gr, name, 'pdb disruptions allowed is negative');
  }
  if (Object.keys(status.disruptedPods ?? {}).length > maxDisruptedPodSize) {
    throw forbidden(
      gr,
      name,
      'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
    );
  }
  if (status.disruptionsAllowed === 0) {
    throw tooManyRequests(budgetViolation, 0, [
      {
        reason: disruptionBudgetCause,
        message: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
      },
    ]);
  }
  const next = structuredClone(status);
  next.disruptionsAllowed--;
  if (next.disruptionsAllowed === 0) updateDisruptionAllowedCondition(next, timestamp(ctx));
  if (dryRun) return;
  next.disruptedPods = { ...next.disruptedPods, [podName]: timestamp(ctx) };
  await guaranteedUpdate(
    ctx.registry(poddisruptionbudgets),
    pdb.metadata.namespace,
    name,
    (current) => ({ ...current, status: next }),
    { subresource: 'status', expectedResourceVersion: pdb.metadata.resourceVersion },
  );
}

/**
 * addConditionAndDeletePod: marks the pod DisruptionTarget (EvictionByEvictionAPI) through its
 * status, then deletes it gracefully with the eviction's options. A resourceVersion
 * precondition is checked against the pod before the mark and moved past it.
 */
async function markAndDelete(
  ctx: ServerContext,
  pods: Registry,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
): Promise<void> {
  let deleteOptions = options;
  if (!options.dryRun?.includes('All')) {
    const marked = await guaranteedUpdate(
      pods,
      namespace,
      name,
      (current) => {
        const pod = current as Pod;
        const pre = options.preconditions;
        if (pre?.uid && pre.uid !== pod.metadata.uid) {
          throw conflict(
            pods.groupResource,
            name,
            `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${pod.metadata.uid}`,
          );
        }
        if (pre?.resourceVersion && pre.resourceVersion !== pod.metadata.resourceVersion) {
          throw conflict(
            pods.groupResource,
            name,
            `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion}`,
          );
        }
        pod.status = { ...pod.status, conditions: withDisruptionTarget(pod, timestamp(ctx)) };
        return pod;
      },
      { subresource: 'status' },
    );
    if (options.preconditions?.resourceVersion) {
      deleteOptions = withResourceVersion(options, marked.metadata.resourceVersion!);
    }
  }
  await deleteObject(ctx, pods, namespace, name, deleteOptions);
}

/** podutil.UpdatePodCondition with DisruptionTarget=True: the transition time moves only with the status. */
function withDisruptionTarget(pod: Pod, now: string): PodCondition[] {
  const conditions = [...(pod.status?.conditions ?? [])];
  const condition: PodCondition = {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: now,
    reason: 'EvictionByEvictionAPI',
    message: 'Eviction API: evicting',
  };
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) return [...conditions, condition];
  if (conditions[i].status === condition.status) {
    condition.lastTransitionTime = conditions[i].lastTransitionTime;
  }
  conditions[i] = condition;
  return conditions;
}

/** The eviction's delete options, with the request's dryRun pushed in (propagateDryRun). */
function deleteOptionsOf(eviction: Eviction, r: ResourceRequest): DeleteOptions {
  const options: DeleteOptions = { ...eviction.deleteOptions };
  const requested = r.query.dryRun === 'All' ? ['All'] : [];
  if (!options.dryRun?.length) {
    if (requested.length) options.dryRun = requested;
  } else if (requested.length && options.dryRun.join() !== requested.join()) {
    throw internalError(
      `Non-matching dry-run options in request and content: [${requested.join(' ')}] and [${options.dryRun.join(' ')}]`,
    );
  }
  return options;
}

const success = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

/**
 * POST pods/{name}/eviction (EvictionREST.Create): a delete that asks the pod's
 * PodDisruptionBudget first. Pods that are finished, pending or already terminating go at once;
 * a ready pod covered by a budget that allows no disruption is refused with 429
 * TooManyRequests, which clients (kubectl drain) retry; an unready pod goes without spending a
 * disruption while the budget is otherwise met (or its policy is AlwaysAllow). The pod gets
 * the DisruptionTarget condition, then is deleted gracefully with the eviction's options.
 */
export async function handleEviction(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const eviction = (r.body ?? {}) as Eviction;
  if ((eviction.metadata?.name ?? '') !== r.name) {
    throw badRequest('name in URL does not match name in Eviction object');
  }
  const options = deleteOptionsOf(eviction, r);
  const dryRun = options.dryRun?.includes('All') ?? false;
  const pods = ctx.registry(r.resource);
  const name = r.name!;
  const namespace = r.namespace;
  const rvGiven = !!options.preconditions?.resourceVersion;

  let pod!: Pod;
  let deleted = false;
  await retryOnConflict(async () => {
    pod = (await pods.get(namespace, name)) as Pod;
    if (!canIgnoreBudget(pod)) return;
    // Not racing another disruption: the pod must still be the one just read.
    const enforce = !isTerminal(pod) && !pod.metadata.deletionTimestamp && !rvGiven;
    await markAndDelete(
      ctx,
      pods,
      namespace,
      name,
      enforce ? withResourceVersion(options, pod.metadata.resourceVersion!) : options,
    );
    deleted = true;
  }, !rvGiven);
  if (deleted) return { status: 201, body: success };

  const budgets = await budgetsFor(ctx, pod);
  if (budgets.length > 1) {
    const message =
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
    return {
      status: 500,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        code: 500,
      },
    };
  }
  let deleteOptions = options;
  if (budgets.length === 1) {
    let pdb = budgets[0];
    const status = pdb.status;
    const spare =
      pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' ||
      ((status?.currentHealthy ?? 0) >= (status?.desiredHealthy ?? 0) &&
        (status?.desiredHealthy ?? 0) > 0);
    if (!isReady(pod) && spare) {
      // The pod counts for nothing in the budget: it goes if it has not become ready since.
      deleteOptions = withResourceVersion(options, pod.metadata.resourceVersion!);
    } else {
      let refresh = false;
      await retryOnConflict(async () => {
        if (refresh) {
          pdb = (await ctx
            .registry(poddisruptionbudgets)
            .get(namespace, pdb.metadata.name ?? '')) as PodDisruptionBudget;
        }
        refresh = true;
        await checkAndDecrement(ctx, pdb, name, dryRun);
      });
    }
    try {
      await markAndDelete(ctx, pods, namespace, name, deleteOptions);
    } catch (err) {
      // The unready pod changed meanwhile (it may be ready now): the client should ask again.
      if (isConflict(err) && deleteOptions !== options && !rvGiven) {
        throw budgetBeingProcessed(pdb.metadata.name ?? '');
      }
      throw err;
    }
    return { status: 201, body: success };
  }
  await markAndDelete(ctx, pods, namespace, name, deleteOptions);
  return { status: 201, body: success };
}
