/**
 * The READY, STATUS and RESTARTS cells of `kubectl get pods`, computed from a Pod as the API
 * server's table printer does (kubernetes pkg/printers/internalversion printPod), so that the
 * page and kubectl show a pod the same way.
 */
import type { Container, ContainerStatus, Pod } from '../types/core.ts';
import { humanDuration } from './duration.ts';

/** What printPod derives in one pass; the exported cells read parts of it. */
interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** ms since the epoch of the newest restart counted, or undefined (Go's zero time). */
  lastRestart: number | undefined;
}

/** A sidecar: an init container that keeps running next to the app containers. */
function isRestartableInitContainer(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function finishedAt(status: ContainerStatus): number | undefined {
  const at = status.lastState?.terminated?.finishedAt;
  const ms = at ? Date.parse(at) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

function conditionTrue(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

function summarize(pod: Pod): PodSummary {
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  let reason: string = status.reason || phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = new Map<string, Container>();
  let total = pod.spec?.containers?.length ?? 0;
  for (const c of pod.spec?.initContainers ?? []) {
    initSpecs.set(c.name, c);
    if (isRestartableInitContainer(c)) total++;
  }

  let ready = 0;
  let restarts = 0;
  let lastRestart: number | undefined;
  let sidecarRestarts = 0;
  let lastSidecarRestart: number | undefined;
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    const sidecar = isRestartableInitContainer(initSpecs.get(c.name));
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, finishedAt(c));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finishedAt(c));
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    // The first init container that has not finished decides the status.
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`;
      else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
      else reason = `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${pod.spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    // Once initialized, finished init containers' restarts no longer count; sidecars' do.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Scanned last to first, so the first container with a problem names the status.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, finishedAt(c));
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) {
        reason = terminated.signal
          ? `Signal:${terminated.signal}`
          : `ExitCode:${terminated.exitCode}`;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp) {
    if (status.reason === 'NodeLost') reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  }
  return { ready, total, reason, restarts, lastRestart };
}

/**
 * kubectl's STATUS for a pod: the phase, or the reason that explains it best (`Init:0/1`,
 * `ContainerCreating`, `CrashLoopBackOff`, `OOMKilled`, `ExitCode:3`, `Completed`,
 * `Terminating`, `Unknown` for a deleted pod on a lost node, `Evicted`, `SchedulingGated`).
 */
export function podStatus(pod: Pod): string {
  return summarize(pod).reason;
}

/**
 * kubectl's READY for a pod, `ready/total`: total counts app containers and sidecars; a
 * container is ready when it runs and reports ready.
 */
export function podReady(pod: Pod): string {
  const s = summarize(pod);
  return `${s.ready}/${s.total}`;
}

/**
 * kubectl's RESTARTS for a pod at cluster time `now` (ms since the epoch): the restart count,
 * with how long ago the last counted restart ended when that is known (`3 (5m12s ago)`).
 */
export function podRestarts(pod: Pod, now: number): string {
  const s = summarize(pod);
  if (s.restarts !== 0 && s.lastRestart !== undefined) {
    return `${s.restarts} (${humanDuration(now - s.lastRestart)} ago)`;
  }
  return String(s.restarts);
}

/** The restart count alone (the number in podRestarts), for views that show it as a badge. */
export function podRestartCount(pod: Pod): number {
  return summarize(pod).restarts;
}
