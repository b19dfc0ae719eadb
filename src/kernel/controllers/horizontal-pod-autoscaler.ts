import { rfc3339 } from '../clock/clock.ts';
import {
  horizontalpodautoscalers,
  pods as podsResource,
  type ResourceInfo,
} from '../api/resources.ts';
import {
  matchesLabels,
  parseLabelSelector,
  type CompiledLabelSelector,
} from '../api/selectors/label-selector.ts';
import { deepEqual } from '../api/validation/values.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerStatus,
  MetricStatus,
  Scale,
} from '../types/autoscaling.ts';
import type { Pod } from '../types/core.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import { setCondition } from './podautoscaler/hpa-conditions.ts';
import {
  MetricError,
  proposeReplicas,
  type ProposalDeps,
} from './podautoscaler/metric-proposal.ts';
import { getScale, scaleTargetResource, updateScale } from './podautoscaler/scale-target.ts';
import {
  convertDesiredReplicasWithRules,
  ScalingHistory,
} from './podautoscaler/scaling-history.ts';

/** --horizontal-pod-autoscaler-tolerance. */
const tolerance = 0.1;
/** --horizontal-pod-autoscaler-downscale-stabilization, in declared seconds. */
const downscaleStabilizationSeconds = 300;
/** --horizontal-pod-autoscaler-cpu-initialization-period, in declared seconds. */
const cpuInitializationSeconds = 300;
/** --horizontal-pod-autoscaler-initial-readiness-delay, in declared seconds. */
const initialReadinessDelaySeconds = 30;

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The HorizontalPodAutoscaler controller (`horizontal-pod-autoscaler`), as
 * kube-controller-manager's podautoscaler runs it: every sync period each HPA reads its
 * target's scale subresource, asks the metrics API for the selected pods' usage, computes
 * the replicas each metric wants (ceil(current × usage / target) with a 10% tolerance; pods
 * without metrics and not-ready pods counted as upstream does), keeps the largest, bounds it
 * by min/max, the stabilization windows and the scale-up and scale-down policies, writes it
 * through the scale subresource with a SuccessfulRescale event, and reports
 * currentReplicas, desiredReplicas, currentMetrics and the AbleToScale, ScalingActive and
 * ScalingLimited conditions with upstream's reasons and messages. Only resource metrics (cpu,
 * memory) can be measured: no custom or external metrics API is served.
 */
