/**
 * Field shapes of autoscaling/v2 HorizontalPodAutoscaler. Field names and Go types follow
 * k8s.io/api (1.34); descriptions are this project's own one-liners. Enumerations (metric
 * source and target types, policy types) are plain strings here.
 */
import { R, type Definitions } from '../types.ts';

export const autoscalingDefinitions: Definitions = {
  HorizontalPodAutoscaler: {
    d: 'Scales a workload (through its scale subresource) to keep metrics such as CPU utilization near a target.',
    f: {
      metadata: ['ObjectMeta', "The autoscaler's name, namespace, labels and annotations."],
      spec: [
        'HorizontalPodAutoscalerSpec',
        'What to scale, between which bounds, on which metrics.',
      ],
      status: ['HorizontalPodAutoscalerStatus', 'What the autoscaler last measured and decided.'],
    },
  },
  HorizontalPodAutoscalerSpec: {
    d: 'The desired behavior of a HorizontalPodAutoscaler.',
    f: {
      scaleTargetRef: [
        'CrossVersionObjectReference',
        'The workload to scale (a Deployment, ReplicaSet or StatefulSet).',
        R,
      ],
      minReplicas: ['int32', 'The fewest replicas the autoscaler scales down to; 1 by default.'],
      maxReplicas: ['int32', 'The most replicas the autoscaler scales up to.', R],
      metrics: [
        '[]MetricSpec',
        'The metrics whose targets decide the replica count (the largest proposal wins); 80% CPU by default.',
      ],
      behavior: [
        'HorizontalPodAutoscalerBehavior',
        'How fast to scale up and down: stabilization windows and rate policies.',
      ],
    },
  },
  CrossVersionObjectReference: {
    d: 'Names an object of any kind and API version.',
    f: {
      kind: ['string', 'The kind of the referent, such as Deployment.', R],
      name: ['string', 'The name of the referent.', R],
      apiVersion: ['string', 'The API version of the referent, such as apps/v1.'],
    },
  },
  MetricSpec: {
    d: 'One metric to scale on, with its target; exactly the source named by type is set.',
    f: {
      type: [
        'string',
        'The metric source: Resource, ContainerResource, Pods, Object or External.',
        R,
      ],
      object: [
        'ObjectMetricSource',
        'A metric describing one object (an Ingress’s hits per second).',
      ],
      pods: ['PodsMetricSource', 'A metric averaged over the pods of the target.'],
      resource: [
        'ResourceMetricSource',
        'A resource (cpu, memory) of the pods of the target, from the resource metrics API.',
      ],
      containerResource: [
        'ContainerResourceMetricSource',
        'A resource of one container of the pods of the target.',
      ],
      external: ['ExternalMetricSource', 'A metric from outside the cluster.'],
    },
  },
  ResourceMetricSource: {
    d: 'A resource metric of the pods of the scale target, such as CPU.',
    f: {
      name: ['string', 'The resource: cpu or memory.', R],
      target: ['MetricTarget', 'The target utilization or average value.', R],
    },
  },
  ContainerResourceMetricSource: {
    d: 'A resource metric of one container of the pods of the scale target.',
    f: {
      name: ['string', 'The resource: cpu or memory.', R],
      target: ['MetricTarget', 'The target utilization or average value.', R],
      container: ['string', 'The container whose usage counts.', R],
    },
  },
  PodsMetricSource: {
    d: 'A metric averaged over the pods of the scale target.',
    f: {
      metric: ['MetricIdentifier', 'Which metric.', R],
      target: ['MetricTarget', 'The target average value.', R],
    },
  },
  ObjectMetricSource: {
    d: 'A metric of one Kubernetes object.',
    f: {
      describedObject: ['CrossVersionObjectReference', 'The object the metric describes.', R],
      target: ['MetricTarget', 'The target value or average value.', R],
      metric: ['MetricIdentifier', 'Which metric.', R],
    },
  },
  ExternalMetricSource: {
    d: 'A metric not tied to any Kubernetes object.',
    f: {
      metric: ['MetricIdentifier', 'Which metric.', R],
      target: ['MetricTarget', 'The target value or average value.', R],
    },
  },
  MetricIdentifier: {
    d: 'A metric by name and, optionally, label selector.',
    f: {
      name: ['string', 'The name of the metric.', R],
      selector: ['LabelSelector', 'Narrows the metric to the series with these labels.'],
    },
  },
  MetricTarget: {
    d: 'The target value, average value or average utilization of a metric.',
    f: {
      type: ['string', 'Utilization, Value or AverageValue.', R],
      value: ['Quantity', 'The target value of the metric.'],
      averageValue: ['Quantity', 'The target value of the metric averaged over the pods.'],
      averageUtilization: [
        'int32',
        'The target average across pods as a percentage of their requests (resource metrics only).',
      ],
    },
  },
  HorizontalPodAutoscalerBehavior: {
    d: 'How the autoscaler scales up and down.',
    f: {
      scaleUp: [
        'HPAScalingRules',
        'Rules for scaling up: no window, 4 pods or 100% per 15 s by default.',
      ],
      scaleDown: [
        'HPAScalingRules',
        'Rules for scaling down: a 300 s window and 100% per 15 s by default.',
      ],
    },
  },
  HPAScalingRules: {
    d: 'The rate policies and stabilization window of one direction of scaling.',
    f: {
      stabilizationWindowSeconds: [
        'int32',
        'Past recommendations to consider (seconds) so the replica count does not flap.',
      ],
      selectPolicy: ['string', 'Which policy applies when several do: Max, Min or Disabled.'],
      policies: ['[]HPAScalingPolicy', 'How much the replica count may change per period.'],
      tolerance: [
        'Quantity',
        'How far the metric may stray from the target before scaling (alpha).',
      ],
    },
  },
  HPAScalingPolicy: {
    d: 'One limit on how fast the replica count may change.',
    f: {
      type: ['string', 'Pods (a number) or Percent (of the current replicas).', R],
      value: ['int32', 'How many pods, or what percentage.', R],
      periodSeconds: ['int32', 'The window the limit applies over (1 to 1800 seconds).', R],
    },
  },
  HorizontalPodAutoscalerStatus: {
    d: 'The current state of a HorizontalPodAutoscaler.',
    f: {
      observedGeneration: ['int64', 'The generation the autoscaler last observed.'],
      lastScaleTime: ['Time', 'When the autoscaler last changed the replica count.'],
      currentReplicas: ['int32', 'The replica count last seen.'],
      desiredReplicas: ['int32', 'The replica count last decided.', R],
      currentMetrics: ['[]MetricStatus', 'The values of the metrics last measured.'],
      conditions: [
        '[]HorizontalPodAutoscalerCondition',
        'AbleToScale, ScalingActive and ScalingLimited, with why.',
      ],
    },
  },
  MetricStatus: {
    d: 'The last measured value of one metric.',
    f: {
      type: ['string', 'The metric source, as in the spec.', R],
      object: ['ObjectMetricStatus', 'An object metric’s value.'],
      pods: ['PodsMetricStatus', 'A pods metric’s value.'],
      resource: ['ResourceMetricStatus', 'A resource metric’s value.'],
      containerResource: ['ContainerResourceMetricStatus', 'A container resource metric’s value.'],
      external: ['ExternalMetricStatus', 'An external metric’s value.'],
    },
  },
  ResourceMetricStatus: {
    d: 'The current value of a resource metric.',
    f: {
      name: ['string', 'The resource.', R],
      current: ['MetricValueStatus', 'Its current value.', R],
    },
  },
  ContainerResourceMetricStatus: {
    d: 'The current value of a container resource metric.',
    f: {
      name: ['string', 'The resource.', R],
      current: ['MetricValueStatus', 'Its current value.', R],
      container: ['string', 'The container.', R],
    },
  },
  PodsMetricStatus: {
    d: 'The current value of a pods metric.',
    f: {
      metric: ['MetricIdentifier', 'Which metric.', R],
      current: ['MetricValueStatus', 'Its current value.', R],
    },
  },
  ObjectMetricStatus: {
    d: 'The current value of an object metric.',
    f: {
      metric: ['MetricIdentifier', 'Which metric.', R],
      current: ['MetricValueStatus', 'Its current value.', R],
      describedObject: ['CrossVersionObjectReference', 'The object.', R],
    },
  },
  ExternalMetricStatus: {
    d: 'The current value of an external metric.',
    f: {
      metric: ['MetricIdentifier', 'Which metric.', R],
      current: ['MetricValueStatus', 'Its current value.', R],
    },
  },
  MetricValueStatus: {
    d: 'A metric value: plain, averaged over pods, or as a utilization percentage.',
    f: {
      value: ['Quantity', 'The value.'],
      averageValue: ['Quantity', 'The average over the pods.'],
      averageUtilization: ['int32', 'The average as a percentage of the pods’ requests.'],
    },
  },
  HorizontalPodAutoscalerCondition: {
    d: 'One condition of an autoscaler.',
    f: {
      type: ['string', 'AbleToScale, ScalingActive or ScalingLimited.', R],
      status: ['ConditionStatus', 'True, False or Unknown.', R],
      lastTransitionTime: ['Time', 'When the status last changed.'],
      reason: ['string', 'Why, in one CamelCase word.'],
      message: ['string', 'Why, for humans.'],
    },
  },
};
