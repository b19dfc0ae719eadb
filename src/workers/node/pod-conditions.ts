import type { ContainerStatus, PodCondition, PodPhase, PodSpec } from '../../kernel/types/core.ts';
import { anyRegularContainerStarted } from './pod-phase.ts';

/** The pod conditions the kubelet owns; every other condition is someone else's and kept. */
export const kubeletConditionTypes: ReadonlySet<string> = new Set([
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
]);

type Condition = Pick<PodCondition, 'type' | 'status' | 'reason' | 'message'>;

export interface ConditionInput {
  spec: PodSpec;
  phase: PodPhase;
  initStatuses: ContainerStatus[];
  statuses: ContainerStatus[];
  /** The pod's sandbox exists (it has its IP and has not been torn down). */
  sandboxReady: boolean;
  /** Conditions others own, for readiness gates. */
  otherConditions: PodCondition[];
}

/**
 * The kubelet's conditions in the order it writes them (PodReadyToStartContainers,
 * Initialized, Ready, ContainersReady, PodScheduled), with the reasons and messages of
 * pkg/kubelet/status/generate.go (`containers with unready status: [app]`). Timestamps are
 * set by the caller.
 */
export function kubeletConditions(input: ConditionInput): Condition[] {
  const containersReady = containersReadyCondition(input);
  return [
    { type: 'PodReadyToStartContainers', status: input.sandboxReady ? 'True' : 'False' },
    initializedCondition(input),
    readyCondition(input, containersReady),
    containersReady,
    { type: 'PodScheduled', status: 'True' },
  ];
}

function containersReadyCondition(input: ConditionInput): Condition {
  const { phase } = input;
  const unknown: string[] = [];
  const unready: string[] = [];
  // Sidecars first: their readiness counts as the containers' does.
  for (const container of input.spec.initContainers ?? []) {
    if (container.restartPolicy !== 'Always') continue;
    const status = input.initStatuses.find((s) => s.name === container.name);
    if (!status) unknown.push(container.name);
    else if (!status.ready) unready.push(container.name);
  }
  for (const container of input.spec.containers) {
    const status = input.statuses.find((s) => s.name === container.name);
    if (!status) unknown.push(container.name);
    else if (!status.ready) unready.push(container.name);
  }
  if ((phase === 'Succeeded' && unknown.length === 0) || phase === 'Failed') {
    return {
      type: 'ContainersReady',
      status: 'False',
      reason: phase === 'Failed' ? 'PodFailed' : 'PodCompleted',
    };
  }
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length > 0) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length > 0) {
    return {
      type: 'ContainersReady',
      status: 'False',
      reason: 'ContainersNotReady',
      message: messages.join(', '),
    };
  }
  return { type: 'ContainersReady', status: 'True' };
}

function readyCondition(input: ConditionInput, containersReady: Condition): Condition {
  if (containersReady.status !== 'True') {
    const ready: Condition = { type: 'Ready', status: containersReady.status };
    if (containersReady.reason) ready.reason = containersReady.reason;
    if (containersReady.message) ready.message = containersReady.message;
    return ready;
  }
  const gates = (input.spec.readinessGates ?? []) as { conditionType: string }[];
  const messages: string[] = [];
  for (const gate of gates) {
    const condition = input.otherConditions.find((c) => c.type === gate.conditionType);
    if (!condition) {
      messages.push(
        `corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`,
      );
    } else if (condition.status !== 'True') {
      messages.push(
        `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${condition.status}`,
      );
    }
  }
  if (messages.length > 0) {
    return {
      type: 'Ready',
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: messages.join(', '),
    };
  }
  return { type: 'Ready', status: 'True' };
}

function initializedCondition(input: ConditionInput): Condition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const container of input.spec.initContainers ?? []) {
    const status = input.initStatuses.find((s) => s.name === container.name);
    if (!status) unknown.push(container.name);
    else if (container.restartPolicy === 'Always' ? !status.started : !status.ready) {
      // A sidecar has initialized once started; an init container once it succeeded.
      incomplete.push(container.name);
    }
  }
  if (input.phase === 'Succeeded' && unknown.length === 0) {
    return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  }
  if (anyRegularContainerStarted(input.statuses)) return { type: 'Initialized', status: 'True' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length > 0) {
    messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  }
  if (messages.length > 0) {
    return {
      type: 'Initialized',
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: messages.join(', '),
    };
  }
  return { type: 'Initialized', status: 'True' };
}

/** A string slice as Go's %s prints it: `[a b]`. */
function goList(names: string[]): string {
  return `[${names.join(' ')}]`;
}
