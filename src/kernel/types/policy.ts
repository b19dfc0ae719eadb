/** policy/v1 types: PodDisruptionBudget and Eviction. */
import type { IntOrString } from './apps.ts';
import type {
  ConditionStatus,
  DeleteOptions,
  KubeObject,
  LabelSelector,
  ObjectMeta,
} from './meta.ts';

export type UnhealthyPodEvictionPolicyType = 'IfHealthyBudget' | 'AlwaysAllow';

export interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString;
  selector?: LabelSelector;
  maxUnavailable?: IntOrString;
  unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicyType;
}

/** metav1.Condition, the shape of a budget's conditions. */
export interface MetaCondition {
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  /** Pod name → when the eviction API let it go (RFC 3339), until the controller sees it deleting. */
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: MetaCondition[];
}

export interface PodDisruptionBudget extends KubeObject {
  apiVersion?: 'policy/v1';
  kind?: 'PodDisruptionBudget';
  metadata: ObjectMeta;
  spec: PodDisruptionBudgetSpec;
  status?: PodDisruptionBudgetStatus;
}

/** The body of a POST to pods/{name}/eviction. */
export interface Eviction extends KubeObject {
  apiVersion?: 'policy/v1' | 'policy/v1beta1';
  kind?: 'Eviction';
  metadata: ObjectMeta;
  deleteOptions?: DeleteOptions;
}
