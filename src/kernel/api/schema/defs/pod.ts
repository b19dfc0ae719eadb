/**
 * Field shapes of core/v1 Pod, PodSpec and the scheduling types a pod spec holds. Field names and Go types follow
 * k8s.io/api (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const podDefinitions: Definitions = {
  Pod: {
    d: 'A group of containers scheduled together onto one node, sharing network and storage.',
    f: {
      metadata: [
        'ObjectMeta',
        "The pod's name, namespace, labels, annotations and other object metadata.",
      ],
      spec: [
        'PodSpec',
        'What the pod should run: its containers, volumes and scheduling constraints.',
      ],
      status: ['PodStatus', 'What the kubelet last observed about the pod; written by the system.'],
    },
  },
  PodSpec: {
    d: 'The desired state of a pod.',
    f: {
      volumes: ['[]Volume', 'Volumes the containers of the pod can mount.'],
      initContainers: [
        '[]Container',
        'Containers run to completion, in order, before the app containers start (or sidecars, with restartPolicy Always).',
      ],
      containers: ['[]Container', 'The app containers; at least one.', R],
      ephemeralContainers: ['[]EphemeralContainer', 'Debugging containers added to a running pod.'],
      restartPolicy: [
        'RestartPolicy',
        'Always (default), OnFailure or Never: when containers are restarted.',
      ],
      terminationGracePeriodSeconds: [
        'int64',
        'Seconds between the stop signal and the kill on deletion; defaults to 30.',
      ],
      activeDeadlineSeconds: ['int64', 'Seconds the pod may be active before the system fails it.'],
      dnsPolicy: ['DNSPolicy', 'How DNS is set up for the pod; defaults to ClusterFirst.'],
      nodeSelector: [
        'map[string]string',
        'Labels a node must have for the pod to be scheduled there.',
      ],
      serviceAccountName: ['string', 'The service account the pod runs as; defaults to default.'],
      serviceAccount: ['string', 'Deprecated alias of serviceAccountName.'],
      automountServiceAccountToken: ['bool', 'Whether an API token is mounted automatically.'],
      nodeName: [
        'string',
        'The node the pod is bound to; set by the scheduler through the binding subresource.',
      ],
      hostNetwork: ['bool', "Use the node's network namespace."],
      hostPID: ['bool', "Use the node's process namespace."],
      hostIPC: ['bool', "Use the node's IPC namespace."],
      shareProcessNamespace: [
        'bool',
        'Share one process namespace between all containers of the pod.',
      ],
      securityContext: ['PodSecurityContext', 'Pod-wide security attributes.'],
      imagePullSecrets: ['[]LocalObjectReference', 'Secrets used to pull the images.'],
      hostname: ['string', "The pod's hostname; defaults to its name."],
      subdomain: ['string', 'With hostname, gives the pod a DNS name under a headless Service.'],
      affinity: ['Affinity', 'Node affinity and pod (anti-)affinity scheduling rules.'],
      schedulerName: ['string', 'Which scheduler places the pod; defaults to default-scheduler.'],
      tolerations: ['[]Toleration', 'Taints the pod tolerates.'],
      hostAliases: ['[]HostAlias', 'Extra entries for the /etc/hosts of the pod.'],
      priorityClassName: ['string', 'Name of a PriorityClass giving the pod its priority.'],
      priority: ['int32', 'Scheduling priority; filled in from priorityClassName by admission.'],
      dnsConfig: ['PodDNSConfig', 'Extra DNS settings merged with those from dnsPolicy.'],
      readinessGates: [
        '[]PodReadinessGate',
        'Extra conditions that must be true for the pod to be ready.',
      ],
      runtimeClassName: ['string', 'RuntimeClass to run the pod with.'],
      enableServiceLinks: [
        'bool',
        'Whether Service information is injected as environment variables; defaults to true.',
      ],
      preemptionPolicy: [
        'PreemptionPolicy',
        'Whether the pod may preempt lower-priority pods; defaults to PreemptLowerPriority.',
      ],
      overhead: ['ResourceList', 'Resources used by the pod sandbox itself.'],
      topologySpreadConstraints: [
        '[]TopologySpreadConstraint',
        'How pods should spread across topology domains such as zones or nodes.',
      ],
      setHostnameAsFQDN: ['bool', 'Use the fully qualified domain name as the hostname.'],
      os: ['PodOS', 'The operating system the pod needs.'],
      hostUsers: ['bool', "Use the node's user namespace; false gives the pod its own."],
      schedulingGates: ['[]PodSchedulingGate', 'While any gate remains, the pod is not scheduled.'],
      resourceClaims: ['[]PodResourceClaim', 'Dynamic resources the pod needs.'],
      resources: ['ResourceRequirements', 'Total resources for the whole pod.'],
      hostnameOverride: ['string'],
      schedulingGroup: ['PodSchedulingGroup'],
      evictionResponders: ['[]EvictionResponder'],
    },
  },
  PodSecurityContext: {
    d: '',
    f: {
      seLinuxOptions: ['SELinuxOptions'],
      windowsOptions: ['WindowsSecurityContextOptions'],
      runAsUser: ['int64'],
      runAsGroup: ['int64'],
      runAsNonRoot: ['bool'],
      supplementalGroups: ['[]int64'],
      supplementalGroupsPolicy: ['SupplementalGroupsPolicy'],
      fsGroup: ['int64'],
      sysctls: ['[]Sysctl'],
      fsGroupChangePolicy: ['PodFSGroupChangePolicy'],
      seccompProfile: ['SeccompProfile'],
      appArmorProfile: ['AppArmorProfile'],
      seLinuxChangePolicy: ['PodSELinuxChangePolicy'],
    },
  },
  Sysctl: {
    d: '',
    f: {
      name: ['string', '', R],
      value: ['string', '', R],
    },
  },
  Affinity: {
    d: 'Scheduling affinity rules.',
    f: {
      nodeAffinity: ['NodeAffinity', 'Rules on the labels of nodes.'],
      podAffinity: ['PodAffinity', 'Prefer or require nodes near certain other pods.'],
      podAntiAffinity: ['PodAntiAffinity', 'Prefer or require nodes away from certain other pods.'],
    },
  },
  NodeAffinity: {
    d: '',
    f: {
      requiredDuringSchedulingIgnoredDuringExecution: ['NodeSelector'],
      preferredDuringSchedulingIgnoredDuringExecution: ['[]PreferredSchedulingTerm'],
    },
  },
  NodeSelector: {
    d: '',
    f: {
      nodeSelectorTerms: ['[]NodeSelectorTerm', '', R],
    },
  },
  NodeSelectorTerm: {
    d: '',
    f: {
      matchExpressions: ['[]NodeSelectorRequirement'],
      matchFields: ['[]NodeSelectorRequirement'],
    },
  },
  NodeSelectorRequirement: {
    d: '',
    f: {
      key: ['string', '', R],
      operator: ['NodeSelectorOperator', '', R],
      values: ['[]string'],
    },
  },
  PreferredSchedulingTerm: {
    d: '',
    f: {
      weight: ['int32', '', R],
      preference: ['NodeSelectorTerm', '', R],
    },
  },
  PodAffinity: {
    d: '',
    f: {
      requiredDuringSchedulingIgnoredDuringExecution: ['[]PodAffinityTerm'],
      preferredDuringSchedulingIgnoredDuringExecution: ['[]WeightedPodAffinityTerm'],
    },
  },
  PodAffinityTerm: {
    d: '',
    f: {
      labelSelector: ['LabelSelector'],
      namespaces: ['[]string'],
      topologyKey: ['string', '', R],
      namespaceSelector: ['LabelSelector'],
      matchLabelKeys: ['[]string'],
      mismatchLabelKeys: ['[]string'],
    },
  },
  WeightedPodAffinityTerm: {
    d: '',
    f: {
      weight: ['int32', '', R],
      podAffinityTerm: ['PodAffinityTerm', '', R],
    },
  },
  PodAntiAffinity: {
    d: '',
    f: {
      requiredDuringSchedulingIgnoredDuringExecution: ['[]PodAffinityTerm'],
      preferredDuringSchedulingIgnoredDuringExecution: ['[]WeightedPodAffinityTerm'],
    },
  },
  Toleration: {
    d: 'Lets the pod schedule onto (or stay on) nodes with a matching taint.',
    f: {
      key: ['string', 'Taint key to match; empty with Exists matches every taint.'],
      operator: ['TolerationOperator', 'Equal (default) or Exists.'],
      value: ['string', 'Taint value to match with Equal.'],
      effect: ['TaintEffect', 'Taint effect to match; empty matches all effects.'],
      tolerationSeconds: [
        'int64',
        'For NoExecute: how long the pod stays after the taint appears.',
      ],
    },
  },
  HostAlias: {
    d: '',
    f: {
      ip: ['string', '', R],
      hostnames: ['[]string'],
    },
  },
  PodDNSConfig: {
    d: '',
    f: {
      nameservers: ['[]string'],
      searches: ['[]string'],
      options: ['[]PodDNSConfigOption'],
    },
  },
  PodDNSConfigOption: {
    d: '',
    f: {
      name: ['string'],
      value: ['string'],
    },
  },
  PodReadinessGate: {
    d: '',
    f: {
      conditionType: ['PodConditionType', '', R],
    },
  },
  TopologySpreadConstraint: {
    d: '',
    f: {
      maxSkew: ['int32', '', R],
      topologyKey: ['string', '', R],
      whenUnsatisfiable: ['UnsatisfiableConstraintAction', '', R],
      labelSelector: ['LabelSelector'],
      minDomains: ['int32'],
      nodeAffinityPolicy: ['NodeInclusionPolicy'],
      nodeTaintsPolicy: ['NodeInclusionPolicy'],
      matchLabelKeys: ['[]string'],
    },
  },
  PodOS: {
    d: '',
    f: {
      name: ['OSName', '', R],
    },
  },
  PodSchedulingGate: {
    d: '',
    f: {
      name: ['string', '', R],
    },
  },
  PodResourceClaim: {
    d: '',
    f: {
      name: ['string', '', R],
      resourceClaimName: ['string'],
      resourceClaimTemplateName: ['string'],
    },
  },
  PodSchedulingGroup: {
    d: '',
    f: {
      podGroupName: ['string'],
    },
  },
  EvictionResponder: {
    d: '',
    f: {
      name: ['string', '', R],
      priority: ['int32', '', R],
    },
  },
  PodTemplateSpec: {
    d: 'The pods a workload creates: their metadata and spec.',
    f: {
      metadata: ['ObjectMeta', 'Labels and annotations the created pods get.'],
      spec: ['PodSpec', 'The spec of the created pods.'],
    },
  },
};
