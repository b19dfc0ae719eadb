import type { ContainerStatus, PodPhase, PodSpec } from '../../kernel/types/core.ts';

/**
 * The pod phase from its container statuses, as the kubelet's getPhase computes it: Pending
 * until every init container succeeded, every sidecar started and every container started;
 * Running while one (sidecars included) runs or a stopped one will restart; Succeeded or
 * Failed once all containers stopped for good, whatever became of the sidecars. A `terminal`
 * pod (being deleted, its containers killed) is Succeeded or Failed whatever its restart policy.
 */
export function podPhase(
  spec: PodSpec,
  initStatuses: ContainerStatus[],
  statuses: ContainerStatus[],
  terminal: boolean,
): PodPhase {
  const policy = spec.restartPolicy ?? 'Always';
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const container of spec.initContainers ?? []) {
    // Sidecars are counted below, with the containers.
    if (container.restartPolicy === 'Always') continue;
    const status = initStatuses.find((s) => s.name === container.name);
    const state = status?.state;
    if (!status || !state) {
      pendingInitialization++;
    } else if (state.running) {
      pendingInitialization++;
    } else if (state.terminated) {
      if (state.terminated.exitCode !== 0) failedInitialization++;
    } else if (state.waiting) {
      const last = status.lastState?.terminated;
      if (!last) pendingInitialization++;
      else if (last.exitCode !== 0) failedInitialization++;
    } else {
      pendingInitialization++;
    }
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  // A running sidecar counts as running (pending initialization until it has started); an
  // ended one counts for nothing, so a Job-like pod ends with its containers.
  for (const container of spec.initContainers ?? []) {
    if (container.restartPolicy !== 'Always') continue;
    const status = initStatuses.find((s) => s.name === container.name);
    const state = status?.state;
    if (!status || !state) {
      unknown++;
    } else if (state.running) {
      if (!status.started) pendingInitialization++;
      running++;
    } else if (state.terminated) {
      // not counted
    } else if (state.waiting) {
      if (!status.lastState?.terminated) {
        pendingInitialization++;
        waiting++;
      }
    } else {
      pendingInitialization++;
      unknown++;
    }
  }
  for (const container of spec.containers) {
    const status = statuses.find((s) => s.name === container.name);
    const state = status?.state;
    if (!status || !state) {
      unknown++;
    } else if (state.running) {
      running++;
    } else if (state.terminated) {
      stopped++;
      if (state.terminated.exitCode === 0) succeeded++;
    } else if (state.waiting) {
      if (status.lastState?.terminated) stopped++;
      else waiting++;
    } else {
      unknown++;
    }
  }

  if (failedInitialization > 0 && policy === 'Never') return 'Failed';
  if ((pendingInitialization > 0 && !anyRegularContainerStarted(statuses)) || waiting > 0) {
    return 'Pending';
  }
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** True when a regular container runs or has run (the pod was initialized at some point). */
export function anyRegularContainerStarted(statuses: ContainerStatus[]): boolean {
  return statuses.some((s) => !!s.state?.running || !!s.state?.terminated);
}
