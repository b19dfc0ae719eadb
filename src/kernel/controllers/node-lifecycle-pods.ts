import { isConflict, isNotFound } from '../api/errors.ts';
import { pods } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import type { Pod, PodCondition, PodStatus } from '../types/core.ts';

/** Attempts at a pod status write that keeps conflicting. */
const writeAttempts = 5;

/**
 * Sets a pod condition as the pod utilities do: lastTransitionTime moves to `now` only when
 * the status changes. Returns whether anything changed.
 */
export function updatePodCondition(
  status: PodStatus,
  condition: PodCondition,
  now: string,
): boolean {
  const conditions = (status.conditions ??= []);
  const index = conditions.findIndex((c) => c.type === condition.type);
  const next: PodCondition = { ...condition, lastTransitionTime: now };
  if (index < 0) {
    conditions.push(next);
    return true;
  }
  const old = conditions[index];
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime;
  const same =
    old.status === next.status &&
    old.reason === next.reason &&
    old.message === next.message &&
    (old.lastProbeTime ?? null) === (next.lastProbeTime ?? null) &&
    old.lastTransitionTime === next.lastTransitionTime;
  conditions[index] = next;
  return !same;
}

/**
 * Applies `change` to the live pod's status and writes it through `/status`, re-reading on
 * conflicts; `change` returns false when there is nothing to write. Resolves the pod as
 * written (or as found), or undefined when it is gone.
 */
export async function updatePodStatus(
  client: Client,
  namespace: string,
  name: string,
  change: (pod: Pod) => boolean,
): Promise<Pod | undefined> {
  for (let attempt = 1; ; attempt++) {
    let pod: Pod;
    try {
      pod = await client.get<Pod>(pods, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    pod.status ??= {};
    if (!change(pod)) return pod;
    try {
      return await client.updateStatus<Pod>(pods, pod);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      if (!isConflict(err) || attempt >= writeAttempts) throw err;
    }
  }
}

/**
 * MarkPodsNotReady: sets the Ready condition of the node's pods to False and records a
 * `NodeNotReady` warning on each pod changed. Returns the errors met (the caller retries).
 */
export async function markPodsNotReady(
  client: Client,
  events: EventRecorder,
  podsOnNode: Pod[],
  nodeName: string,
  now: string,
): Promise<string[]> {
  const errors: string[] = [];
  for (const cached of podsOnNode) {
    if (cached.spec.nodeName !== nodeName) continue;
    const ready = cached.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    try {
      let changed = false;
      const { namespace = '', name = '' } = cached.metadata;
      const pod = await updatePodStatus(client, namespace, name, (live) => {
        const current = live.status?.conditions?.find((c) => c.type === 'Ready');
        changed =
          !!current && updatePodCondition(live.status!, { ...current, status: 'False' }, now);
        return changed;
      });
      // Recorded after the write, so the event is about a pod that still exists.
      if (pod && changed) void events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  return errors;
}
