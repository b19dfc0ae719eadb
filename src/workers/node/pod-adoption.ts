import type { ContainerStateTerminated, ContainerStatus, Pod } from '../../kernel/types/core.ts';
import {
  newContainerRecord,
  type ContainerRecord,
  type TerminatedState,
} from './container-record.ts';

/** lastState of a container that was running when the kubelet lost it (kubelet wording, two spaces included). */
const lostRunning =
  'The container could not be located when the pod was deleted.  The container used to be Running';

/**
 * The records of a pod's containers when the kubelet takes up a pod it finds bound to its
 * node, as a kubelet does after a restart on a node whose runtime kept nothing (here: a page
 * reload). Containers whose status said running are gone: they show as waiting with a
 * `ContainerStatusUnknown` (137) lastState and one more restart, as the kubelet reports a
 * container it can no longer locate. Containers that had ended keep that end and count their
 * next start as a restart. Every instance is marked lost: init containers run again in a new
 * sandbox, as after a node reboot.
 */
export function adoptContainerRecords(pod: Pod): {
  init: ContainerRecord[];
  regular: ContainerRecord[];
} {
  const deleting = !!pod.metadata.deletionTimestamp;
  const adopt = (
    name: string,
    image: string,
    init: boolean,
    old?: ContainerStatus,
    sidecar = false,
  ) => {
    const record = newContainerRecord(name, image, init, sidecar);
    if (!old) return record;
    record.restartCount = old.restartCount ?? 0;
    record.imageID = old.imageID ?? '';
    const previous = old.lastState?.terminated;
    if (previous) record.last = fromApi(previous);
    const state = old.state ?? {};
    if (state.running) {
      record.last = { exitCode: 137, reason: 'ContainerStatusUnknown', message: lostRunning };
      if (!deleting) record.restartCount++;
    } else if (state.terminated) {
      record.instance = {
        containerID: old.containerID ?? state.terminated.containerID ?? '',
        startedAt: Date.parse(state.terminated.startedAt ?? '') || 0,
        exit: fromApi(state.terminated),
        lost: true,
      };
      record.restartPending = true;
    } else if (previous) {
      record.restartPending = true;
    }
    return record;
  };
  const status = pod.status ?? {};
  return {
    init: (pod.spec.initContainers ?? []).map((c) =>
      adopt(
        c.name,
        c.image ?? '',
        true,
        status.initContainerStatuses?.find((s) => s.name === c.name),
        c.restartPolicy === 'Always',
      ),
    ),
    regular: pod.spec.containers.map((c) =>
      adopt(
        c.name,
        c.image ?? '',
        false,
        status.containerStatuses?.find((s) => s.name === c.name),
      ),
    ),
  };
}

function fromApi(t: ContainerStateTerminated): TerminatedState {
  const state: TerminatedState = { exitCode: t.exitCode, reason: t.reason ?? '' };
  if (t.message) state.message = t.message;
  const started = Date.parse(t.startedAt ?? '');
  const finished = Date.parse(t.finishedAt ?? '');
  if (!Number.isNaN(started)) state.startedAt = started;
  if (!Number.isNaN(finished)) state.finishedAt = finished;
  if (t.containerID) state.containerID = t.containerID;
  return state;
}
