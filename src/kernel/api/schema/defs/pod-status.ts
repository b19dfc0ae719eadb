/**
 * Field shapes of core/v1 PodStatus and the container states it reports. Field names and Go types follow
 * k8s.io/api (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const podStatusDefinitions: Definitions = {
  PodStatus: {
    d: 'The observed state of a pod.',
    f: {
      observedGeneration: ['int64'],
      phase: ['PodPhase', 'Pending, Running, Succeeded, Failed or Unknown.'],
      conditions: [
        '[]PodCondition',
        'PodScheduled, Initialized, ContainersReady, Ready and others.',
      ],
      message: ['string', 'Why the pod is in this state, for humans.'],
      reason: ['string', 'Why the pod is in this state, as one CamelCase word.'],
      nominatedNodeName: ['string', 'Node the pod is expected to land on after preemption.'],
      hostIP: ['string', 'IP of the node the pod runs on.'],
      hostIPs: ['[]HostIP'],
      podIP: ['string', 'IP of the pod.'],
      podIPs: ['[]PodIP', 'IPs of the pod, one per family.'],
      startTime: ['Time', 'When the kubelet accepted the pod.'],
      initContainerStatuses: ['[]ContainerStatus', 'Status of each init container.'],
      containerStatuses: ['[]ContainerStatus', 'Status of each app container.'],
      qosClass: ['PodQOSClass', 'Guaranteed, Burstable or BestEffort, from the resource settings.'],
      ephemeralContainerStatuses: ['[]ContainerStatus'],
      resize: ['PodResizeStatus'],
      resourceClaimStatuses: ['[]PodResourceClaimStatus'],
      extendedResourceClaimStatus: ['PodExtendedResourceClaimStatus'],
      allocatedResources: ['ResourceList'],
      resources: ['ResourceRequirements'],
      nodeAllocatableResourceClaimStatuses: ['[]NodeAllocatableResourceClaimStatus'],
      volumeHealth: ['[]PodVolumeHealth'],
    },
  },
  PodCondition: {
    d: '',
    f: {
      type: ['PodConditionType', '', R],
      observedGeneration: ['int64'],
      status: ['ConditionStatus', '', R],
      lastProbeTime: ['Time'],
      lastTransitionTime: ['Time'],
      reason: ['string'],
      message: ['string'],
    },
  },
  HostIP: {
    d: '',
    f: {
      ip: ['string', '', R],
    },
  },
  PodIP: {
    d: '',
    f: {
      ip: ['string', '', R],
    },
  },
  ContainerStatus: {
    d: '',
    f: {
      name: ['string', '', R],
      state: ['ContainerState'],
      lastState: ['ContainerState'],
      ready: ['bool', '', R],
      restartCount: ['int32', '', R],
      image: ['string', '', R],
      imageID: ['string', '', R],
      containerID: ['string'],
      started: ['bool'],
      allocatedResources: ['ResourceList'],
      resources: ['ResourceRequirements'],
      volumeMounts: ['[]VolumeMountStatus'],
      user: ['ContainerUser'],
      allocatedResourcesStatus: ['[]ResourceStatus'],
      stopSignal: ['Signal'],
    },
  },
  ContainerState: {
    d: '',
    f: {
      waiting: ['ContainerStateWaiting'],
      running: ['ContainerStateRunning'],
      terminated: ['ContainerStateTerminated'],
    },
  },
  ContainerStateWaiting: {
    d: '',
    f: {
      reason: ['string'],
      message: ['string'],
    },
  },
  ContainerStateRunning: {
    d: '',
    f: {
      startedAt: ['Time'],
    },
  },
  ContainerStateTerminated: {
    d: '',
    f: {
      exitCode: ['int32', '', R],
      signal: ['int32'],
      reason: ['string'],
      message: ['string'],
      startedAt: ['Time'],
      finishedAt: ['Time'],
      containerID: ['string'],
    },
  },
  VolumeMountStatus: {
    d: '',
    f: {
      name: ['string', '', R],
      mountPath: ['string', '', R],
      readOnly: ['bool'],
      recursiveReadOnly: ['RecursiveReadOnlyMode'],
      volumeStatus: ['VolumeStatus'],
    },
  },
  VolumeStatus: {
    d: '',
    f: {
      image: ['ImageVolumeStatus'],
    },
  },
  ImageVolumeStatus: {
    d: '',
    f: {
      imageRef: ['string', '', R],
    },
  },
  ContainerUser: {
    d: '',
    f: {
      linux: ['LinuxContainerUser'],
    },
  },
  LinuxContainerUser: {
    d: '',
    f: {
      uid: ['int64', '', R],
      gid: ['int64', '', R],
      supplementalGroups: ['[]int64'],
    },
  },
  ResourceStatus: {
    d: '',
    f: {
      name: ['ResourceName', '', R],
      resources: ['[]ResourceHealth'],
    },
  },
  ResourceHealth: {
    d: '',
    f: {
      resourceID: ['ResourceID', '', R],
      health: ['ResourceHealthStatus'],
      message: ['string'],
    },
  },
  PodResourceClaimStatus: {
    d: '',
    f: {
      name: ['string', '', R],
      resourceClaimName: ['string'],
    },
  },
  PodExtendedResourceClaimStatus: {
    d: '',
    f: {
      requestMappings: ['[]ContainerExtendedResourceRequest', '', R],
      resourceClaimName: ['string', '', R],
    },
  },
  ContainerExtendedResourceRequest: {
    d: '',
    f: {
      containerName: ['string', '', R],
      resourceName: ['string', '', R],
      requestName: ['string', '', R],
    },
  },
  NodeAllocatableResourceClaimStatus: {
    d: '',
    f: {
      resourceClaimName: ['string', '', R],
      containers: ['[]string'],
      mapping: ['[]NodeAllocatableMappedResources'],
      overhead: ['[]NodeAllocatableOverheadResources'],
    },
  },
  NodeAllocatableMappedResources: {
    d: '',
    f: {
      name: ['ResourceName', '', R],
      quantity: ['Quantity', '', R],
    },
  },
  NodeAllocatableOverheadResources: {
    d: '',
    f: {
      name: ['ResourceName', '', R],
      perPod: ['Quantity'],
      perContainer: ['Quantity'],
    },
  },
  PodVolumeHealth: {
    d: '',
    f: {
      name: ['string', '', R],
      healthConditions: ['[]VolumeHealthCondition'],
      lastTransitionTime: ['Time'],
    },
  },
  VolumeHealthCondition: {
    d: '',
    f: {
      status: ['VolumeHealthStatusType', '', R],
      reason: ['string', '', R],
      message: ['string'],
    },
  },
};
