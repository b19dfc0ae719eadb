import type { ResourceInfo } from '../resources.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

/**
 * The HPA strategy: a new HPA's status is reset to what the API serves before the controller
 * has looked at it, `desiredReplicas: 0` and `currentMetrics: null` (both without omitempty).
 */
export function horizontalPodAutoscalerStrategy(info: ResourceInfo): Strategy {
  const base = defaultStrategy(info);
  return {
    ...base,
    prepareForCreate(object) {
      object.status = { desiredReplicas: 0, currentMetrics: null };
    },
  };
}
