/** The describer for each kind, as kubectl's describerMap picks them; other kinds get the generic one. */
import type { ResourceInfo } from '../../api/resources.ts';
import { describeConfigMap } from './configmap.ts';
import { describeCronJob } from './cronjob.ts';
import { describeDaemonSet } from './daemonset.ts';
import { describeDeployment } from './deployment.ts';
import type { Describer } from './describer.ts';
import { describeEndpointSlice } from './endpoint-slice.ts';
import { describeEndpoints } from './endpoints.ts';
import { genericDescriber } from './generic.ts';
import { describeHorizontalPodAutoscaler } from './horizontal-pod-autoscaler.ts';
import { describeIngress } from './ingress.ts';
import { describeIngressClass } from './ingress-class.ts';
import { describeJob } from './job.ts';
import { describeNamespace } from './namespace.ts';
import { describeNetworkPolicy } from './network-policy.ts';
import { describeNode } from './node.ts';
import { describePersistentVolume, describePersistentVolumeClaim } from './persistent-volume.ts';
import { describePod } from './pod.ts';
import { describePodDisruptionBudget } from './pod-disruption-budget.ts';
import { describeReplicaSet } from './replicaset.ts';
import { describeSecret } from './secret.ts';
import { describeService } from './service.ts';
import { describeStatefulSet } from './statefulset.ts';
import { describeResourceQuota } from './resource-quota.ts';
import { describeLimitRange } from './limit-range.ts';
import { describeStorageClass } from './storage-class.ts';

export type { DescribeContext, Describer } from './describer.ts';

const byKind: Record<string, Describer> = {
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  'apps/DaemonSet': describeDaemonSet,
  'policy/PodDisruptionBudget': describePodDisruptionBudget,
  'apps/StatefulSet': describeStatefulSet,
  '/ResourceQuota': describeResourceQuota,
  '/LimitRange': describeLimitRange,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  '/Namespace': describeNamespace,
  '/Node': describeNode,
  '/Pod': describePod,
  '/ConfigMap': describeConfigMap,
  '/Secret': describeSecret,
  '/Service': describeService,
  '/Endpoints': describeEndpoints,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  'networking.k8s.io/Ingress': describeIngress,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'networking.k8s.io/NetworkPolicy': describeNetworkPolicy,
  '/PersistentVolume': describePersistentVolume,
  '/PersistentVolumeClaim': describePersistentVolumeClaim,
  'storage.k8s.io/StorageClass': describeStorageClass,
  'autoscaling/HorizontalPodAutoscaler': describeHorizontalPodAutoscaler,
};

/** The describer for a resource type. */
export function describerFor(info: ResourceInfo): Describer {
  return byKind[`${info.group}/${info.kind}`] ?? genericDescriber(info);
}
