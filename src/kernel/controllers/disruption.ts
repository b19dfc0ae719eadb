import { isConflict, isNotFound } from '../api/errors.ts';
import {
  deployments as deploymentsResource,
  poddisruptionbudgets,
  pods as podsResource,
  replicasets,
} from '../api/resources.ts';
import { labelSelectorAsSelector, labelSelectorMatcher } from '../api/selectors/label-selector.ts';
import { rfc3339 } from '../clock/clock.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { Deployment, ReplicaSet } from '../types/apps.ts';
import type { Pod } from '../types/core.ts';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from '../types/policy.ts';
import { jsonEqual } from '../util/json-value.ts';
import {
  conditionsAreUpToDate,
  disruptionAllowedCondition,
  setStatusCondition,
  syncFailedReason,
  updateDisruptionAllowedCondition,
} from '../util/disruption-allowed.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import { expectedPodCount } from './disruption/expected-pods.ts';
import {
  budgetStatus,
  countHealthyPods,
  disruptedPodMap,
  goLabelSelectorString,
} from './disruption/pdb-status.ts';
import { addWorkloadIndexes, namespaceIndex } from './util/workload-indexes.ts';

/** How long an eviction's DisruptionTarget condition may stay on a pod that was not deleted. */
export const stalePodDisruptionTimeoutMs = 2 * 60_000;

