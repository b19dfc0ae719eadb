import { rfc3339 } from '../../kernel/clock/clock.ts';
import type {
  Node,
  NodeCondition,
  NodeStatus,
  NodeSystemInfo,
  Taint,
} from '../../kernel/types/core.ts';

/** What a node is: its name, size, addresses, and the labels and taints it registers with. */
export interface NodeConfig {
  nodeName: string;
  capacity: { cpu: string; memory: string; pods: string };
  /** Labels beyond the kubelet's own (hostname, os, arch). */
  labels?: Record<string, string>;
  taints?: Taint[];
  internalIP: string;
  podCIDR?: string;
  /** Overrides of the reported system info (see defaultNodeInfo). */
  nodeInfo?: Partial<NodeSystemInfo>;
}

/**
 * A kubeadm control-plane node's role: the control-plane label (and kubeadm's
 * exclude-from-external-load-balancers label) and the NoSchedule taint that keeps ordinary
 * pods off it.
 */
export const controlPlaneRole: { labels: Record<string, string>; taints: Taint[] } = {
  labels: {
    'node-role.kubernetes.io/control-plane': '',
    'node.kubernetes.io/exclude-from-external-load-balancers': '',
  },
  taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
};

/** The kubelet's port, as daemonEndpoints reports it. */
const kubeletPort = 10250;

/**
 * The system info this node reports, chosen to be honest about what runs here:
 * `containerRuntimeVersion` names the WASI runtime (`wasi://`, the scheme of its container
 * IDs) and the version of @bjorn3/browser_wasi_shim it is built on; `architecture` is
 * `wasm32`, what the containers really are; `operatingSystem` is `linux` because the pod API
 * a container sees here (spec.os, the `kubernetes.io/os` selectors of real manifests) is that
 * of a Linux node running a WASI shim, which is where these manifests go next; `osImage` and
 * `kernelVersion` say it is a browser tab.
 */
export function defaultNodeInfo(nodeName: string, bootID: string): NodeSystemInfo {
  const machineID = stableHex(nodeName, 32);
  return {
    machineID,
    systemUUID: `${machineID.slice(0, 8)}-${machineID.slice(8, 12)}-${machineID.slice(12, 16)}-${machineID.slice(16, 20)}-${machineID.slice(20)}`,
    bootID,
    kernelVersion: browserVersion(),
    osImage: 'kube-in-a-tab (WASI preview1 in a browser tab)',
    containerRuntimeVersion: 'wasi://0.4.2',
    kubeletVersion: 'v1.34.0',
    operatingSystem: 'linux',
    architecture: 'wasm32',
  };
}

/** The labels the kubelet sets on its own Node (and keeps set across restarts). */
export function kubeletLabels(nodeName: string, info: NodeSystemInfo): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': info.architecture,
    'beta.kubernetes.io/os': info.operatingSystem,
    'kubernetes.io/arch': info.architecture,
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': info.operatingSystem,
  };
}

/** The Node a kubelet registers: labels, taints, pod CIDR, and a first status. */
export function initialNode(config: NodeConfig, info: NodeSystemInfo, status: NodeStatus): Node {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: config.nodeName,
      labels: { ...kubeletLabels(config.nodeName, info), ...config.labels },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status,
  };
  if (config.podCIDR) node.spec = { podCIDR: config.podCIDR, podCIDRs: [config.podCIDR] };
  if (config.taints && config.taints.length > 0) {
    node.spec = { ...node.spec, taints: config.taints.map((t) => ({ ...t })) };
  }
  return node;
}

/** The node conditions the kubelet reports, healthy, with the reasons and messages of its setters. */
const healthy: readonly {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  event: string;
}[] = [
  {
    type: 'MemoryPressure',
    status: 'False',
    reason: 'KubeletHasSufficientMemory',
    message: 'kubelet has sufficient memory available',
    event: 'NodeHasSufficientMemory',
  },
  {
    type: 'DiskPressure',
    status: 'False',
    reason: 'KubeletHasNoDiskPressure',
    message: 'kubelet has no disk pressure',
    event: 'NodeHasNoDiskPressure',
  },
  {
    type: 'PIDPressure',
    status: 'False',
    reason: 'KubeletHasSufficientPID',
    message: 'kubelet has sufficient PID available',
    event: 'NodeHasSufficientPID',
  },
  {
    type: 'Ready',
    status: 'True',
    reason: 'KubeletReady',
    message: 'kubelet is posting ready status',
    event: 'NodeReady',
  },
];

export interface NodeStatusInput {
  config: NodeConfig;
  info: NodeSystemInfo;
  /** The status the Node has now, if it exists. */
  previous?: NodeStatus;
  images: { names: string[]; sizeBytes: number }[];
  now: number;
}

/**
 * The node status the kubelet posts (its status setters): capacity and allocatable (nothing
 * reserved), the four conditions with a fresh heartbeat and a transition time that moves only
 * when a status changes, addresses, daemon endpoints, system info and images. Also says
 * which events the change calls for (`NodeReady`, `NodeHasSufficientMemory`...), recorded by
 * the kubelet when a condition appears or changes status.
 */
export function nodeStatus(input: NodeStatusInput): { status: NodeStatus; events: string[] } {
  const now = rfc3339(input.now);
  const events: string[] = [];
  const previous = input.previous?.conditions ?? [];
  const conditions: NodeCondition[] = healthy.map((want) => {
    const old = previous.find((c) => c.type === want.type);
    const changed = !old || old.status !== want.status;
    if (changed) events.push(want.event);
    return {
      type: want.type,
      status: want.status,
      lastHeartbeatTime: now,
      lastTransitionTime: changed ? now : (old.lastTransitionTime ?? now),
      reason: want.reason,
      message: want.message,
    };
  });
  // Conditions others own (NetworkUnavailable) stay first, as they come.
  const others = previous.filter((c) => !healthy.some((h) => h.type === c.type));
  const { cpu, memory, pods } = input.config.capacity;
  const status: NodeStatus = {
    capacity: { cpu, memory, pods },
    allocatable: { cpu, memory, pods },
    conditions: [...others, ...conditions],
    addresses: [
      { type: 'InternalIP', address: input.config.internalIP },
      { type: 'Hostname', address: input.config.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } },
    nodeInfo: input.info,
  };
  if (input.images.length > 0) status.images = input.images;
  return { status, events };
}

/** A hex string of `length` digits that depends only on `seed` (FNV-1a, repeated). */
function stableHex(seed: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    let hash = 0x811c9dc5 ^ round;
    for (let i = 0; i < seed.length; i++) {
      hash ^= seed.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    out += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** The browser and its version (`Chrome/138.0.7204.0`), standing in for a kernel version. */
function browserVersion(): string {
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? '';
  return /(?:HeadlessChrome|Chrome|Firefox|Version)\/[\d.]+/.exec(agent)?.[0] ?? 'unknown';
}
