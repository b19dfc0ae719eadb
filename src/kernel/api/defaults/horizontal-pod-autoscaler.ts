/**
 * autoscaling/v2 HorizontalPodAutoscaler defaulting (SetDefaults_HorizontalPodAutoscaler):
 * minReplicas 1, an 80% CPU utilization target when no metric is given, and, only when a
 * behavior is given, its missing rules filled from the defaults: scale up without a
 * stabilization window by at most 4 pods or 100% per 15 s (whichever is more), scale down by
 * at most 100% per 15 s (its window is left unset: the controller's
 * --horizontal-pod-autoscaler-downscale-stabilization, 5 min, applies).
 */
import type { KubeObject } from '../../types/meta.ts';
import type { HPAScalingRules } from '../../types/autoscaling.ts';
import { canonicalQuantity, quantityError } from '../quantity.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** DefaultCPUUtilization. */
export const defaultCpuUtilization = 80;

/** The scale-up rules a behavior without them gets (defaultHPAScaleUpRules). */
export function defaultScaleUpRules(): HPAScalingRules {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

/** The scale-down rules a behavior without them gets (defaultHPAScaleDownRules). */
export function defaultScaleDownRules(): HPAScalingRules {
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** copyHPAScalingRules: the given rules' set fields over the defaults. */
function fillRules(given: unknown, defaults: HPAScalingRules): unknown {
  if (given === undefined || given === null) return defaults;
  if (!isObj(given)) return given;
  const rules: Obj = { ...defaults };
  for (const key of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) {
    if (given[key] !== undefined && given[key] !== null) rules[key] = given[key];
  }
  return rules;
}

/** Quantities as the API server stores them (canonical), where they parse. */
function canonicalTargets(metric: unknown): void {
  if (!isObj(metric)) return;
  for (const source of ['resource', 'containerResource', 'pods', 'object', 'external']) {
    const target = isObj(metric[source]) ? (metric[source] as Obj).target : undefined;
    if (!isObj(target)) continue;
    for (const field of ['value', 'averageValue']) {
      const q = target[field];
      if ((typeof q === 'string' || typeof q === 'number') && quantityError(q) === undefined) {
        target[field] = canonicalQuantity(q);
      }
    }
  }
}

/** Defaults an HPA in place. */
export function defaultHorizontalPodAutoscaler(hpa: KubeObject): void {
  if (!isObj(hpa.spec)) hpa.spec = {};
  const spec = hpa.spec as Obj;
  if (spec.minReplicas === undefined || spec.minReplicas === null) spec.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: defaultCpuUtilization },
        },
      },
    ];
  }
  for (const metric of spec.metrics as unknown[]) canonicalTargets(metric);
  if (isObj(spec.behavior)) {
    const behavior = spec.behavior;
    behavior.scaleUp = fillRules(behavior.scaleUp, defaultScaleUpRules());
    behavior.scaleDown = fillRules(behavior.scaleDown, defaultScaleDownRules());
  }
}
