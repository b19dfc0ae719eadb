/**
 * Server-side defaulting, the step between decoding a request body and validating it.
 * `applyDefaults` MUTATES the object it is given: pass the fresh object the server built from
 * the request, never one shared with the store or a cache. It only fills fields that are absent,
 * so running it again on an already-defaulted object changes nothing. For Pods it also applies
 * what admission and the registry add on create (service account, priority, default
 * tolerations, status.phase and status.qosClass).
 */
import type { KubeObject } from '../../types/meta.ts';
import { defaultCronJob } from './cronjob.ts';
import { defaultDaemonSet } from './daemonset.ts';
import { defaultDeployment } from './deployment.ts';
import { defaultEndpointSlice } from './endpoint-slice.ts';
import { defaultEndpoints } from './endpoints.ts';
import { defaultIngress } from './ingress.ts';
import { defaultIngressClass } from './ingress-class.ts';
import { defaultJob } from './job.ts';
import { defaultNamespace } from './namespace.ts';
import { defaultNetworkPolicy } from './network-policy.ts';
import { defaultNode } from './node.ts';
import { defaultPod } from './pod.ts';
import { defaultReplicaSet } from './replicaset.ts';
import { defaultService } from './service.ts';
import { defaultSecret } from './secret.ts';
import {
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  defaultStorageClass,
} from './storage.ts';
import { defaultStatefulSet } from './statefulset.ts';
import { defaultLimitRange, defaultResourceQuota } from './quota.ts';
import { defaultHorizontalPodAutoscaler } from './horizontal-pod-autoscaler.ts';

const defaulters: Record<string, (obj: KubeObject) => void> = {
  Pod: defaultPod,
  Deployment: defaultDeployment,
  DaemonSet: defaultDaemonSet,
  ReplicaSet: defaultReplicaSet,
  Namespace: defaultNamespace,
  Node: defaultNode,
  Service: defaultService,
  Endpoints: defaultEndpoints,
  EndpointSlice: defaultEndpointSlice,
  Secret: defaultSecret,
  Job: defaultJob,
  CronJob: defaultCronJob,
  NetworkPolicy: defaultNetworkPolicy,
  Ingress: defaultIngress,
  IngressClass: defaultIngressClass,
  PersistentVolume: defaultPersistentVolume,
  PersistentVolumeClaim: defaultPersistentVolumeClaim,
  StorageClass: defaultStorageClass,
  StatefulSet: defaultStatefulSet,
  ResourceQuota: defaultResourceQuota,
  LimitRange: defaultLimitRange,
  HorizontalPodAutoscaler: defaultHorizontalPodAutoscaler,
  // Event and Lease have no defaults in their v1 APIs.
};

/** Fills in Kubernetes' defaults for `kind` on `object`, in place. */
export function applyDefaults(kind: string, object: KubeObject): void {
  defaulters[kind]?.(object);
}
