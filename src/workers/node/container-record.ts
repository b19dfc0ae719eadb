import { rfc3339 } from '../../kernel/clock/clock.ts';
import type { ContainerState, ContainerStatus } from '../../kernel/types/core.ts';
import type { RunningContainer } from '../runtime/types.ts';

/** How an instance ended, in cluster time. */
export interface TerminatedState {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt?: number;
  /** Unset when the kubelet could not learn when it ended (the instance was lost). */
  finishedAt?: number;
  containerID?: string;
}

/** One run of a container: what the runtime started. */
export interface ContainerInstance {
  containerID: string;
  startedAt: number;
  running?: RunningContainer;
  /** Set once it has ended. */
  exit?: TerminatedState;
  /** Known only from the pod status an earlier kubelet wrote; the runtime no longer has it. */
  lost?: boolean;
  /** The environment it was started with (what `kubectl exec` sees). */
  env?: [string, string][];
  /** Its probes, while it runs; without any it is ready and started as soon as it runs. */
  probes?: { readonly ready: boolean; readonly started: boolean; stop(): void };
}

/**
 * The kubelet's record of one container of a pod (init or regular) across its instances:
 * what `containerStatuses[]` is made from.
 */
export interface ContainerRecord {
  readonly name: string;
  readonly init: boolean;
  /** An init container with `restartPolicy: Always` (a sidecar): it keeps running beside the containers. */
  readonly sidecar: boolean;
  /** The image as the pod spec names it. */
  image: string;
  /** The resolved image's ID, once pulled. */
  imageID: string;
  restartCount: number;
  /** The next start replaces an earlier instance, so it counts as a restart. */
  restartPending: boolean;
  /** The latest instance, running or ended and not yet replaced. */
  instance?: ContainerInstance;
  /** The instance before, as `lastState` shows it. */
  last?: TerminatedState;
  /** Why it is not running now (ErrImagePull, CrashLoopBackOff...), shown instead of an ended instance. */
  waiting?: { reason: string; message?: string };
}

export function newContainerRecord(
  name: string,
  image: string,
  init: boolean,
  sidecar = false,
): ContainerRecord {
  return { name, init, sidecar, image, imageID: '', restartCount: 0, restartPending: false };
}

/** True once a running instance has started: its startup probe, if any, has succeeded. */
export function hasStarted(record: ContainerRecord): boolean {
  return isRunning(record) && (record.instance!.probes?.started ?? true);
}

/** True while the record's latest instance runs. */
export function isRunning(record: ContainerRecord): boolean {
  return !!record.instance && !record.instance.exit;
}

/**
 * The record as a ContainerStatus, shaped as the kubelet shapes it: a container or sidecar with
 * no readiness probe is ready while it runs (with one, once it has passed); an init container
 * that completed is ready, a sidecar that ended is not; a waiting container that ran before
 * shows that run as `lastState`.
 */
export function toContainerStatus(
  record: ContainerRecord,
  defaultWaiting: string,
): ContainerStatus {
  const instance = record.instance;
  let state: ContainerState;
  let lastState: ContainerState = record.last ? { terminated: terminated(record.last) } : {};
  let ready = false;
  let started = false;
  if (instance && !instance.exit) {
    state = { running: { startedAt: rfc3339(instance.startedAt) } };
    ready = (!record.init || record.sidecar) && (instance.probes?.ready ?? true);
    started = instance.probes?.started ?? true;
  } else if (instance?.exit && record.waiting) {
    state = { waiting: waiting(record.waiting) };
    lastState = { terminated: terminated(instance.exit) };
  } else if (instance?.exit) {
    state = { terminated: terminated(instance.exit) };
    ready = record.init && !record.sidecar && instance.exit.exitCode === 0;
  } else {
    state = { waiting: waiting(record.waiting ?? { reason: defaultWaiting }) };
  }
  const status: ContainerStatus = {
    name: record.name,
    state,
    lastState,
    ready,
    restartCount: record.restartCount,
    image: record.image,
    imageID: record.imageID,
    started,
  };
  if (instance?.containerID) status.containerID = instance.containerID;
  return status;
}

function waiting(w: { reason: string; message?: string }): { reason: string; message?: string } {
  return w.message ? { reason: w.reason, message: w.message } : { reason: w.reason };
}

function terminated(t: TerminatedState): NonNullable<ContainerState['terminated']> {
  const out: NonNullable<ContainerState['terminated']> = { exitCode: t.exitCode, reason: t.reason };
  if (t.message) out.message = t.message;
  if (t.startedAt !== undefined) out.startedAt = rfc3339(t.startedAt);
  if (t.finishedAt !== undefined) out.finishedAt = rfc3339(t.finishedAt);
  if (t.containerID) out.containerID = t.containerID;
  return out;
}
