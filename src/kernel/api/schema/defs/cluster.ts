/**
 * Field shapes of core/v1 Node, Namespace and Event. Field names and Go types follow
 * k8s.io/api (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const clusterDefinitions: Definitions = {
  Node: {
    d: 'A worker machine that runs pods; one per node worker in this cluster.',
    f: {
      metadata: ['ObjectMeta', "The node's name, labels and other object metadata."],
      spec: ['NodeSpec', 'How the node should be treated: taints, unschedulable, pod CIDRs.'],
      status: ['NodeStatus', 'Capacity, conditions, addresses and versions the kubelet reports.'],
    },
  },
  NodeSpec: {
    d: 'How a node should be treated.',
    f: {
      podCIDR: ['string', 'IP range for the pods of this node.'],
      podCIDRs: ['[]string', 'IP ranges for the pods of this node, one per IP family.'],
      providerID: ['string', 'ID of the node at its provider.'],
      unschedulable: ['bool', 'True to keep new pods off the node (kubectl cordon).'],
      taints: ['[]Taint', 'Taints of the node.'],
      configSource: ['NodeConfigSource'],
      externalID: ['string'],
      podPreemptionPolicy: ['NodePodPreemptionPolicy'],
    },
  },
  Taint: {
    d: 'A mark on a node that repels pods that do not tolerate it.',
    f: {
      key: ['string', 'Taint key.', R],
      value: ['string', 'Taint value.'],
      effect: ['TaintEffect', 'NoSchedule, PreferNoSchedule or NoExecute.', R],
      timeAdded: ['Time', 'When a NoExecute taint was added.'],
    },
  },
  NodeConfigSource: {
    d: '',
    f: {
      configMap: ['ConfigMapNodeConfigSource'],
    },
  },
  ConfigMapNodeConfigSource: {
    d: '',
    f: {
      namespace: ['string', '', R],
      name: ['string', '', R],
      uid: ['UID'],
      resourceVersion: ['string'],
      kubeletConfigKey: ['string', '', R],
    },
  },
  NodePodPreemptionPolicy: {
    d: '',
    f: {
      disableResizePreemption: ['[]string'],
    },
  },
  NodeStatus: {
    d: 'What is known about a node.',
    f: {
      capacity: ['ResourceList', 'Total resources of the node.'],
      allocatable: ['ResourceList', 'Resources available to pods; defaults to capacity.'],
      phase: ['NodePhase', 'Deprecated lifecycle phase.'],
      conditions: ['[]NodeCondition', 'Ready and pressure conditions.'],
      addresses: ['[]NodeAddress', 'Addresses the node is reachable at.'],
      daemonEndpoints: [
        'NodeDaemonEndpoints',
        'Endpoints of daemons on the node, such as the kubelet.',
      ],
      nodeInfo: ['NodeSystemInfo', 'Versions and ids of the node.'],
      images: ['[]ContainerImage', 'Images present on the node.'],
      volumesInUse: ['[]UniqueVolumeName'],
      volumesAttached: ['[]AttachedVolume'],
      config: ['NodeConfigStatus'],
      runtimeHandlers: ['[]NodeRuntimeHandler'],
      features: ['NodeFeatures'],
      declaredFeatures: ['[]string'],
    },
  },
  NodeCondition: {
    d: '',
    f: {
      type: ['NodeConditionType', '', R],
      status: ['ConditionStatus', '', R],
      lastHeartbeatTime: ['Time'],
      lastTransitionTime: ['Time'],
      reason: ['string'],
      message: ['string'],
    },
  },
  NodeAddress: {
    d: '',
    f: {
      type: ['NodeAddressType', '', R],
      address: ['string', '', R],
    },
  },
  NodeDaemonEndpoints: {
    d: '',
    f: {
      kubeletEndpoint: ['DaemonEndpoint'],
    },
  },
  DaemonEndpoint: {
    d: '',
    f: {
      Port: ['int32', '', R],
    },
  },
  NodeSystemInfo: {
    d: '',
    f: {
      machineID: ['string', '', R],
      systemUUID: ['string', '', R],
      bootID: ['string', '', R],
      kernelVersion: ['string', '', R],
      osImage: ['string', '', R],
      containerRuntimeVersion: ['string', '', R],
      kubeletVersion: ['string', '', R],
      kubeProxyVersion: ['string', '', R],
      operatingSystem: ['string', '', R],
      architecture: ['string', '', R],
      swap: ['NodeSwapStatus'],
    },
  },
  NodeSwapStatus: {
    d: '',
    f: {
      capacity: ['int64'],
    },
  },
  ContainerImage: {
    d: '',
    f: {
      names: ['[]string'],
      sizeBytes: ['int64'],
    },
  },
  AttachedVolume: {
    d: '',
    f: {
      name: ['UniqueVolumeName', '', R],
      devicePath: ['string', '', R],
    },
  },
  NodeConfigStatus: {
    d: '',
    f: {
      assigned: ['NodeConfigSource'],
      active: ['NodeConfigSource'],
      lastKnownGood: ['NodeConfigSource'],
      error: ['string'],
    },
  },
  NodeRuntimeHandler: {
    d: '',
    f: {
      name: ['string'],
      features: ['NodeRuntimeHandlerFeatures'],
    },
  },
  NodeRuntimeHandlerFeatures: {
    d: '',
    f: {
      recursiveReadOnlyMounts: ['bool'],
      userNamespaces: ['bool'],
    },
  },
  NodeFeatures: {
    d: '',
    f: {
      supplementalGroupsPolicy: ['bool'],
    },
  },
  Namespace: {
    d: 'A scope for names; most objects live in exactly one namespace.',
    f: {
      metadata: ['ObjectMeta', "The namespace's name, labels and other object metadata."],
      spec: ['NamespaceSpec', 'Finalizers that must run before the namespace can be removed.'],
      status: ['NamespaceStatus', 'Whether the namespace is Active or Terminating.'],
    },
  },
  NamespaceSpec: {
    d: 'Settings of a namespace.',
    f: {
      finalizers: [
        '[]FinalizerName',
        'Finalizers run before the namespace is removed; defaults to kubernetes.',
      ],
    },
  },
  NamespaceStatus: {
    d: 'The observed state of a namespace.',
    f: {
      phase: ['NamespacePhase', 'Active or Terminating.'],
      conditions: ['[]NamespaceCondition', 'Latest observations of the namespace.'],
    },
  },
  NamespaceCondition: {
    d: '',
    f: {
      type: ['NamespaceConditionType', '', R],
      status: ['ConditionStatus', '', R],
      lastTransitionTime: ['Time'],
      reason: ['string'],
      message: ['string'],
    },
  },
  Event: {
    d: 'A record of something that happened to an object, shown by kubectl describe.',
    f: {
      metadata: ['ObjectMeta', "The event's name, namespace and other object metadata.", R],
      involvedObject: ['ObjectReference', 'The object this event is about.', R],
      reason: ['string', 'A short CamelCase word saying why the event happened, for machines.'],
      message: ['string', 'A human-readable explanation of what happened.'],
      source: ['EventSource', 'The component (and host) that reported the event.'],
      firstTimestamp: ['Time', 'When this event was first recorded.'],
      lastTimestamp: ['Time', 'When this event was most recently recorded.'],
      count: ['int32', 'How many times this event has occurred.'],
      type: ['string', 'Normal or Warning.'],
      eventTime: ['MicroTime', 'When the event first happened, with microsecond precision.'],
      series: ['EventSeries', 'Data about a series of repeated events, when this event is one.'],
      action: ['string', 'What was done or failed to be done about the object.'],
      related: ['ObjectReference', 'A second object involved in the event, if any.'],
      reportingComponent: ['string', 'Name of the controller that emitted the event.'],
      reportingInstance: ['string', 'ID of the controller instance that emitted the event.'],
    },
  },
  ObjectReference: {
    d: 'A reference to another object.',
    f: {
      kind: ['string'],
      namespace: ['string'],
      name: ['string'],
      uid: ['UID'],
      apiVersion: ['string'],
      resourceVersion: ['string'],
      fieldPath: ['string'],
    },
  },
  EventSource: {
    d: '',
    f: {
      component: ['string'],
      host: ['string'],
    },
  },
  EventSeries: {
    d: '',
    f: {
      count: ['int32'],
      lastObservedTime: ['MicroTime'],
    },
  },
};
