/**
 * Validation entry points the API server calls after defaulting: every problem of an object is
 * returned as a FieldError (field path, type, value, detail), never thrown; the server turns a
 * non-empty list into a 422 with errors.ts `invalid(...)`. Kinds without rules here pass.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { generateJobSelector } from '../defaults/job-selector.ts';
import { validateCronJobCreate, validateCronJobUpdate } from './cronjob.ts';
import { validateConfigMapCreate, validateConfigMapUpdate } from './config-map.ts';
import { validateDaemonSetCreate, validateDaemonSetUpdate } from './daemonset.ts';
import { validateDeploymentCreate, validateDeploymentUpdate } from './deployment.ts';
import { validateEndpointSliceCreate, validateEndpointSliceUpdate } from './endpoint-slice.ts';
import { validateEndpointsCreate, validateEndpointsUpdate } from './endpoints.ts';
import { validateEventCreate, validateEventUpdate } from './event.ts';
import { validateIngressCreate, validateIngressUpdate } from './ingress.ts';
import { validateIngressClassCreate, validateIngressClassUpdate } from './ingress-class.ts';
import { validateJobCreate, validateJobUpdate } from './job.ts';
import { validateLeaseCreate, validateLeaseUpdate } from './lease.ts';
import { validateNamespaceCreate, validateNamespaceUpdate } from './namespace.ts';
import { validateNetworkPolicyCreate, validateNetworkPolicyUpdate } from './network-policy.ts';
import { validateNodeCreate, validateNodeUpdate } from './node.ts';
import { validatePodCreate, validatePodUpdate } from './pod.ts';
import {
  validatePodDisruptionBudgetCreate,
  validatePodDisruptionBudgetUpdate,
} from './pod-disruption-budget.ts';
import { validateReplicaSetCreate, validateReplicaSetUpdate } from './replicaset.ts';
import { validateServiceCreate, validateServiceUpdate } from './service.ts';
import { validateSecretCreate, validateSecretUpdate } from './secret.ts';
import {
  validatePersistentVolumeClaimCreate,
  validatePersistentVolumeClaimUpdate,
  validatePersistentVolumeCreate,
  validatePersistentVolumeUpdate,
} from './persistent-volume.ts';
import { validateStorageClassCreate, validateStorageClassUpdate } from './storage-class.ts';
import { validateStatefulSetCreate, validateStatefulSetUpdate } from './statefulset.ts';
import {
  validateControllerRevisionCreate,
  validateControllerRevisionUpdate,
} from './controller-revision.ts';
import { validateResourceQuotaCreate, validateResourceQuotaUpdate } from './resource-quota.ts';
import { validateLimitRangeCreate, validateLimitRangeUpdate } from './limit-range.ts';
import {
  validateHorizontalPodAutoscalerCreate,
  validateHorizontalPodAutoscalerUpdate,
} from './horizontal-pod-autoscaler.ts';

type CreateValidator = (obj: KubeObject) => FieldError[];
type UpdateValidator = (obj: KubeObject, old: KubeObject) => FieldError[];

const createValidators: Record<string, CreateValidator> = {
  NetworkPolicy: validateNetworkPolicyCreate,
  Ingress: validateIngressCreate,
  IngressClass: validateIngressClassCreate,
  Pod: validatePodCreate,
  Deployment: validateDeploymentCreate,
  DaemonSet: validateDaemonSetCreate,
  PodDisruptionBudget: validatePodDisruptionBudgetCreate,
  ReplicaSet: validateReplicaSetCreate,
  Namespace: validateNamespaceCreate,
  Node: validateNodeCreate,
  Event: validateEventCreate,
  Lease: validateLeaseCreate,
  Service: validateServiceCreate,
  Endpoints: validateEndpointsCreate,
  EndpointSlice: validateEndpointSliceCreate,
  ConfigMap: validateConfigMapCreate,
  Secret: validateSecretCreate,
  // The generated selector needs the uid, which the object has only from here on (the
  // apiserver's job strategy generates it at the same point).
  Job: (obj) => {
    generateJobSelector(obj);
    return validateJobCreate(obj);
  },
  CronJob: validateCronJobCreate,
  PersistentVolume: validatePersistentVolumeCreate,
  PersistentVolumeClaim: validatePersistentVolumeClaimCreate,
  StorageClass: validateStorageClassCreate,
  StatefulSet: validateStatefulSetCreate,
  ControllerRevision: validateControllerRevisionCreate,
  ResourceQuota: validateResourceQuotaCreate,
  LimitRange: validateLimitRangeCreate,
  HorizontalPodAutoscaler: validateHorizontalPodAutoscalerCreate,
};

const updateValidators: Record<string, UpdateValidator> = {
  NetworkPolicy: validateNetworkPolicyUpdate,
  Ingress: validateIngressUpdate,
  IngressClass: validateIngressClassUpdate,
  Pod: validatePodUpdate,
  Deployment: validateDeploymentUpdate,
  DaemonSet: validateDaemonSetUpdate,
  PodDisruptionBudget: validatePodDisruptionBudgetUpdate,
  ReplicaSet: validateReplicaSetUpdate,
  Namespace: validateNamespaceUpdate,
  Node: validateNodeUpdate,
  Event: validateEventUpdate,
  Lease: validateLeaseUpdate,
  Service: validateServiceUpdate,
  Endpoints: validateEndpointsUpdate,
  EndpointSlice: validateEndpointSliceUpdate,
  ConfigMap: validateConfigMapUpdate,
  Secret: validateSecretUpdate,
  Job: validateJobUpdate,
  CronJob: validateCronJobUpdate,
  PersistentVolume: validatePersistentVolumeUpdate,
  PersistentVolumeClaim: validatePersistentVolumeClaimUpdate,
  StorageClass: validateStorageClassUpdate,
  StatefulSet: validateStatefulSetUpdate,
  ControllerRevision: validateControllerRevisionUpdate,
  ResourceQuota: validateResourceQuotaUpdate,
  LimitRange: validateLimitRangeUpdate,
  HorizontalPodAutoscaler: validateHorizontalPodAutoscalerUpdate,
};

/**
 * Validates a new object of `kind` (already defaulted, its name generated and its namespace
 * set from the request path).
 */
export function validateCreate(kind: string, object: KubeObject): FieldError[] {
  return createValidators[kind]?.(object) ?? [];
}

/**
 * Validates `object` replacing `old`. `object.metadata.resourceVersion` must be set (the server
 * copies the stored one in for an unconditional update first), as upstream requires.
 */
export function validateUpdate(kind: string, object: KubeObject, old: KubeObject): FieldError[] {
  return updateValidators[kind]?.(object, old) ?? [];
}

export type { FieldError };
