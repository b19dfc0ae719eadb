import { rfc3339 } from '../../kernel/clock/clock.ts';
import type { Pod, PodCondition, PodStatus } from '../../kernel/types/core.ts';
import { toContainerStatus, type ContainerRecord } from './container-record.ts';
import { kubeletConditions, kubeletConditionTypes } from './pod-conditions.ts';
import { podPhase } from './pod-phase.ts';

export interface PodStatusInput {
  /** The pod as the API server has it now: spec, generation and the status to build on. */
  pod: Pod;
  initRecords: ContainerRecord[];
  records: ContainerRecord[];
  hostIP: string;
  podIP?: string;
  sandboxReady: boolean;
  /** When the kubelet first accepted the pod (cluster ms). */
  startTime?: number;
  /** The pod is being torn down for good (deleted, or finished): no container will restart. */
  terminal: boolean;
  now: number;
}

/**
 * The pod status the kubelet writes (generateAPIPodStatus with the status manager's merge):
 * container statuses from its records, the phase from them (never leaving a terminal phase),
 * its own conditions after the conditions others own, each condition's lastTransitionTime
 * kept unless its status changed, and observedGeneration set to the pod's generation, as the
 * 1.34 kubelet does.
 */
export function generatePodStatus(input: PodStatusInput): PodStatus {
  const { pod } = input;
  const old = pod.status ?? {};
  const hasInit = (pod.spec.initContainers ?? []).length > 0;
  const defaultWaiting = hasInit ? 'PodInitializing' : 'ContainerCreating';
  const initStatuses = input.initRecords.map((r) => toContainerStatus(r, defaultWaiting));
  const statuses = input.records.map((r) => toContainerStatus(r, defaultWaiting));

  let phase = podPhase(pod.spec, initStatuses, statuses, input.terminal);
  // A pod torn down for good ends Succeeded or Failed (the status manager's TerminatePod).
  if (input.terminal && (phase === 'Pending' || phase === 'Running')) phase = 'Failed';
  // Pods never leave a terminal phase.
  if (old.phase === 'Succeeded' || old.phase === 'Failed') phase = old.phase;

  const now = rfc3339(input.now);
  const generation = pod.metadata.generation;
  const others = (old.conditions ?? []).filter((c) => !kubeletConditionTypes.has(c.type));
  const owned = kubeletConditions({
    spec: pod.spec,
    phase,
    initStatuses,
    statuses,
    sandboxReady: input.sandboxReady,
    otherConditions: others,
  }).map((condition) => {
    const previous = old.conditions?.find((c) => c.type === condition.type);
    const stamped: PodCondition = {
      type: condition.type,
      status: condition.status,
      lastProbeTime: null,
      lastTransitionTime:
        previous && previous.status === condition.status && previous.lastTransitionTime
          ? previous.lastTransitionTime
          : now,
    };
    if (condition.reason) stamped.reason = condition.reason;
    if (condition.message) stamped.message = condition.message;
    if (generation !== undefined) stamped.observedGeneration = generation;
    return stamped;
  });

  const status: PodStatus = {};
  if (generation !== undefined) status.observedGeneration = generation;
  status.phase = phase;
  status.conditions = [...others, ...owned];
  if (phase === old.phase) {
    if (old.reason) status.reason = old.reason;
    if (old.message) status.message = old.message;
  }
  status.hostIP = input.hostIP;
  status.hostIPs = [{ ip: input.hostIP }];
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  const startTime =
    old.startTime ?? (input.startTime !== undefined ? rfc3339(input.startTime) : undefined);
  if (startTime) status.startTime = startTime;
  if (hasInit) status.initContainerStatuses = initStatuses;
  status.containerStatuses = statuses;
  if (old.qosClass) status.qosClass = old.qosClass;
  return status;
}
