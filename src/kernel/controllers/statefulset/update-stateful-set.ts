/**
 * One pass of the StatefulSet control loop (stateful_set_control.go updateStatefulSet): pods
 * inside the ordinal range are made to exist, in order and one at a time under OrderedReady
 * (each waits for the one before to be Running and Ready), all at once under Parallel;
 * finished pods are deleted to be made again under the same name; pods past the range are
 * deleted from the highest ordinal down; then a RollingUpdate replaces pods not at the update
 * revision from the highest ordinal down to the partition, one unavailable pod at a time (or
 * maxUnavailable), while OnDelete waits for the user to delete them.
 */
import { isNotFound } from '../../api/errors.ts';
import type { EventRecorder } from '../../client/event-recorder.ts';
import type { Pod } from '../../types/core.ts';
import type {
  ControllerRevision,
  StatefulSet,
  StatefulSetStatus,
} from '../../types/statefulset.ts';
import { slowStartBatch } from '../util/slow-start-batch.ts';
import {
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  replicaCounts,
} from './pod-state.ts';
import { applyRevision } from './set-revisions.ts';
import type { StatefulPodControl } from './stateful-pod-control.ts';
import {
  identityMatches,
  inOrdinalRange,
  newStatefulSetPod,
  ordinalOf,
  podRevision,
  revisionLabel,
  startOrdinal,
  storageMatches,
} from './stateful-pod-identity.ts';

export interface UpdateContext {
  control: StatefulPodControl;
  events: EventRecorder;
  now: number;
}

/** The status this pass computed, and the error that cut it short, if any. */
export interface UpdateResult {
  status: StatefulSetStatus;
  error?: unknown;
}

/** newVersionedStatefulSetPod: ordinals below the partition get the current revision. */
function newVersionedPod(
  currentSet: StatefulSet,
  updateSet: StatefulSet,
  current: ControllerRevision,
  update: ControllerRevision,
  ordinal: number,
): Pod {
  const strategy = currentSet.spec.updateStrategy;
  const start = startOrdinal(currentSet);
  const partition = strategy?.rollingUpdate?.partition;
  const keepsCurrent =
    (strategy?.type === 'RollingUpdate' &&
      strategy.rollingUpdate === undefined &&
      ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (strategy?.rollingUpdate !== undefined && ordinal < start + (partition ?? 0));
  const set = keepsCurrent ? currentSet : updateSet;
  const pod = newStatefulSetPod(set, ordinal);
  pod.metadata.labels = {
    ...pod.metadata.labels,
    [revisionLabel]: (keepsCurrent ? current : update).metadata.name ?? '',
  };
  return pod;
}

/**
 * runForAll: in order, stopping at the first pod that blocks (monotonic), or in slow-start
 * batches (burst). Resolves true when the pass must stop here.
 */
async function runForAll(
  count: number,
  fn: (i: number) => Promise<boolean>,
  monotonic: boolean,
): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < count; i++) if (await fn(i)) return true;
    return false;
  }
  let next = 0;
  const { error } = await slowStartBatch(count, 1, async () => {
    await fn(next++);
  });
  if (error !== undefined) throw error;
  return false;
}

