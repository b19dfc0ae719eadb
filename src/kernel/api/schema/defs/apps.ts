/**
 * Field shapes of apps/v1: Deployment and ReplicaSet. Field names and Go types follow
 * k8s.io/api (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const appsDefinitions: Definitions = {
  ReplicaSet: {
    d: 'Keeps a given number of identical pods running.',
    f: {
      metadata: ['ObjectMeta', "The ReplicaSet's name, namespace, labels and owner references."],
      spec: ['ReplicaSetSpec', 'The desired number of pods, their selector and their template.', R],
      status: [
        'ReplicaSetStatus',
        'How many pods the controller last observed, and in which state.',
      ],
    },
  },
  ReplicaSetSpec: {
    d: 'The desired state of a ReplicaSet.',
    f: {
      replicas: ['int32', 'How many pods should run; defaults to 1.'],
      minReadySeconds: [
        'int32',
        'Seconds a new pod must be ready, without crashing, before it counts as available.',
      ],
      selector: [
        'LabelSelector',
        'Which pods belong to this ReplicaSet; must match the template labels.',
        R,
      ],
      template: ['PodTemplateSpec', 'The pod to create when there are too few.'],
    },
  },
  ReplicaSetStatus: {
    d: 'The observed state of a ReplicaSet.',
    f: {
      replicas: ['int32', 'How many pods were last observed.', R],
      fullyLabeledReplicas: ['int32', 'Pods whose labels match the template labels.'],
      readyReplicas: ['int32', 'Pods whose Ready condition is true.'],
      availableReplicas: ['int32', 'Pods ready for at least minReadySeconds.'],
      terminatingReplicas: ['int32', 'Pods being deleted that still exist.'],
      observedGeneration: ['int64', 'The metadata.generation this status describes.'],
      conditions: [
        '[]ReplicaSetCondition',
        'Latest observations of the ReplicaSet, such as ReplicaFailure.',
      ],
    },
  },
  ReplicaSetCondition: {
    d: '',
    f: {
      type: ['ReplicaSetConditionType'],
      status: ['ConditionStatus'],
      lastTransitionTime: ['Time'],
      reason: ['string'],
      message: ['string'],
    },
  },
  Deployment: {
    d: 'Declarative updates for pods through ReplicaSets, with rollouts and rollbacks.',
    f: {
      metadata: ['ObjectMeta', "The Deployment's name, namespace, labels and annotations."],
      spec: ['DeploymentSpec', 'The desired pods and how to roll out changes to them.', R],
      status: ['DeploymentStatus', 'The progress of the Deployment as the controller last saw it.'],
    },
  },
  DeploymentSpec: {
    d: 'The desired state of a Deployment.',
    f: {
      replicas: ['int32', 'How many pods should run; defaults to 1.'],
      selector: [
        'LabelSelector',
        'Which pods the Deployment manages; must match the template labels and cannot change.',
        R,
      ],
      template: ['PodTemplateSpec', 'The pod every ReplicaSet of this Deployment creates.', R],
      strategy: ['DeploymentStrategy', 'How old pods are replaced by new ones.'],
      minReadySeconds: [
        'int32',
        'Seconds a new pod must be ready, without crashing, before it counts as available.',
      ],
      revisionHistoryLimit: [
        'int32',
        'How many old ReplicaSets to keep for rollback; defaults to 10.',
      ],
      paused: ['bool', 'While true, template changes do not start a rollout.'],
      progressDeadlineSeconds: [
        'int32',
        'Seconds without progress after which the rollout is reported as failed; defaults to 600.',
      ],
    },
  },
  DeploymentStrategy: {
    d: 'How a Deployment replaces its pods.',
    f: {
      type: ['DeploymentStrategyType', 'Recreate or RollingUpdate (the default).'],
      rollingUpdate: ['RollingUpdateDeployment', 'Parameters of a rolling update.'],
    },
  },
  RollingUpdateDeployment: {
    d: 'Limits on how fast a rolling update goes.',
    f: {
      maxUnavailable: [
        'IntOrString',
        'How many pods (number or percentage) may be unavailable during the update; defaults to 25%.',
      ],
      maxSurge: [
        'IntOrString',
        'How many pods (number or percentage) may exist above the desired count during the update; defaults to 25%.',
      ],
    },
  },
  DeploymentStatus: {
    d: 'The observed state of a Deployment.',
    f: {
      observedGeneration: ['int64', 'The metadata.generation this status describes.'],
      replicas: ['int32', 'Pods of this Deployment that exist.'],
      updatedReplicas: ['int32', 'Pods running the current template.'],
      readyReplicas: ['int32', 'Pods whose Ready condition is true.'],
      availableReplicas: ['int32', 'Pods ready for at least minReadySeconds.'],
      unavailableReplicas: ['int32', 'Pods still needed to reach the desired count.'],
      terminatingReplicas: ['int32', 'Pods being deleted that still exist.'],
      conditions: [
        '[]DeploymentCondition',
        'Latest observations: Available, Progressing, ReplicaFailure.',
      ],
      collisionCount: ['int32', 'Bumped when a ReplicaSet name collides, to pick a new one.'],
    },
  },
  DeploymentCondition: {
    d: '',
    f: {
      type: ['DeploymentConditionType'],
      status: ['ConditionStatus'],
      lastUpdateTime: ['Time'],
      lastTransitionTime: ['Time'],
      reason: ['string'],
      message: ['string'],
    },
  },
};
