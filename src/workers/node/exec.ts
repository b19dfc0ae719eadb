import { badRequest, notFound, StatusError, type Status } from '../../kernel/api/errors.ts';
import type { Container, Pod, PodStatus } from '../../kernel/types/core.ts';
import type {
  ContainerRuntime,
  ImageRegistry,
  LogStream,
  RunningContainer,
} from '../runtime/types.ts';
import { runsProgram, standInByName } from '../runtime/stand-ins.ts';
import {
  containerEnvironment,
  cpuLimitMillicores,
  memoryLimitBytes,
  type ServiceEnvSource,
} from './container-env.ts';
import type { ContainerFiles } from './volumes/pod-volumes.ts';
import type { ContainerNetworkHandle } from './network/node-network.ts';
import {
  distroUtilities,
  hasUtility,
  toolboxApplets as standInApplets,
} from '../runtime/stand-ins.ts';
import { findStandIn } from '../runtime/find-stand-in.ts';
import { mergeEnv } from '../runtime/container-process.ts';

/** The image whose module runs an exec'd command that is one of its applets, in any pod. */
export const toolboxImage = 'toolbox:1.0';

/** The applets of wasm-apps/toolbox (its `--list`): commands exec runs with the toolbox module. */
export const toolboxApplets: ReadonlySet<string> = new Set(standInApplets);

/** How an exec ended: the process's exit code, or why it could not start (kubectl's wording). */
export type ExecResult = { exitCode: number } | { error: Status };

export interface ExecDeps {
  runtime: ContainerRuntime;
  images: ImageRegistry;
  services: () => readonly ServiceEnvSource[];
  newContainerID: () => string;
}

export interface ExecRequest {
  /** The pod as the kubelet knows it, or undefined when it has no such pod. */
  pod: Pod | undefined;
  /** Its status as the kubelet sees it now (newer than the API server's). */
  status: PodStatus | undefined;
  namespace: string;
  podName: string;
  container: string;
  command: string[];
  /** Aborting it kills the process (a cancelled exec, a deleted pod, a stopped kubelet). */
  signal?: AbortSignal;
  /** The environment the container was started with; computed afresh when unknown. */
  env?: [string, string][];
  /** The container's files, which the process shares with it; none when unknown. */
  files?: ContainerFiles;
  /** Interactive input (`exec -i`): StdinMessage chunks, then the end. Transferred. */
  stdin?: MessagePort;
  /** The input is a terminal (`exec -t`). */
  tty?: boolean;
  /**
   * Links a process to the pod's network (its IP, DNS and localhost, no listeners of its own);
   * none when the pod has no network, and the process then has no sockets.
   */
  openNetwork?: (containerID: string) => ContainerNetworkHandle | undefined;
}

/** Exit code of an exec whose program does not exist in the container (runc's ENOENT). */
const EXIT_CODE_NOT_FOUND = 126;

/**
 * The kubelet's side of `kubectl exec` (RunInContainer): checks that the pod has the container
 * and that it runs, then runs `command` in the container's context, with the environment the
 * kubelet gives the container (HOSTNAME included) and the container's memory limit, in a new
 * container worker. The program is the toolbox module when command[0] is one of its applets,
 * so every pod has a shell; otherwise the container's own module when command[0] names its
 * program (argv[0] is then the image's program name). Output goes to `onOutput` as written;
 * when `onOutput` answers promises (a callback in another thread, whose calls travel on a
 * channel of their own), the result waits for all of them, so that no output arrives after
 * the exit code. Errors are Statuses worded as the API server and kubelet word them; a
 * connection failure (the container is not running) has no reason, as kubectl prints it as
 * `error: ...`.
 */
