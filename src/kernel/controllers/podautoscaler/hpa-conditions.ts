import { rfc3339 } from '../../clock/clock.ts';
import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerCondition,
  HorizontalPodAutoscalerConditionType,
} from '../../types/autoscaling.ts';
import type { ConditionStatus } from '../../types/meta.ts';

/**
 * setCondition: sets one condition of the HPA's status (added at the end when new), its
 * lastTransitionTime moved to `now` only when its status changes.
 */
export function setCondition(
  hpa: HorizontalPodAutoscaler,
  type: HorizontalPodAutoscalerConditionType,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: number,
): void {
  hpa.status ??= { desiredReplicas: 0, currentMetrics: null };
  const conditions = (hpa.status.conditions ??= []);
  const existing = conditions.find((c) => c.type === type);
  const condition: HorizontalPodAutoscalerCondition = existing ?? { type, status };
  if (!existing || existing.status !== status) condition.lastTransitionTime = rfc3339(now);
  condition.status = status;
  condition.reason = reason;
  condition.message = message;
  if (!existing) conditions.push(condition);
}

/** A condition to set, as a metric's failure proposes it. */
export interface ProposedCondition {
  type: HorizontalPodAutoscalerConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
}
