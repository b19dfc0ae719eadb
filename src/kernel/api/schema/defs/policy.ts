/**
 * Field shapes of policy/v1 PodDisruptionBudget. Field names and Go types follow k8s.io/api
 * (1.34); descriptions are this project's own one-liners. Its conditions use the shared
 * metav1 `Condition`.
 */
import { R, type Definitions } from '../types.ts';

export const policyDefinitions: Definitions = {
  PodDisruptionBudget: {
    d: 'Limits how many pods of a set voluntary disruptions (evictions) may take down at once.',
    f: {
      metadata: ['ObjectMeta', "The budget's name, namespace, labels and annotations."],
      spec: ['PodDisruptionBudgetSpec', 'Which pods the budget covers and how many must stay up.'],
      status: [
        'PodDisruptionBudgetStatus',
        'How many covered pods are healthy and how many may be disrupted now.',
      ],
    },
  },
  PodDisruptionBudgetSpec: {
    d: 'The desired state of a PodDisruptionBudget.',
    f: {
      minAvailable: [
        'IntOrString',
        'How many selected pods (number or percentage) must stay available after an eviction.',
      ],
      selector: ['LabelSelector', 'The pods the budget covers; an empty selector covers all.'],
      maxUnavailable: [
        'IntOrString',
        'How many selected pods (number or percentage) may be unavailable after an eviction.',
      ],
      unhealthyPodEvictionPolicy: [
        'UnhealthyPodEvictionPolicyType',
        'When a not-ready pod may be evicted: IfHealthyBudget (the default) or AlwaysAllow.',
      ],
    },
  },
  PodDisruptionBudgetStatus: {
    d: 'The observed state of a PodDisruptionBudget.',
    f: {
      observedGeneration: ['int64', 'The metadata.generation this status describes.'],
      disruptedPods: [
        'map[string]Time',
        'Pods the eviction API let go, with when, until the controller sees them deleting.',
      ],
      disruptionsAllowed: ['int32', 'How many pods may be disrupted now.', R],
      currentHealthy: ['int32', 'Selected pods that are healthy now.', R],
      desiredHealthy: ['int32', 'The fewest healthy pods the budget allows.', R],
      expectedPods: ['int32', 'How many pods the budget counts on in total.', R],
      conditions: [
        '[]Condition',
        'DisruptionAllowed, with why disruptions are or are not allowed.',
      ],
    },
  },
};