export async function execInContainer(
  deps: ExecDeps,
  request: ExecRequest,
  onOutput: (stream: LogStream, text: string) => unknown,
): Promise<ExecResult> {
  const delivering: PromiseLike<unknown>[] = [];
  const forward = (stream: LogStream, text: string) => {
    const answer = onOutput(stream, text);
    if (isPromiseLike(answer)) delivering.push(answer);
  };
  try {
    const result = await runExec(deps, request, forward);
    await Promise.all(delivering);
    return result;
  } finally {
    request.files?.close();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

async function runExec(
  deps: ExecDeps,
  request: ExecRequest,
  onOutput: (stream: LogStream, text: string) => void,
): Promise<ExecResult> {
  const { pod, container: name, command } = request;
  if (!pod) return { error: notFound({ group: '', resource: 'pods' }, request.podName).status };
  const container = findContainer(pod, name);
  if (!container) {
    return {
      error: badRequest(`container ${name} is not valid for pod ${request.podName}`).status,
    };
  }
  const state = [
    ...(request.status?.containerStatuses ?? []),
    ...(request.status?.initContainerStatuses ?? []),
  ].find((s) => s.name === name)?.state;
  if (!state?.running) return { error: upgradeFailure(`container not found ("${name}")`) };
  if (command.length === 0) {
    return { error: badRequest('you must specify at least 1 command').status };
  }

  const program = command[0];
  const useToolbox =
    toolboxApplets.has(basename(program)) ||
    (distroUtilities.some((u) => u === basename(program)) &&
      hasUtility(findStandIn(container.image ?? '')?.standIn, basename(program)));
  const image = await deps.images.pull(useToolbox ? toolboxImage : (container.image ?? ''));
  if ('reason' in image) return { error: upgradeFailure(image.message) };
  // A stand-in for a well-known image runs the programs that image has (redis-server...).
  const standIn = image.config && standInByName(image.config.standIn);
  const runs = standIn
    ? runsProgram(standIn, basename(program))
    : basename(program) === programName(container.image ?? '');
  if (!useToolbox && !runs) {
    onOutput(
      'stdout',
      `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown\n`,
    );
    return { exitCode: EXIT_CODE_NOT_FOUND };
  }
  if (request.signal?.aborted) return { exitCode: 137 };

  let env = request.env ?? containerEnvironment(pod, container, deps.services());
  if (useToolbox) {
    // The toolbox module has no image config: the process still sees the container image's ENV.
    const own = await deps.images.pull(container.image ?? '');
    if (!('reason' in own) && own.config) env = mergeEnv(own.config.env, env);
  }
  const containerID = deps.newContainerID();
  const link = request.openNetwork?.(containerID);
  let running: RunningContainer;
  try {
    running = await deps.runtime.start(
      {
        containerID,
        image,
        // The toolbox picks its applet from argv[1] when argv[0] is `toolbox`.
        args: useToolbox ? command : command.slice(1),
        // An exec runs `command` itself, whatever the image's ENTRYPOINT.
        ...(image.config ? { process: { command } } : {}),
        env,
        memoryLimitBytes: memoryLimitBytes(container),
        // In a real container the exec'd process shares the container's cgroup quota; here
        // it runs in a worker of its own and gets a quota of the same size.
        cpuLimitMillicores: cpuLimitMillicores(container),
        filesystem: request.files?.filesystem,
        stdin: request.stdin,
        ...(request.tty && request.stdin ? { tty: true } : {}),
        network: link?.network,
      },
      onOutput,
    );
  } catch (err) {
    link?.release();
    return { error: upgradeFailure(err instanceof Error ? err.message : String(err)) };
  }
  request.files?.bind(running);
  link?.attach(running);
  const kill = () => running.kill('the exec session ended');
  if (request.signal?.aborted) kill();
  request.signal?.addEventListener('abort', kill, { once: true });
  try {
    const exit = await running.exited;
    return { exitCode: exit.exitCode };
  } finally {
    request.signal?.removeEventListener('abort', kill);
    link?.release();
  }
}

/**
 * The error a page hands to kubectl for an exec's `{error}`: a Status with a reason came from
 * the API server (kubectl prints `Error from server (Reason): ...`); one without is a failed
 * connection to the kubelet (kubectl prints `error: ...`).
 */
export function execError(status: Status): Error {
  return status.reason ? new StatusError(status) : new Error(status.message ?? 'exec failed');
}

/**
 * Kills the exec processes of pods and containers that stop: each session is registered with
 * the pod's uid and the container instance it runs beside.
 */
export class ExecSessions {
  private readonly sessions = new Set<{ uid: string; containerID?: string; end: () => void }>();

  /** Registers a session; the returned function unregisters it. */
  add(uid: string, containerID: string | undefined, end: () => void): () => void {
    const session = { uid, containerID, end };
    this.sessions.add(session);
    return () => this.sessions.delete(session);
  }

  /** The pod is gone: its sessions end. */
  podGone(uid: string): void {
    this.endWhere((s) => s.uid === uid);
  }

  /** A newer pod status: sessions beside a container instance that has ended, end. */
  podUpdated(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    const status = pod.status ?? {};
    const ended = new Set<string>();
    for (const s of [
      ...(status.containerStatuses ?? []),
      ...(status.initContainerStatuses ?? []),
    ]) {
      const id = s.state?.terminated?.containerID ?? s.lastState?.terminated?.containerID;
      if (id) ended.add(id);
    }
    this.endWhere((s) => s.uid === uid && s.containerID !== undefined && ended.has(s.containerID));
  }

  /** Ends every session (the kubelet stops). */
  endAll(): void {
    this.endWhere(() => true);
  }

  private endWhere(match: (s: { uid: string; containerID?: string }) => boolean): void {
    for (const session of [...this.sessions]) {
      if (!match(session)) continue;
      this.sessions.delete(session);
      session.end();
    }
  }
}

function findContainer(pod: Pod, name: string): Container | undefined {
  const ephemeral = (pod.spec.ephemeralContainers ?? []) as Container[];
  return [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? []), ...ephemeral].find(
    (c) => c.name === name,
  );
}

/** A failure reaching the container, without a reason: kubectl prints it as `error: <message>`. */
function upgradeFailure(message: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `unable to upgrade connection: ${message}`,
    code: 500,
  };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The program name the runtime gives an image as argv[0] (`ticker` for `x/ticker:1.0`). */
function programName(image: string): string {
  const last = basename(image.split('@')[0]);
  const colon = last.indexOf(':');
  return colon >= 0 ? last.slice(0, colon) : last;
}
