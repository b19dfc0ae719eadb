/** kube-scheduler's plugin names (pkg/scheduler/framework/plugins/names), as profiles spell them. */
export const pluginNames = {
  nodeName: 'NodeName',
  nodeUnschedulable: 'NodeUnschedulable',
  taintToleration: 'TaintToleration',
  nodeAffinity: 'NodeAffinity',
  nodeResourcesFit: 'NodeResourcesFit',
  balancedAllocation: 'NodeResourcesBalancedAllocation',
  podTopologySpread: 'PodTopologySpread',
  interPodAffinity: 'InterPodAffinity',
  defaultPreemption: 'DefaultPreemption',
  volumeBinding: 'VolumeBinding',
} as const;
