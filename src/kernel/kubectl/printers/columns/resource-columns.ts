import type { ResourceInfo } from '../../../api/resources.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';
import { hpaColumns, metricsColumns } from './autoscaling-columns.ts';
import { configMapColumns, secretColumns } from './config-columns.ts';
import { cronJobColumns } from './cronjob-columns.ts';
import { daemonSetColumns } from './daemonset-columns.ts';
import { deploymentColumns } from './deployment-columns.ts';
import { eventColumns } from './event-columns.ts';
import { jobColumns } from './job-columns.ts';
import { leaseColumns } from './lease-columns.ts';
import { namespaceColumns } from './namespace-columns.ts';
import { ingressClassColumns, ingressColumns, networkPolicyColumns } from './networking-columns.ts';
import { nodeColumns } from './node-columns.ts';
import { podColumns } from './pod-columns.ts';
import { podDisruptionBudgetColumns } from './pod-disruption-budget-columns.ts';
import { replicaSetColumns } from './replicaset-columns.ts';
import { endpointSliceColumns, endpointsColumns, serviceColumns } from './service-columns.ts';
import { controllerRevisionColumns, statefulSetColumns } from './statefulset-columns.ts';
import { limitRangeColumns, resourceQuotaColumns } from './quota-columns.ts';
import {
  persistentVolumeClaimColumns,
  persistentVolumeColumns,
  storageClassColumns,
} from './storage-columns.ts';

const byResource: Record<string, Column[]> = {
  pods: podColumns as Column[],
  deployments: deploymentColumns as Column[],
  replicasets: replicaSetColumns as Column[],
  daemonsets: daemonSetColumns as Column[],
  poddisruptionbudgets: podDisruptionBudgetColumns as Column[],
  nodes: nodeColumns as Column[],
  namespaces: namespaceColumns as Column[],
  events: eventColumns as Column[],
  leases: leaseColumns as Column[],
  jobs: jobColumns as Column[],
  cronjobs: cronJobColumns as Column[],
  configmaps: configMapColumns as Column[],
  secrets: secretColumns as Column[],
  ingresses: ingressColumns as Column[],
  ingressclasses: ingressClassColumns as Column[],
  networkpolicies: networkPolicyColumns as Column[],
  services: serviceColumns as Column[],
  endpoints: endpointsColumns as Column[],
  endpointslices: endpointSliceColumns as Column[],
  statefulsets: statefulSetColumns as Column[],
  controllerrevisions: controllerRevisionColumns as Column[],
  resourcequotas: resourceQuotaColumns as Column[],
  limitranges: limitRangeColumns as Column[],
  persistentvolumes: persistentVolumeColumns as Column[],
  persistentvolumeclaims: persistentVolumeClaimColumns as Column[],
  storageclasses: storageClassColumns as Column[],
  horizontalpodautoscalers: hpaColumns as Column[],
};

/**
 * The `kubectl get` columns of a resource, wide ones included (filter on `wide`); a type
 * without a printer gets the server's default table, NAME and AGE.
 */
export function resourceColumns(info: ResourceInfo): Column[] {
  // The metrics API's pods and nodes are not the core ones.
  if (info.group === 'metrics.k8s.io') return metricsColumns;
  return byResource[info.resource] ?? [nameColumn, ageColumn];
}
