/**
 * Field shapes of apps/v1 DaemonSet. Field names and Go types follow k8s.io/api (1.34);
 * descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const daemonSetDefinitions: Definitions = {
  DaemonSet: {
    d: 'Runs one copy of a pod on every node that the pod may run on.',
    f: {
      metadata: ['ObjectMeta', "The DaemonSet's name, namespace, labels and annotations."],
      spec: ['DaemonSetSpec', 'The pod to run on each node and how to update it.'],
      status: ['DaemonSetStatus', 'How many nodes run the pod, as the controller last saw it.'],
    },
  },
  DaemonSetSpec: {
    d: 'The desired state of a DaemonSet.',
    f: {
      selector: [
        'LabelSelector',
        'Which pods belong to the DaemonSet; must match the template labels and cannot change.',
        R,
      ],
      template: ['PodTemplateSpec', 'The pod created on each eligible node.', R],
      updateStrategy: [
        'DaemonSetUpdateStrategy',
        'How pods are replaced when the template changes.',
      ],
      minReadySeconds: [
        'int32',
        'Seconds a new pod must be ready, without crashing, before it counts as available.',
      ],
      revisionHistoryLimit: ['int32', 'How many old ControllerRevisions to keep; defaults to 10.'],
    },
  },
  DaemonSetUpdateStrategy: {
    d: 'How a DaemonSet replaces pods whose template is out of date.',
    f: {
      type: ['DaemonSetUpdateStrategyType', 'RollingUpdate (the default) or OnDelete.'],
      rollingUpdate: ['RollingUpdateDaemonSet', 'Parameters of a rolling update.'],
    },
  },
  RollingUpdateDaemonSet: {
    d: 'Limits on how fast a DaemonSet rolling update goes.',
    f: {
      maxUnavailable: [
        'IntOrString',
        'How many nodes (number or percentage) may be without an available pod during the update; defaults to 1.',
      ],
      maxSurge: [
        'IntOrString',
        'How many nodes (number or percentage) may run an old and a new pod at once; defaults to 0.',
      ],
    },
  },
  DaemonSetStatus: {
    d: 'The observed state of a DaemonSet.',
    f: {
      currentNumberScheduled: ['int32', 'Nodes running at least one daemon pod that should.', R],
      numberMisscheduled: ['int32', 'Nodes running a daemon pod that should not.', R],
      desiredNumberScheduled: ['int32', 'Nodes that should run the daemon pod.', R],
      numberReady: ['int32', 'Nodes whose daemon pod is ready.', R],
      observedGeneration: ['int64', 'The metadata.generation this status describes.'],
      updatedNumberScheduled: ['int32', 'Nodes running the current template.'],
      numberAvailable: ['int32', 'Nodes whose daemon pod has been ready for minReadySeconds.'],
      numberUnavailable: ['int32', 'Nodes that should run the pod but have none available.'],
      collisionCount: [
        'int32',
        'Bumped when a ControllerRevision name collides, to pick a new one.',
      ],
      conditions: ['[]DaemonSetCondition', 'Latest observations of the DaemonSet.'],
    },
  },
  DaemonSetCondition: {
    d: '',
    f: {
      type: ['DaemonSetConditionType'],
      status: ['ConditionStatus'],
      lastTransitionTime: ['Time'],
      reason: ['string'],
      message: ['string'],
    },
  },
};
