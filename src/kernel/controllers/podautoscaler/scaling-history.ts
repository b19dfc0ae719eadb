/**
 * What the HPA controller remembers per autoscaler between syncs, and the normalization that
 * uses it (normalizeDesiredReplicas and normalizeDesiredReplicasWithBehaviors): recent
 * recommendations for the stabilization windows, and recent scale events for the rate
 * policies. All times are cluster ms; `second` is how long one declared second lasts.
 */
import type { HorizontalPodAutoscalerBehavior, HPAScalingRules } from '../../types/autoscaling.ts';

interface Recommendation {
  recommendation: number;
  timestamp: number;
}

interface ScaleEvent {
  /** The absolute change, never negative. */
  replicaChange: number;
  timestamp: number;
  outdated: boolean;
}

/** A decision with the reason and message of the condition that explains it. */
export interface Normalized {
  replicas: number;
  reason: string;
  message: string;
}

/** scaleUpLimitFactor and scaleUpLimitMinimum of the behavior-less HPA. */
const scaleUpLimitFactor = 2;
const scaleUpLimitMinimum = 4;

/** calculateScaleUpLimit: an HPA without behavior at most doubles (and adds at least 4). */
export function calculateScaleUpLimit(currentReplicas: number): number {
  return Math.trunc(Math.max(scaleUpLimitFactor * currentReplicas, scaleUpLimitMinimum));
}

/** convertDesiredReplicasWithRules: min and max, and the scale-up limit, for an HPA without behavior. */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  minReplicas: number,
  maxReplicas: number,
): Normalized {
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas);
  let maximum: number;
  let reason: string;
  let message: string;
  if (maxReplicas > scaleUpLimit) {
    maximum = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maximum = maxReplicas;
    reason = 'TooManyReplicas';
    message = 'the desired replica count is more than the maximum replica count';
  }
  if (desiredReplicas < minReplicas) {
    return {
      replicas: minReplicas,
      reason: 'TooFewReplicas',
      message: 'the desired replica count is less than the minimum replica count',
    };
  }
  if (desiredReplicas > maximum) return { replicas: maximum, reason, message };
  return {
    replicas: desiredReplicas,
    reason: 'DesiredWithinRange',
    message: 'the desired count is within the acceptable range',
  };
}

/** What one normalization with behaviors works from. */
export interface NormalizationArg {
  key: string;
  scaleUp: HPAScalingRules;
  scaleDown: HPAScalingRules;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
}

function longestPolicyPeriod(rules: HPAScalingRules | undefined): number {
  return Math.max(0, ...(rules?.policies ?? []).map((p) => p.periodSeconds));
}

/** The per-HPA memory of the controller, and the normalizations that read and feed it. */
export class ScalingHistory {
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUpEvents = new Map<string, ScaleEvent[]>();
  private readonly scaleDownEvents = new Map<string, ScaleEvent[]>();

  constructor(private readonly second: number) {}