/** Work queue keys: budgets to sync, and pods whose DisruptionTarget condition may be stale. */
const budgetKey = (key: string) => `pdb:${key}`;
const podKey = (key: string) => `pod:${key}`;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The disruption controller (kube-controller-manager's `disruption`): keeps each
 * PodDisruptionBudget's status — how many selected pods are expected and healthy, how many
 * must stay healthy, and so how many the eviction API may take (disruptionsAllowed), with the
 * DisruptionAllowed condition. Pods the eviction API let go count as gone for two minutes;
 * a failure to compute the status (an unknown controller, a kind without a scale) sets
 * disruptionsAllowed to 0 with reason SyncFailed, refusing evictions until it is fixed. It also
 * turns a DisruptionTarget condition that stayed two minutes on a pod that was never deleted
 * back to False. Events come from `controllermanager`, as upstream's recorder names itself.
 */
export class DisruptionController implements Controller {
  readonly name = 'disruption-controller';
  private context!: ControllerContext;
  private events!: EventRecorder;
  private budgets!: Informer<PodDisruptionBudget>;
  private pods!: Informer<Pod>;
  private replicaSets!: Informer<ReplicaSet>;
  private deployments!: Informer<Deployment>;

  setup(context: ControllerContext): void {
    this.context = context;
    this.events = context.events.forComponent('controllermanager');
    this.budgets = context.informers.for<PodDisruptionBudget>(poddisruptionbudgets);
    this.pods = context.informers.for<Pod>(podsResource);
    this.replicaSets = context.informers.for<ReplicaSet>(replicasets);
    this.deployments = context.informers.for<Deployment>(deploymentsResource);
    addWorkloadIndexes(this.budgets);
    addWorkloadIndexes(this.pods);
    const enqueue = (pdb: PodDisruptionBudget) => context.queue.add(budgetKey(objectKey(pdb)));
    this.budgets.addEventHandler({
      add: enqueue,
      update: (_, cur) => enqueue(cur),
      delete: enqueue,
    });
    this.pods.addEventHandler({
      add: (pod) => this.podChanged(pod, true),
      update: (_, cur) => this.podChanged(cur, true),
      delete: (pod) => this.podChanged(pod, false),
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (key.startsWith('pod:')) return this.syncStalePodDisruption(key.slice(4));
    const { namespace, name } = splitKey(key.slice(4));
    const pdb = this.budgets.get(namespace, name);
    if (!pdb) return;
    try {
      return await this.trySync(pdb);
    } catch (err) {
      // A conflict is retried as it is; any other failure refuses disruptions meanwhile.
      if (isConflict(err)) throw err;
      await this.failSafe(pdb, err);
    }
  }

  /**
   * getPdbForPod: the budget a pod change concerns (the first of several, with a warning on
   * the pod). Budgets with an empty selector match no pod here.
   */
  private podChanged(pod: Pod, live: boolean): void {
    const matching = this.budgets
      .byIndex(namespaceIndex, pod.metadata.namespace ?? '')
      .filter((pdb) => {
        try {
          const selector = labelSelectorAsSelector(pdb.spec?.selector);
          if (selector.matchesNothing || selector.requirements.length === 0) return false;
          return labelSelectorMatcher(pdb.spec.selector)(pod.metadata.labels);
        } catch {
          return false;
        }
      });
    if (matching.length > 1) {
      const message = `Pod "${pod.metadata.namespace}"/"${pod.metadata.name}" matches multiple PodDisruptionBudgets.  Chose "${matching[0].metadata.name}" arbitrarily.`;
      void this.events.record(pod, 'Warning', 'MultiplePodDisruptionBudgets', message);
    }
    if (matching.length > 0) this.context.queue.add(budgetKey(objectKey(matching[0])));
    if (!live) return;
    const staleIn = this.staleDisruptionIn(pod);
    if (staleIn !== undefined) this.context.queue.addAfter(podKey(objectKey(pod)), staleIn);
  }

  /** trySync: the budget's status from its pods, and when to look again. */
  private async trySync(pdb: PodDisruptionBudget): Promise<ReconcileResult | void> {
    const { clock } = this.context;
    let pods: Pod[];
    try {
      const matches = labelSelectorMatcher(pdb.spec?.selector);
      pods = this.pods
        .byIndex(namespaceIndex, pdb.metadata.namespace ?? '')
        .filter((p) => matches(p.metadata.labels));
    } catch (err) {
      void this.events.record(pdb, 'Warning', 'NoPods', `Failed to get pods: ${messageOf(err)}`);
      throw err;
    }
    if (pods.length === 0)
      void this.events.record(pdb, 'Normal', 'NoPods', 'No matching pods found');
    let expected;
    try {
      expected = await expectedPodCount(
        {
          client: this.context.client,
          replicaSets: this.replicaSets,
          deployments: this.deployments,
        },
        pdb,
        pods,
      );
    } catch (err) {
      void this.events.record(
        pdb,
        'Warning',
        'CalculateExpectedPodCountFailed',
        `Failed to calculate the number of expected pods: ${messageOf(err)}`,
      );
      throw err;
    }
    if (expected.unmanaged.length > 0) {
      void this.events.record(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelectorString(pdb.spec.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    const now = clock.now();
    const { pending, overdue, recheckAt } = disruptedPodMap(pods, pdb, now);
    for (const pod of overdue) {
      // Upstream names the budget's namespace twice.
      void this.events.record(
        pod,
        'Warning',
        'NotDeleted',
        `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't`,
      );
    }
    const status = budgetStatus(
      pdb,
      {
        currentHealthy: countHealthyPods(pods, pending, now),
        desiredHealthy: expected.desiredHealthy,
        expectedCount: expected.expectedCount,
      },
      pending,
    );
    await this.updateStatus(pdb, status);
    // An entry expiring right now is still pending (upstream tests `Before`): look again after it.
    if (recheckAt !== undefined) return { requeueAfter: Math.max(1, recheckAt - now) };
  }

  /** updatePdbStatus: writes the status unless it, its generation and condition are current. */
  private async updateStatus(
    pdb: PodDisruptionBudget,
    status: PodDisruptionBudgetStatus,
  ): Promise<void> {
    const old = pdb.status;
    const unchanged =
      old !== undefined &&
      old.currentHealthy === status.currentHealthy &&
      old.desiredHealthy === status.desiredHealthy &&
      old.expectedPods === status.expectedPods &&
      old.disruptionsAllowed === status.disruptionsAllowed &&
      jsonEqual(old.disruptedPods ?? {}, status.disruptedPods ?? {}) &&
      (old.observedGeneration ?? 0) === (pdb.metadata.generation ?? 0) &&
      conditionsAreUpToDate(pdb);
    if (unchanged) return;
    updateDisruptionAllowedCondition(status, rfc3339(this.context.clock.now()));
    await this.writeStatus(pdb, status);
  }

  /** failSafe: no disruptions, and the DisruptionAllowed condition False with reason SyncFailed. */
  private async failSafe(pdb: PodDisruptionBudget, err: unknown): Promise<void> {
    const status: PodDisruptionBudgetStatus = structuredClone(
      pdb.status ?? {
        disruptionsAllowed: 0,
        currentHealthy: 0,
        desiredHealthy: 0,
        expectedPods: 0,
      },
    );
    status.disruptionsAllowed = 0;
    status.conditions ??= [];
    setStatusCondition(
      status.conditions,
      {
        type: disruptionAllowedCondition,
        status: 'False',
        reason: syncFailedReason,
        message: messageOf(err),
        ...(status.observedGeneration ? { observedGeneration: status.observedGeneration } : {}),
      },
      rfc3339(this.context.clock.now()),
    );
    await this.writeStatus(pdb, status);
  }

  /** One status write of the cached budget; a conflict goes back to the queue. */
  private async writeStatus(pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus) {
    try {
      await this.context.client.updateStatus<PodDisruptionBudget>(poddisruptionbudgets, {
        ...pdb,
        status,
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * nonTerminatingPodHasStaleDisruptionCondition: milliseconds until a DisruptionTarget=True
   * condition set by the eviction API on a pod that is neither deleting nor finished becomes
   * stale (0: now), or undefined when the pod has none to clear.
   */
  private staleDisruptionIn(pod: Pod): number | undefined {
    if (pod.metadata.deletionTimestamp) return undefined;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return undefined;
    const cond = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    if (!cond || cond.status !== 'True' || cond.reason === 'TerminationByKubelet') return undefined;
    const since = Date.parse(cond.lastTransitionTime ?? '');
    const elapsed = Number.isFinite(since) ? this.context.clock.now() - since : Infinity;
    return Math.max(0, stalePodDisruptionTimeoutMs - elapsed);
  }

  /** syncStalePodDisruption: DisruptionTarget back to False once it has gone stale. */
  private async syncStalePodDisruption(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.get(namespace, name);
    if (!pod) return;
    const waitMs = this.staleDisruptionIn(pod);
    if (waitMs === undefined) return;
    if (waitMs > 0) return { requeueAfter: waitMs };
    const now = rfc3339(this.context.clock.now());
    const conditions = (pod.status?.conditions ?? []).map((c) =>
      c.type === 'DisruptionTarget'
        ? { type: c.type, status: 'False' as const, lastProbeTime: null, lastTransitionTime: now }
        : c,
    );
    try {
      await this.context.client.updateStatus<Pod>(podsResource, {
        ...pod,
        status: { ...pod.status, conditions },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
