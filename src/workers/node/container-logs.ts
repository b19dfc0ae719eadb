import { badRequest, type StatusError } from '../../kernel/api/errors.ts';
import type { ContainerStatus, Pod, PodStatus } from '../../kernel/types/core.ts';
import type { LogReadOptions, LogStore } from './log-store.ts';

export interface ContainerLogOptions extends LogReadOptions {
  /** The instance before the current one (`kubectl logs --previous`). */
  previous?: boolean;
}

/**
 * A container's log as `GET pods/{name}/log` answers it: the container is chosen as the API
 * server chooses it (the only one, else it must be named), the instance as the kubelet
 * chooses it from the pod status (current, or `previous`), and the failures are 400s worded as
 * theirs (`container "x" in pod "y" is waiting to start: ContainerCreating`). `status` is the
 * kubelet's latest view of the pod, which may be newer than the pod's.
 */
export function containerLogs(
  pod: Pod,
  status: PodStatus,
  store: LogStore,
  containerName: string | undefined,
  options: ContainerLogOptions = {},
): string | StatusError {
  const name = pod.metadata.name ?? '';
  const chosen = chooseContainer(pod, containerName);
  if (typeof chosen !== 'string') return chosen;
  const containerID = instanceFor(name, status, chosen, options.previous ?? false);
  if (typeof containerID !== 'string') return containerID;
  // An instance whose output is gone (it ran before this kubelet started) reads as empty.
  return store.read(containerID, options) ?? '';
}

/** The API server's LogLocation: a named container must exist; an unnamed one must be the only one. */
function chooseContainer(pod: Pod, requested: string | undefined): string | StatusError {
  const name = pod.metadata.name ?? '';
  const init = (pod.spec.initContainers ?? []).map((c) => c.name);
  const regular = pod.spec.containers.map((c) => c.name);
  if (requested) {
    if (!init.includes(requested) && !regular.includes(requested)) {
      return badRequest(`container ${requested} is not valid for pod ${name}`);
    }
    return requested;
  }
  if (regular.length === 1) return regular[0];
  if (regular.length === 0) return badRequest(`a container name must be specified for pod ${name}`);
  const initHint = init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : '';
  return badRequest(
    `a container name must be specified for pod ${name}, choose one of: [${regular.join(' ')}]${initHint}`,
  );
}

/** The kubelet's validateContainerLogStatus: which instance's log to read. */
function instanceFor(
  podName: string,
  status: PodStatus,
  container: string,
  previous: boolean,
): string | StatusError {
  const found: ContainerStatus | undefined =
    status.containerStatuses?.find((s) => s.name === container) ??
    status.initContainerStatuses?.find((s) => s.name === container);
  const subject = `container "${container}" in pod "${podName}"`;
  if (!found) return badRequest(`${subject} is not available`);
  const last = found.lastState?.terminated;
  const { waiting, running, terminated } = found.state ?? {};
  if (previous) {
    if (!last?.containerID) {
      return badRequest(
        `previous terminated container "${container}" in pod "${podName}" not found`,
      );
    }
    return last.containerID;
  }
  if (running) return found.containerID ?? '';
  if (terminated) {
    if (terminated.containerID) return terminated.containerID;
    if (last?.containerID) return last.containerID;
    return badRequest(`${subject} is terminated`);
  }
  if (last) {
    if (last.containerID) return last.containerID;
    return badRequest(`${subject} is terminated`);
  }
  if (waiting) {
    switch (waiting.reason) {
      case 'ErrImagePull':
        return badRequest(`${subject} is waiting to start: image can't be pulled`);
      case 'ImagePullBackOff':
        return badRequest(`${subject} is waiting to start: trying and failing to pull image`);
      default:
        return badRequest(`${subject} is waiting to start: ${waiting.reason ?? ''}`);
    }
  }
  return badRequest(`${subject} is waiting to start - no logs yet`);
}
