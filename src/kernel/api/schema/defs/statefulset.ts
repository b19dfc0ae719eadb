/**
 * Field shapes of apps/v1 StatefulSet and ControllerRevision. Field names and Go types follow
 * k8s.io/api (1.34); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const statefulSetDefinitions: Definitions = {
  StatefulSet: {
    d: 'Pods with stable identities (name, hostname, storage), created and replaced in order.',
    f: {
      metadata: ['ObjectMeta', "The StatefulSet's name, namespace, labels and annotations."],
      spec: ['StatefulSetSpec', 'The desired pods, their claims and how to update them.'],
      status: ['StatefulSetStatus', 'The pods the controller last observed, and their revisions.'],
    },
  },
  StatefulSetSpec: {
    d: 'The desired state of a StatefulSet.',
    f: {
      replicas: ['int32', 'How many pods should run; defaults to 1.'],
      selector: [
        'LabelSelector',
        'Which pods belong to the StatefulSet; must match the template labels.',
        R,
      ],
      template: ['PodTemplateSpec', 'The pod every ordinal is created from.', R],
      volumeClaimTemplates: [
        '[]PersistentVolumeClaim',
        'Claims each pod gets its own copy of, named <claim>-<statefulset>-<ordinal>.',
      ],
      serviceName: [
        'string',
        'The headless Service that gives each pod its DNS name <pod>.<serviceName>.',
      ],
      podManagementPolicy: [
        'PodManagementPolicyType',
        'OrderedReady (the default: one pod at a time, in order) or Parallel.',
      ],
      updateStrategy: [
        'StatefulSetUpdateStrategy',
        'How pods are replaced when the template changes.',
      ],
      revisionHistoryLimit: ['int32', 'How many old ControllerRevisions to keep; defaults to 10.'],
      minReadySeconds: [
        'int32',
        'Seconds a new pod must be ready, without crashing, before it counts as available.',
      ],
      persistentVolumeClaimRetentionPolicy: [
        'StatefulSetPersistentVolumeClaimRetentionPolicy',
        'Whether claims from the templates are deleted with the StatefulSet or on scale-down.',
      ],
      ordinals: ['StatefulSetOrdinals', 'The number the first pod is given; 0 by default.'],
    },
  },
  StatefulSetUpdateStrategy: {
    d: 'How a StatefulSet replaces pods whose revision is out of date.',
    f: {
      type: ['StatefulSetUpdateStrategyType', 'RollingUpdate (the default) or OnDelete.'],
      rollingUpdate: ['RollingUpdateStatefulSetStrategy', 'Parameters of a rolling update.'],
    },
  },
  RollingUpdateStatefulSetStrategy: {
    d: 'Limits of a StatefulSet rolling update.',
    f: {
      partition: ['int32', 'Pods with a lower ordinal keep their revision; defaults to 0.'],
      maxUnavailable: [
        'IntOrString',
        'How many pods (number or percentage) may be unavailable during the update.',
      ],
    },
  },
  StatefulSetPersistentVolumeClaimRetentionPolicy: {
    d: 'What happens to claims made from volumeClaimTemplates.',
    f: {
      whenDeleted: [
        'PersistentVolumeClaimRetentionPolicyType',
        'Retain (the default) or Delete, when the StatefulSet is deleted.',
      ],
      whenScaled: [
        'PersistentVolumeClaimRetentionPolicyType',
        'Retain (the default) or Delete, when the StatefulSet is scaled down.',
      ],
    },
  },
  StatefulSetOrdinals: {
    d: 'Where pod numbering starts.',
    f: { start: ['int32', 'The ordinal of the first pod.'] },
  },
  StatefulSetStatus: {
    d: 'The observed state of a StatefulSet.',
    f: {
      observedGeneration: ['int64', 'The metadata.generation this status describes.'],
      replicas: ['int32', 'Pods created by the controller.', R],
      readyReplicas: ['int32', 'Pods whose Ready condition is true.'],
      currentReplicas: ['int32', 'Pods at currentRevision.'],
      updatedReplicas: ['int32', 'Pods at updateRevision.'],
      currentRevision: ['string', 'The ControllerRevision the older pods run.'],
      updateRevision: ['string', 'The ControllerRevision new pods are made from.'],
      collisionCount: ['int32', 'Bumped when a ControllerRevision name collides.'],
      conditions: ['[]StatefulSetCondition', 'Latest observations of the StatefulSet.'],
      availableReplicas: ['int32', 'Pods ready for at least minReadySeconds.'],
    },
  },
  StatefulSetCondition: {
    d: '',
    f: {
      type: ['StatefulSetConditionType'],
      status: ['ConditionStatus'],
      lastTransitionTime: ['Time'],
      reason: ['string'],
      message: ['string'],
    },
  },
  ControllerRevision: {
    d: "An immutable snapshot of a controller's state, with its revision number.",
    f: {
      metadata: ['ObjectMeta', "The revision's name, owner and labels."],
      data: ['RawExtension', 'The state, as the controller recorded it.'],
      revision: ['int64', 'The revision number.', R],
    },
  },
};