  /** Forgets a deleted HPA. */
  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUpEvents.delete(key);
    this.scaleDownEvents.delete(key);
  }

  /** recordInitialRecommendation: the current count is the first recommendation. */
  recordInitial(key: string, currentReplicas: number, now: number): void {
    if (!this.recommendations.has(key)) {
      this.recommendations.set(key, [{ recommendation: currentReplicas, timestamp: now }]);
    }
  }

  /**
   * stabilizeRecommendation: the highest recommendation of the downscale stabilization window
   * (`window` ms), after recording this one in the place of one older than the window.
   */
  stabilize(key: string, desired: number, window: number, now: number): number {
    let max = desired;
    let oldIndex = -1;
    const cutoff = now - window;
    const list = this.recommendations.get(key) ?? [];
    list.forEach((rec, i) => {
      if (rec.timestamp < cutoff) oldIndex = i;
      else if (rec.recommendation > max) max = rec.recommendation;
    });
    const entry = { recommendation: desired, timestamp: now };
    if (oldIndex >= 0) list[oldIndex] = entry;
    else list.push(entry);
    this.recommendations.set(key, list);
    return max;
  }

  /**
   * stabilizeRecommendationWithBehaviors: the recommendation kept between the lowest of the
   * scale-up window and the highest of the scale-down window.
   */
  stabilizeWithBehaviors(args: NormalizationArg, now: number): Normalized {
    const upWindow = (args.scaleUp.stabilizationWindowSeconds ?? 0) * this.second;
    const downWindow = (args.scaleDown.stabilizationWindowSeconds ?? 0) * this.second;
    const upCutoff = now - upWindow;
    const downCutoff = now - downWindow;
    let up = args.desiredReplicas;
    let down = args.desiredReplicas;
    let oldIndex = -1;
    const list = this.recommendations.get(args.key) ?? [];
    list.forEach((rec, i) => {
      if (rec.timestamp > upCutoff) up = Math.min(rec.recommendation, up);
      if (rec.timestamp > downCutoff) down = Math.max(rec.recommendation, down);
      if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldIndex = i;
    });
    let recommendation = args.currentReplicas;
    if (recommendation < up) recommendation = up;
    if (recommendation > down) recommendation = down;
    const entry = { recommendation: args.desiredReplicas, timestamp: now };
    if (oldIndex >= 0) list[oldIndex] = entry;
    else list.push(entry);
    this.recommendations.set(args.key, list);
    return args.desiredReplicas >= args.currentReplicas
      ? {
          replicas: recommendation,
          reason: 'ScaleUpStabilized',
          message:
            'recent recommendations were lower than current one, applying the lowest recent recommendation',
        }
      : {
          replicas: recommendation,
          reason: 'ScaleDownStabilized',
          message:
            'recent recommendations were higher than current one, applying the highest recent recommendation',
        };
  }

  /** convertDesiredReplicasWithBehaviorRate: min, max and the rate policies. */
  convertWithBehaviorRate(args: NormalizationArg, now: number): Normalized {
    const ups = this.scaleUpEvents.get(args.key) ?? [];
    const downs = this.scaleDownEvents.get(args.key) ?? [];
    if (args.desiredReplicas > args.currentReplicas) {
      let limit = this.scaleUpLimit(args.currentReplicas, ups, downs, args.scaleUp, now);
      // No further scale-up until the events of the period have aged out.
      if (limit < args.currentReplicas) limit = args.currentReplicas;
      let maximum = args.maxReplicas;
      let reason = 'TooManyReplicas';
      let message = 'the desired replica count is more than the maximum replica count';
      if (maximum > limit) {
        maximum = limit;
        reason = 'ScaleUpLimit';
        message = 'the desired replica count is increasing faster than the maximum scale rate';
      }
      if (args.desiredReplicas > maximum) return { replicas: maximum, reason, message };
    } else if (args.desiredReplicas < args.currentReplicas) {
      let limit = this.scaleDownLimit(args.currentReplicas, ups, downs, args.scaleDown, now);
      if (limit > args.currentReplicas) limit = args.currentReplicas;
      let minimum = args.minReplicas;
      let reason = 'TooFewReplicas';
      let message = 'the desired replica count is less than the minimum replica count';
      if (minimum < limit) {
        minimum = limit;
        reason = 'ScaleDownLimit';
        message = 'the desired replica count is decreasing faster than the maximum scale rate';
      }
      if (args.desiredReplicas < minimum) return { replicas: minimum, reason, message };
    }
    return {
      replicas: args.desiredReplicas,
      reason: 'DesiredWithinRange',
      message: 'the desired count is within the acceptable range',
    };
  }

  /** storeScaleEvent: remembers a rescale for the rate policies (only with a behavior). */
  storeScaleEvent(
    behavior: HorizontalPodAutoscalerBehavior | undefined,
    key: string,
    prevReplicas: number,
    newReplicas: number,
    now: number,
  ): void {
    if (!behavior) return;
    const up = newReplicas > prevReplicas;
    const events = (up ? this.scaleUpEvents : this.scaleDownEvents).get(key) ?? [];
    const period = longestPolicyPeriod(up ? behavior.scaleUp : behavior.scaleDown) * this.second;
    const cutoff = now - period;
    let oldIndex = -1;
    events.forEach((event, i) => {
      if (event.timestamp < cutoff) event.outdated = true;
      if (event.outdated) oldIndex = i;
    });
    const entry = {
      replicaChange: Math.abs(newReplicas - prevReplicas),
      timestamp: now,
      outdated: false,
    };
    if (oldIndex >= 0) events[oldIndex] = entry;
    else events.push(entry);
    (up ? this.scaleUpEvents : this.scaleDownEvents).set(key, events);
  }

  /** getReplicasChangePerPeriod. */
  private changeIn(periodSeconds: number, events: ScaleEvent[], now: number): number {
    const cutoff = now - periodSeconds * this.second;
    return events.filter((e) => e.timestamp > cutoff).reduce((sum, e) => sum + e.replicaChange, 0);
  }

  /** calculateScaleUpLimitWithScalingRules. */
  private scaleUpLimit(
    current: number,
    ups: ScaleEvent[],
    downs: ScaleEvent[],
    rules: HPAScalingRules,
    now: number,
  ): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const min = rules.selectPolicy === 'Min';
    let result = min ? Infinity : -Infinity;
    for (const policy of rules.policies ?? []) {
      const start =
        current -
        this.changeIn(policy.periodSeconds, ups, now) +
        this.changeIn(policy.periodSeconds, downs, now);
      const proposed =
        policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
      result = min ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return Number.isFinite(result) ? result : current;
  }

  /** calculateScaleDownLimitWithBehaviors. */
  private scaleDownLimit(
    current: number,
    ups: ScaleEvent[],
    downs: ScaleEvent[],
    rules: HPAScalingRules,
    now: number,
  ): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const min = rules.selectPolicy === 'Min';
    let result = min ? -Infinity : Infinity;
    for (const policy of rules.policies ?? []) {
      const start =
        current -
        this.changeIn(policy.periodSeconds, ups, now) +
        this.changeIn(policy.periodSeconds, downs, now);
      const proposed =
        policy.type === 'Pods'
          ? start - policy.value
          : Math.trunc(start * (1 - policy.value / 100));
      result = min ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return Number.isFinite(result) ? result : current;
  }
}
