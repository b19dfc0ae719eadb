/** core/v1 ResourceQuota and LimitRange: per-namespace limits on what objects may claim. */
import type { KubeObject, ObjectMeta } from './meta.ts';
import type { ResourceList } from './core.ts';

export type ResourceQuotaScope =
  | 'Terminating'
  | 'NotTerminating'
  | 'BestEffort'
  | 'NotBestEffort'
  | 'PriorityClass'
  | 'CrossNamespacePodAffinity';

export interface ScopedResourceSelectorRequirement {
  scopeName: ResourceQuotaScope;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface ResourceQuotaSpec {
  hard?: ResourceList;
  scopes?: ResourceQuotaScope[];
  scopeSelector?: { matchExpressions?: ScopedResourceSelectorRequirement[] };
}

export interface ResourceQuotaStatus {
  hard?: ResourceList;
  used?: ResourceList;
}

export interface ResourceQuota extends KubeObject {
  apiVersion?: 'v1';
  kind?: 'ResourceQuota';
  metadata: ObjectMeta;
  spec?: ResourceQuotaSpec;
  status?: ResourceQuotaStatus;
}

export type LimitType = 'Pod' | 'Container' | 'PersistentVolumeClaim';

export interface LimitRangeItem {
  type: LimitType | string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export interface LimitRange extends KubeObject {
  apiVersion?: 'v1';
  kind?: 'LimitRange';
  metadata: ObjectMeta;
  spec?: { limits?: LimitRangeItem[] };
}
