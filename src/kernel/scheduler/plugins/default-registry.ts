import type { Registry } from '../framework.ts';
import { balancedAllocation } from './balanced-allocation.ts';
import { defaultPreemption } from './default-preemption.ts';
import { interPodAffinity } from './inter-pod-affinity.ts';
import { pluginNames } from './names.ts';
import { nodeAffinity } from './node-affinity.ts';
import { nodeName } from './node-name.ts';
import { nodeResourcesFit } from './node-resources-fit.ts';
import { nodeUnschedulable } from './node-unschedulable.ts';
import { podTopologySpread } from './pod-topology-spread.ts';
import { taintToleration } from './taint-toleration.ts';
import { volumeBinding } from './volume-binding.ts';

/** Every in-tree plugin this scheduler has, by its kube-scheduler name. */
export const defaultRegistry: Registry = {
  [pluginNames.nodeName]: nodeName,
  [pluginNames.nodeUnschedulable]: nodeUnschedulable,
  [pluginNames.taintToleration]: taintToleration,
  [pluginNames.nodeAffinity]: nodeAffinity,
  [pluginNames.nodeResourcesFit]: nodeResourcesFit,
  [pluginNames.balancedAllocation]: balancedAllocation,
  [pluginNames.podTopologySpread]: podTopologySpread,
  [pluginNames.interPodAffinity]: interPodAffinity,
  [pluginNames.defaultPreemption]: defaultPreemption,
  [pluginNames.volumeBinding]: volumeBinding,
};