/** getStatefulSetMaxUnavailable: an int, or a percentage of the replicas rounded down; ≥ 1. */
function maxUnavailableOf(set: StatefulSet, replicas: number): number {
  const value = set.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  const n =
    typeof value === 'number'
      ? value
      : /^[0-9]+%$/.test(value)
        ? Math.floor((Number(value.slice(0, -1)) * replicas) / 100)
        : Number(value);
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

/** updateStatefulSet: everything but revision bookkeeping and the status write. */
export async function updateStatefulSet(
  ctx: UpdateContext,
  set: StatefulSet,
  current: ControllerRevision,
  update: ControllerRevision,
  collisionCount: number,
  pods: readonly Pod[],
): Promise<UpdateResult> {
  const { control, now } = ctx;
  const currentSet = applyRevision(set, current);
  const updateSet = applyRevision(set, update);
  const minReadySeconds = set.spec.minReadySeconds ?? 0;
  const status: StatefulSetStatus = {
    replicas: 0,
    observedGeneration: set.metadata.generation,
    currentRevision: current.metadata.name,
    updateRevision: update.metadata.name,
    collisionCount,
  };
  const setCounts = (...lists: (readonly Pod[])[]) =>
    Object.assign(status, replicaCounts(lists, minReadySeconds, current, update, now));
  setCounts(pods);

  const replicaCount = set.spec.replicas ?? 1;
  const start = startOrdinal(set);
  const replicas: Pod[] = new Array(replicaCount);
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (inOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  for (let i = 0; i < replicaCount; i++)
    replicas[i] ??= newVersionedPod(currentSet, updateSet, current, update, start + i);
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));

  let firstUnavailable: Pod | undefined;
  for (const pod of replicas) {
    if (isUnavailable(pod, minReadySeconds, now)) {
      firstUnavailable ??= pod;
    }
  }
  for (let i = condemned.length - 1; i >= 0; i--) {
    if (isUnavailable(condemned[i], minReadySeconds, now)) firstUnavailable ??= condemned[i];
  }

  if (set.metadata.deletionTimestamp) return { status };

  const monotonic = set.spec.podManagementPolicy !== 'Parallel';
  const stopWith = (error?: unknown): UpdateResult => {
    setCounts(replicas, condemned);
    return error === undefined ? { status } : { status, error };
  };

  const processReplica = async (i: number): Promise<boolean> => {
    const pod = replicas[i];
    if (isFailed(pod) || isSucceeded(pod)) {
      if (!isTerminating(pod)) {
        const failed = isFailed(pod);
        void ctx.events.record(
          set,
          failed ? 'Warning' : 'Normal',
          failed ? 'RecreatingFailedPod' : 'RecreatingTerminatedPod',
          `StatefulSet ${set.metadata.namespace}/${set.metadata.name} is recreating ${failed ? 'failed' : 'terminated'} Pod ${pod.metadata.name}`,
        );
        await control.deletePod(set, pod);
      }
      // The new pod is made on a later pass, once the old one is gone from the API.
      return true;
    }
    if (!isCreated(pod)) {
      // A claim still owned by an earlier pod of this name waits for the garbage collector.
      if (control.claimIsStale(set, pod)) return true;
      const created = await control.createPod(set, pod);
      if (monotonic || !created) return true;
    }
    if (isPending(pod)) await control.createMissingClaims(set, pod);
    if (!monotonic) return false;
    if (isTerminating(pod)) return true;
    if (!isRunningAndReady(pod)) return true;
    if (!isRunningAndAvailable(pod, minReadySeconds, now)) return true;
    if (
      identityMatches(set, pod) &&
      storageMatches(set, pod) &&
      control.claimsMatchPolicy(updateSet, pod)
    )
      return false;
    await control.updatePod(updateSet, pod);
    return false;
  };
  try {
    if (await runForAll(replicaCount, processReplica, monotonic)) return stopWith();
  } catch (err) {
    return stopWith(err);
  }

  const fixClaims = async (i: number): Promise<boolean> => {
    const pod = condemned[i];
    if (!control.claimsMatchPolicy(updateSet, pod))
      await control.updateClaimsForPolicy(updateSet, pod);
    return false;
  };
  try {
    if (await runForAll(condemned.length, fixClaims, monotonic)) return stopWith();
  } catch (err) {
    return stopWith(err);
  }

  const processCondemned = async (i: number): Promise<boolean> => {
    const pod = condemned[i];
    if (isTerminating(pod)) return monotonic;
    if (monotonic && pod !== firstUnavailable) {
      if (!isRunningAndReady(pod)) return true;
      if (!isRunningAndAvailable(pod, minReadySeconds, now)) return true;
    }
    await control.deletePod(set, pod);
    return true;
  };
  try {
    if (await runForAll(condemned.length, processCondemned, monotonic)) return stopWith();
  } catch (err) {
    return stopWith(err);
  }

  setCounts(replicas, condemned);
  if (set.spec.updateStrategy?.type === 'OnDelete') return { status };

  const partition = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  const updateName = update.metadata.name;
  if (set.spec.updateStrategy?.rollingUpdate?.maxUnavailable !== undefined) {
    // updateStatefulSetAfterInvariantEstablished: up to maxUnavailable pods at once.
    const maxUnavailable = maxUnavailableOf(set, replicaCount);
    const unavailable = replicas.filter((p) => isUnavailable(p, minReadySeconds, now)).length;
    if (unavailable > maxUnavailable) return { status };
    let deleted = 0;
    for (
      let t = replicas.length - 1;
      t >= partition && deleted < maxUnavailable - unavailable;
      t--
    ) {
      const pod = replicas[t];
      if (podRevision(pod) === updateName || isTerminating(pod)) continue;
      try {
        await control.deletePod(set, pod);
      } catch (err) {
        if (!isNotFound(err)) return { status, error: err };
      }
      deleted++;
      status.currentReplicas = (status.currentReplicas ?? 0) - 1;
    }
    return { status };
  }
  for (let t = replicas.length - 1; t >= partition; t--) {
    const pod = replicas[t];
    if (podRevision(pod) !== updateName && !isTerminating(pod)) {
      try {
        await control.deletePod(set, pod);
      } catch (err) {
        if (!isNotFound(err)) return { status, error: err };
      }
      status.currentReplicas = (status.currentReplicas ?? 0) - 1;
      return { status };
    }
    if (isUnavailable(pod, minReadySeconds, now)) return { status };
  }
  return { status };
}
