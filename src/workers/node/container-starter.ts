import type { Clock } from '../../kernel/clock/clock.ts';
import type { Client } from '../../kernel/client/client.ts';
import type { Container, Pod } from '../../kernel/types/core.ts';
import type { ContainerRuntime, RunningContainer } from '../runtime/types.ts';
import {
  containerArgs,
  containerCommand,
  containerEnvironment,
  memoryLimitBytes,
  cpuLimitMillicores,
  podHostname,
  type ServiceEnvSource,
} from './container-env.ts';
import { resolveEnvSources } from './env-sources.ts';
import { apiEnvObjectReader } from './env-object-reader.ts';
import type { ImagePuller, PullEventSink } from './image-puller.ts';
import type { LogStore } from './log-store.ts';
import type { AttachableStdin } from './attachable-stdin.ts';
import type { ContainerNetworkHandle, PodNetworkIdentity } from './network/node-network.ts';
import type { ContainerFiles } from './volumes/pod-volumes.ts';

export interface ContainerStarterDeps {
  runtime: ContainerRuntime;
  images: ImagePuller;
  logs: LogStore;
  clock: Clock;
  /** The cluster's Services, for the service environment variables. */
  services: () => readonly ServiceEnvSource[];
  newContainerID: () => string;
  /** The API client: the ConfigMaps, Secrets and Node a container's environment reads. */
  client: Client;
  /** The node's address, a pod's status.hostIP. */
  hostIP: string;
  /** The node's network; without it containers get no sockets (tests of other matters). */
  network?: PodNetwork;
  /** Standard input of `stdin: true` containers, for attach; none without it. */
  stdin?: AttachableStdin;
}

/** What the kubelet needs of the node's network (NodeNetwork). */
export interface PodNetwork {
  openContainer(
    pod: PodNetworkIdentity,
    containerID: string,
    listenPorts: number[],
  ): ContainerNetworkHandle;
  removePod(uid: string): void;
  /** A connection from the node's own address (the kubelet's probes). */
  openFromNode(nodeIP: string, host: string, port: number): { data: MessagePort; ctl: MessagePort };
}

export type StartOutcome =
  | {
      started: RunningContainer;
      containerID: string;
      imageID: string;
      startedAt: number;
      /** The environment it was started with, which it keeps whatever its sources do later. */
      env: [string, string][];
    }
  | { waiting: { reason: string; message?: string }; imageID?: string };

/**
 * Starts one container as the kubelet's startContainer does: makes sure its image is there
 * (with the image manager's events), builds its environment (reading the ConfigMaps and
 * Secrets it names: one missing is a CreateContainerConfigError) and argv, creates and starts it
 * (`Created container: app`, `Started container app`), and routes its output to the log
 * store with cluster-time stamps. `openFiles` gives it its mounts (its volumes, /tmp and its own
 * root), linked to the node's copies while it runs. A failure comes back as the waiting state
 * to show, after a `Failed` event `Error: <reason>`.
 */
export async function startContainer(
  deps: ContainerStarterDeps,
  pod: Pod,
  container: Container,
  event: PullEventSink,
  podIP?: string,
  openFiles?: (
    containerID: string,
    env: [string, string][],
    imageFiles: Readonly<Record<string, string>> | undefined,
  ) => ContainerFiles,
): Promise<StartOutcome> {
  const pulled = await deps.images.ensure(pod.metadata.uid ?? '', container, event);
  if ('reason' in pulled) {
    event('Warning', 'Failed', `Error: ${pulled.reason}`);
    return { waiting: { reason: pulled.reason, message: pulled.message } };
  }
  const image = pulled.image;
  const sources = await resolveEnvSources(apiEnvObjectReader(deps.client), pod, container, {
    podIPs: podIP ? [podIP] : [],
    hostIPs: [deps.hostIP],
  });
  if ('error' in sources) {
    event('Warning', 'Failed', `Error: ${sources.error}`);
    return { waiting: { reason: 'CreateContainerConfigError', message: sources.error } };
  }
  const env = containerEnvironment(pod, container, deps.services(), sources);
  const containerID = deps.newContainerID();
  deps.logs.open(containerID);
  event('Normal', 'Created', `Created container: ${container.name}`);
  const link = podIP
    ? deps.network?.openContainer(podIdentity(pod, podIP), containerID, tcpPorts(container))
    : undefined;
  const files = openFiles?.(containerID, env, image.config?.files);
  const podUID = pod.metadata.uid ?? '';
  // A container with `stdin: true` keeps its input open for whoever attaches.
  const stdinPort = container.stdin
    ? deps.stdin?.open(podUID, container.name, container.stdinOnce ?? false)
    : undefined;
  let started: RunningContainer;
  try {
    started = await deps.runtime.start(
      {
        containerID,
        image,
        args: containerArgs(container, env),
        process: containerCommand(container, env),
        env,
        memoryLimitBytes: memoryLimitBytes(container),
        cpuLimitMillicores: cpuLimitMillicores(container),
        network: link?.network,
        filesystem: files?.filesystem,
        stdin: stdinPort,
        ...(stdinPort && container.tty ? { tty: true } : {}),
      },
      (stream, text) => deps.logs.append(containerID, stream, text, deps.clock.now()),
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    event('Warning', 'Failed', `Error: ${message}`);
    deps.logs.remove(containerID);
    link?.release();
    files?.close();
    if (stdinPort) deps.stdin?.close(podUID, container.name, stdinPort);
    return { waiting: { reason: 'RunContainerError', message }, imageID: image.imageID };
  }
  if (stdinPort) {
    void started.exited.then(() => deps.stdin?.close(podUID, container.name, stdinPort));
  }
  if (link) {
    link.attach(started);
    void started.exited.then(() => link.release());
  }
  if (files) {
    files.bind(started);
    void started.exited.then(() => files.close());
  }
  event('Normal', 'Started', `Started container ${container.name}`);
  return { started, containerID, imageID: image.imageID, startedAt: deps.clock.now(), env };
}

/** The pod as the node's network knows it: its IP and the names DNS gives it. */
export function podIdentity(pod: Pod, ip: string): PodNetworkIdentity {
  return {
    uid: pod.metadata.uid ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name ?? '',
    ip,
    hostname: podHostname(pod),
    subdomain: pod.spec.subdomain,
  };
}

/** The container's TCP ports: each gets a preopened listening socket. */
function tcpPorts(container: Container): number[] {
  return (container.ports ?? [])
    .filter((port) => (port.protocol ?? 'TCP') === 'TCP')
    .map((port) => port.containerPort);
}

/** A new container ID in the runtime's form: `wasi://` and 64 hex digits. */
export function randomContainerID(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `wasi://${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
