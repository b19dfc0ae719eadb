import * as Comlink from 'comlink';
import { timingPresets } from '../kernel/clock/presets.ts';
import { ScaledClock } from '../kernel/clock/scaled-clock.ts';
import { Client } from '../kernel/client/client.ts';
import type { ApiEndpoint } from './api-endpoint.ts';
import { Kubelet } from './node/kubelet.ts';
import { controlPlaneRole } from './node/node-object.ts';
import type { NodeBootOptions, NodeWorkerApi } from './node-protocol.ts';
import type { RouterMessage } from './net/protocol.ts';
import { ClusterDns } from './node/network/cluster-dns.ts';
import { NodeNetwork } from './node/network/node-network.ts';
import { IngressProxy } from './node/network/ingress-proxy.ts';
import { NetworkPolicyEnforcer } from './node/network/network-policy.ts';
import { NodeIngresses } from './node/network/node-ingresses.ts';
import { NodePolicies } from './node/network/node-policies.ts';
import { NodeServices } from './node/network/node-services.ts';
import { ServiceProxy } from './node/network/service-proxy.ts';
import { RemoteApi } from './remote-api.ts';
import { ApiPartition } from './node/api-partition.ts';
import { BuiltinImageRegistry } from './runtime/image-registry.ts';
import { IdbUserImages } from './runtime/user-images.ts';
import { WorkerContainerRuntime } from './runtime/runtime.ts';
import { IdbVolumeStore } from './node/volumes/idb-volume-store.ts';
import { VolumeHost } from './node/volumes/volume-host.ts';
import { WebVolumeLocks } from './node/volumes/volume-store.ts';
import { BroadcastVolumePeers, volumeChannelName } from './node/volumes/volume-peers.ts';

/**
 * A node worker: one kubelet, talking to the API server over its own port to the kernel
 * worker, running each container in a nested worker. Terminating this worker is the node
 * dying: its containers' workers go with it and its Lease stops being renewed.
 */
let kubelet: Kubelet | undefined;
let network: NodeNetwork | undefined;
const clock = new ScaledClock(1);
/** The running execs that may be cancelled, by the id the page gave them. */
const execs = new Map<string, AbortController>();
/** The node's link to the API server, which freezing the node cuts. */
let link: ApiPartition | undefined;

const api: NodeWorkerApi = {
  async boot(options: NodeBootOptions) {
    if (kubelet) return;
    clock.follow(options.clock);
    const remote = Comlink.wrap<ApiEndpoint>(options.api);
    link = new ApiPartition(new RemoteApi(remote));
    const client = new Client(link);
    const role = options.role === 'control-plane' ? controlPlaneRole : undefined;
    const directory = new NodeServices(client, clock);
    const router = options.network;
    if (router) {
      const policies = new NodePolicies(client, clock);
      const ingresses = new NodeIngresses(client, clock);
      await Promise.all([directory.start(), policies.start(), ingresses.start()]);
      const isNodeIP = (ip: string) => ip === options.internalIP || directory.isNodeIP(ip);
      const ingressProxy = new IngressProxy({
        ingresses: () => ingresses.served(),
        services: directory,
        isNodeAddress: isNodeIP,
        openUpstream: (host, port) => network!.openFromNode(options.internalIP, host, port),
      });
      network = new NodeNetwork(
        new ClusterDns(directory),
        new ServiceProxy(directory, {
          nodeName: options.nodeName,
          isNodeIP,
          now: () => clock.now(),
        }),
        { post: (message, transfer) => router.postMessage(message, transfer) },
        {
          policy: new NetworkPolicyEnforcer(policies, { nodeIPs: [options.internalIP] }),
          listeners: [ingressProxy],
        },
      );
    } else {
      await directory.start();
    }
    const nodeNetwork = network;
    if (router && nodeNetwork) {
      router.onmessage = (event: MessageEvent<RouterMessage>) => nodeNetwork.receive(event.data);
    }
    kubelet = new Kubelet({
      nodeName: options.nodeName,
      client,
      clock,
      realTime: clock.realTime,
      timing: timingPresets[options.timing],
      runtime: new WorkerContainerRuntime(
        options.containerWorkerUrl ? { workerUrl: options.containerWorkerUrl } : {},
      ),
      images: new BuiltinImageRegistry(options.imagesUrl, { userImages: new IdbUserImages() }),
      capacity: options.capacity,
      labels: role?.labels,
      taints: role?.taints,
      internalIP: options.internalIP,
      podCIDR: options.podCIDR,
      services: () => directory.envSources(),
      network,
      volumeHost: options.volumesDatabase
        ? new VolumeHost({
            store: new IdbVolumeStore(options.volumesDatabase),
            locks: new WebVolumeLocks(options.volumesDatabase),
            peers: new BroadcastVolumePeers(volumeChannelName(options.volumesDatabase)),
            nodeId: `${options.nodeName}/${crypto.randomUUID()}`,
          })
        : undefined,
    });
    await kubelet.start();
  },
  async logs(namespace, pod, container, options) {
    if (!kubelet) throw new Error('the kubelet has not started');
    return kubelet.logs(namespace, pod, container, options);
  },
  async exec(namespace, pod, container, command, onOutput, execID, stdin, tty) {
    if (!kubelet) throw new Error('the kubelet has not started');
    const cancel = new AbortController();
    if (execID) execs.set(execID, cancel);
    try {
      return await kubelet.exec(namespace, pod, container, command, onOutput, {
        signal: cancel.signal,
        stdin,
        tty,
      });
    } finally {
      if (execID) execs.delete(execID);
    }
  },
  attach(namespace, pod, container, session) {
    if (!kubelet) throw new Error('the kubelet has not started');
    return kubelet.attach(namespace, pod, container, session);
  },
  cancelExec(execID) {
    execs.get(execID)?.abort();
  },
  followClock(anchor) {
    clock.follow(anchor);
  },
  traffic() {
    return network?.traffic() ?? { pods: {}, services: {} };
  },
  setFrozen(frozen) {
    if (frozen) link?.cut();
    else link?.heal();
  },
  killContainer(namespace, pod, container) {
    if (!kubelet) throw new Error('the kubelet has not started');
    return kubelet.killContainer(namespace, pod, container);
  },
  setNetworkFault(fault) {
    network?.setFault(fault);
  },
};

Comlink.expose(api);
