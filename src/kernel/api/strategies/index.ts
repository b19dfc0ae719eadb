import type { ResourceInfo } from '../resources.ts';
import { configMapStrategy, secretStrategy } from './config-data.ts';
import { daemonSetStrategy } from './daemonset.ts';
import { endpointSliceStrategy } from './endpoint-slice.ts';
import { jobStrategy } from './job.ts';
import { namespaceStrategy } from './namespace.ts';
import { nodeStrategy } from './node.ts';
import { podStrategy } from './pod.ts';
import { podDisruptionBudgetStrategy } from './pod-disruption-budget.ts';
import { serviceStrategy } from './service.ts';
import { persistentVolumeClaimStrategy, persistentVolumeStrategy } from './storage.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';
import { horizontalPodAutoscalerStrategy } from './horizontal-pod-autoscaler.ts';

export type { Strategy } from './strategy.ts';

/** The strategy for a resource: a kind-specific one where Kubernetes has one, else the default. */
export function strategyFor(info: ResourceInfo): Strategy {
  if (info.group === '') {
    if (info.resource === 'pods') return podStrategy;
    if (info.resource === 'namespaces') return namespaceStrategy;
    if (info.resource === 'nodes') return nodeStrategy;
    if (info.resource === 'services') return serviceStrategy;
    if (info.resource === 'configmaps') return configMapStrategy;
    if (info.resource === 'secrets') return secretStrategy;
    if (info.resource === 'persistentvolumes') return persistentVolumeStrategy;
    if (info.resource === 'persistentvolumeclaims') return persistentVolumeClaimStrategy;
  }
  if (info.group === 'batch' && info.resource === 'jobs') return jobStrategy;
  if (info.group === 'autoscaling') return horizontalPodAutoscalerStrategy(info);
  if (info.group === 'apps' && info.resource === 'daemonsets') return daemonSetStrategy;
  if (info.group === 'policy' && info.resource === 'poddisruptionbudgets') {
    return podDisruptionBudgetStrategy;
  }
  if (info.group === 'discovery.k8s.io' && info.resource === 'endpointslices') {
    return endpointSliceStrategy;
  }
  return defaultStrategy(info);
}