export class HorizontalPodAutoscalerController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  private context!: ControllerContext;
  private hpas!: Informer<HorizontalPodAutoscaler>;
  private pods!: Informer<Pod>;
  private history!: ScalingHistory;
  /** Each HPA's pod selector as last seen, for the one-HPA-per-pod check. */
  private readonly selectors = new Map<string, CompiledLabelSelector>();

  setup(context: ControllerContext): void {
    this.context = context;
    this.history = new ScalingHistory(context.timing.autoscalerSecond);
    this.hpas = context.informers.for<HorizontalPodAutoscaler>(horizontalpodautoscalers);
    this.pods = context.informers.for<Pod>(podsResource);
    const period = () => context.timing.horizontalPodAutoscalerSyncPeriod;
    this.hpas.addEventHandler({
      add: (hpa) => context.queue.add(objectKey(hpa)),
      // Changes wait for the next sync, as upstream's rate-limited update handler makes them.
      update: (_old, hpa) => context.queue.addAfter(objectKey(hpa), period()),
      delete: (hpa) => {
        this.selectors.delete(objectKey(hpa));
        context.queue.add(objectKey(hpa));
      },
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.hpas.get(namespace, name);
    if (!cached) {
      this.history.forget(key);
      this.selectors.delete(key);
      return;
    }
    try {
      await this.reconcileAutoscaler(structuredClone(cached), key);
    } catch {
      // What went wrong is in the HPA's events and conditions; the next sync tries again.
    }
    return { requeueAfter: this.context.timing.horizontalPodAutoscalerSyncPeriod };
  }

  private get second(): number {
    return this.context.timing.autoscalerSecond;
  }

  private event(
    hpa: HorizontalPodAutoscaler,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ) {
    void this.context.events.record(hpa, type, reason, message);
  }

  private async reconcileAutoscaler(hpa: HorizontalPodAutoscaler, key: string): Promise<void> {
    const now = this.context.clock.now();
    const original = structuredClone(hpa.status);
    const namespace = hpa.metadata.namespace ?? 'default';
    const ref = hpa.spec.scaleTargetRef;

    let info: ResourceInfo;
    let scale: Scale;
    try {
      info = scaleTargetResource(ref.apiVersion, ref.kind);
      scale = await getScale(this.context.client, info, namespace, ref.name);
    } catch (err) {
      this.event(hpa, 'Warning', 'FailedGetScale', messageOf(err));
      setCondition(
        hpa,
        'AbleToScale',
        'False',
        'FailedGetScale',
        `the HPA controller was unable to get the target's current scale: ${messageOf(err)}`,
        now,
      );
      await this.updateStatusIfNeeded(original, hpa);
      throw err;
    }
    setCondition(
      hpa,
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
      now,
    );
    const currentReplicas = scale.spec.replicas ?? 0;
    this.history.recordInitial(key, currentReplicas, now);
    const minReplicas = hpa.spec.minReplicas ?? 1;
    const maxReplicas = hpa.spec.maxReplicas;

    let desiredReplicas = 0;
    let rescaleReason = '';
    let rescale = true;
    let statuses: MetricStatus[] | null = null;
    if (currentReplicas === 0) {
      rescale = false;
      setCondition(
        hpa,
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
        now,
      );
    } else if (currentReplicas > maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      const computed = await this.computeReplicasForMetrics(hpa, key, scale, now);
      statuses = computed.statuses;
      if (computed.error && computed.replicas === -1) {
        this.setStatus(
          hpa,
          currentReplicas,
          hpa.status?.desiredReplicas ?? 0,
          statuses,
          false,
          now,
        );
        await this.updateStatusIfNeeded(original, hpa);
        this.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', computed.error);
        return;
      }
      let rescaleMetric = '';
      if (computed.replicas > desiredReplicas) {
        desiredReplicas = computed.replicas;
        rescaleMetric = computed.metricName;
      }
      if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
      if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
      desiredReplicas = hpa.spec.behavior
        ? this.normalizeWithBehaviors(hpa, key, currentReplicas, desiredReplicas, minReplicas, now)
        : this.normalize(hpa, key, currentReplicas, desiredReplicas, minReplicas, now);
      rescale = desiredReplicas !== currentReplicas;
    }

    if (rescale) {
      try {
        await updateScale(this.context.client, info, scale, namespace, ref.name, desiredReplicas);
      } catch (err) {
        this.event(
          hpa,
          'Warning',
          'FailedRescale',
          `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${messageOf(err)}`,
        );
        setCondition(
          hpa,
          'AbleToScale',
          'False',
          'FailedUpdateScale',
          `the HPA controller was unable to update the target scale: ${messageOf(err)}`,
          now,
        );
        this.setStatus(
          hpa,
          currentReplicas,
          hpa.status?.desiredReplicas ?? 0,
          statuses,
          false,
          now,
        );
        await this.updateStatusIfNeeded(original, hpa);
        throw err;
      }
      setCondition(
        hpa,
        'AbleToScale',
        'True',
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desiredReplicas}`,
        now,
      );
      this.event(
        hpa,
        'Normal',
        'SuccessfulRescale',
        `New size: ${desiredReplicas}; reason: ${rescaleReason}`,
      );
      this.history.storeScaleEvent(hpa.spec.behavior, key, currentReplicas, desiredReplicas, now);
    } else {
      desiredReplicas = currentReplicas;
    }
    this.setStatus(hpa, currentReplicas, desiredReplicas, statuses, rescale, now);
    await this.updateStatusIfNeeded(original, hpa);
  }

  /**
   * computeReplicasForMetrics: the largest proposal over the metrics. It fails (-1) when every
   * metric failed, or some did and the others would scale down; the first failure's condition
   * is then set.
   */
  private async computeReplicasForMetrics(
    hpa: HorizontalPodAutoscaler,
    key: string,
    scale: Scale,
    now: number,
  ): Promise<{
    replicas: number;
    metricName: string;
    statuses: MetricStatus[] | null;
    error?: string;
  }> {
    const specs = hpa.spec.metrics ?? [];
    let selector: CompiledLabelSelector;
    try {
      selector = this.validateSelector(hpa, key, scale.status.selector ?? '', now);
    } catch (err) {
      return { replicas: -1, metricName: '', statuses: null, error: messageOf(err) };
    }
    const specReplicas = scale.spec.replicas ?? 0;
    const statuses: MetricStatus[] = specs.map(() => ({ type: '' }) as unknown as MetricStatus);
    let replicas = 0;
    let metricName = '';
    let invalid = 0;
    let firstError: MetricError | undefined;
    for (const [i, spec] of specs.entries()) {
      try {
        const deps = this.proposalDeps(hpa, now);
        const proposal = await proposeReplicas(deps, hpa, spec, specReplicas, selector);
        statuses[i] = proposal.status;
        if (replicas === 0 || proposal.replicas > replicas) {
          replicas = proposal.replicas;
          metricName = proposal.metricName;
        }
      } catch (err) {
        if (!firstError) {
          firstError =
            err instanceof MetricError
              ? err
              : new MetricError(messageOf(err), {
                  type: 'ScalingActive',
                  status: 'False',
                  reason: 'InternalError',
                  message: messageOf(err),
                });
        }
        invalid++;
      }
    }
    const error = firstError
      ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.message}`
      : undefined;
    if (firstError && (invalid >= specs.length || replicas < specReplicas)) {
      const c = firstError.condition;
      setCondition(hpa, c.type, c.status, c.reason, c.message, now);
      return { replicas: -1, metricName: '', statuses, error };
    }
    setCondition(
      hpa,
      'ScalingActive',
      'True',
      'ValidMetricFound',
      `the HPA was able to successfully calculate a replica count from ${metricName}`,
      now,
    );
    return { replicas, metricName, statuses, error };
  }

  /**
   * validateAndParseSelector: the scale's selector must be there and parse, and the pods it
   * selects must not be selected by another HPA as well.
   */
  private validateSelector(
    hpa: HorizontalPodAutoscaler,
    key: string,
    text: string,
    now: number,
  ): CompiledLabelSelector {
    const fail = (reason: string, eventReason: string, message: string, condition = message) => {
      this.event(hpa, 'Warning', eventReason, message);
      setCondition(hpa, 'ScalingActive', 'False', reason, condition, now);
      return new Error(message);
    };
    if (!text) {
      throw fail(
        'InvalidSelector',
        'SelectorRequired',
        'selector is required',
        "the HPA target's scale is missing a selector",
      );
    }
    let selector: CompiledLabelSelector;
    try {
      selector = parseLabelSelector(text);
    } catch (err) {
      const message = `couldn't convert selector into a corresponding internal selector object: ${messageOf(err)}`;
      throw fail('InvalidSelector', 'InvalidSelector', message);
    }
    this.selectors.set(key, selector);
    const namespace = hpa.metadata.namespace ?? 'default';
    const pods = this.selectedPods(namespace, selector);
    const selecting = [...this.selectors.entries()]
      .filter(([k]) => splitKey(k).namespace === namespace)
      .filter(([, s]) => pods.some((p) => matchesLabels(s, p.metadata.labels)))
      .map(([k]) => k)
      .sort()
      .slice(0, 2);
    if (selecting.length > 1) {
      const message = `pods by selector ${text} are controlled by more than one HPA (e.g. [${selecting.join(' ')}])`;
      throw fail('AmbiguousSelector', 'AmbiguousSelector', message);
    }
    return selector;
  }

  private proposalDeps(hpa: HorizontalPodAutoscaler, now: number): ProposalDeps {
    return {
      client: this.context.client,
      warn: (reason, message) => this.event(hpa, 'Warning', reason, message),
      pods: (namespace, selector) => this.selectedPods(namespace, selector),
      options: {
        tolerance,
        cpuInitializationPeriod: cpuInitializationSeconds * this.second,
        delayOfInitialReadinessStatus: initialReadinessDelaySeconds * this.second,
        now,
      },
    };
  }

  private selectedPods(namespace: string, selector: CompiledLabelSelector): Pod[] {
    return this.pods.list(namespace).filter((p) => matchesLabels(selector, p.metadata.labels));
  }

  /** normalizeDesiredReplicas, for an HPA without behavior. */
  private normalize(
    hpa: HorizontalPodAutoscaler,
    key: string,
    currentReplicas: number,
    prenormalized: number,
    minReplicas: number,
    now: number,
  ): number {
    const stabilized = this.history.stabilize(
      key,
      prenormalized,
      downscaleStabilizationSeconds * this.second,
      now,
    );
    if (stabilized !== prenormalized) {
      setCondition(
        hpa,
        'AbleToScale',
        'True',
        'ScaleDownStabilized',
        'recent recommendations were higher than current one, applying the highest recent recommendation',
        now,
      );
    } else {
      setCondition(
        hpa,
        'AbleToScale',
        'True',
        'ReadyForNewScale',
        'recommended size matches current size',
        now,
      );
    }
    const limited = convertDesiredReplicasWithRules(
      currentReplicas,
      stabilized,
      minReplicas,
      hpa.spec.maxReplicas,
    );
    setCondition(
      hpa,
      'ScalingLimited',
      limited.replicas === stabilized ? 'False' : 'True',
      limited.reason,
      limited.message,
      now,
    );
    return limited.replicas;
  }

  /** normalizeDesiredReplicasWithBehaviors. */
  private normalizeWithBehaviors(
    hpa: HorizontalPodAutoscaler,
    key: string,
    currentReplicas: number,
    prenormalized: number,
    minReplicas: number,
    now: number,
  ): number {
    const behavior = hpa.spec.behavior!;
    const scaleDown = { ...behavior.scaleDown };
    // maybeInitScaleDownStabilizationWindow: the controller's own window fills an unset one.
    scaleDown.stabilizationWindowSeconds ??= downscaleStabilizationSeconds;
    const args = {
      key,
      scaleUp: behavior.scaleUp ?? {},
      scaleDown,
      minReplicas,
      maxReplicas: hpa.spec.maxReplicas,
      currentReplicas,
      desiredReplicas: prenormalized,
    };
    const stabilized = this.history.stabilizeWithBehaviors(args, now);
    if (stabilized.replicas !== prenormalized) {
      setCondition(hpa, 'AbleToScale', 'True', stabilized.reason, stabilized.message, now);
    } else {
      setCondition(
        hpa,
        'AbleToScale',
        'True',
        'ReadyForNewScale',
        'recommended size matches current size',
        now,
      );
    }
    const limited = this.history.convertWithBehaviorRate(
      { ...args, desiredReplicas: stabilized.replicas },
      now,
    );
    setCondition(
      hpa,
      'ScalingLimited',
      limited.replicas === stabilized.replicas ? 'False' : 'True',
      limited.reason,
      limited.message,
      now,
    );
    return limited.replicas;
  }

  /** setStatus: the status rebuilt with the current and desired counts and the metrics. */
  private setStatus(
    hpa: HorizontalPodAutoscaler,
    currentReplicas: number,
    desiredReplicas: number,
    statuses: MetricStatus[] | null,
    rescale: boolean,
    now: number,
  ): void {
    const previous = hpa.status;
    const lastScaleTime = rescale ? rfc3339(now) : previous?.lastScaleTime;
    const status: HorizontalPodAutoscalerStatus = {
      ...(lastScaleTime ? { lastScaleTime } : {}),
      ...(currentReplicas !== 0 ? { currentReplicas } : {}),
      desiredReplicas,
      currentMetrics: statuses,
      ...(previous?.conditions ? { conditions: previous.conditions } : {}),
    };
    hpa.status = status;
  }

  /** updateStatusIfNeeded: writes the status only when it changed. */
  private async updateStatusIfNeeded(
    original: HorizontalPodAutoscalerStatus | undefined,
    hpa: HorizontalPodAutoscaler,
  ): Promise<void> {
    if (deepEqual(original, hpa.status)) return;
    try {
      await this.context.client.updateStatus(horizontalpodautoscalers, hpa);
    } catch (err) {
      this.event(hpa, 'Warning', 'FailedUpdateStatus', messageOf(err));
      throw err;
    }
  }
}
