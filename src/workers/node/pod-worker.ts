import { isConflict, isNotFound } from '../../kernel/api/errors.ts';
import { pods } from '../../kernel/api/resources.ts';
import { rfc3339, type Clock, type TimerHandle } from '../../kernel/clock/clock.ts';
import type { Timing } from '../../kernel/clock/presets.ts';
import type { EventRecorder } from '../../kernel/client/event-recorder.ts';
import type { Container, Pod, PodStatus } from '../../kernel/types/core.ts';
import type { ContainerSample } from '../../kernel/types/metrics.ts';
import type { BackOff } from './back-off.ts';
import {
  hasStarted,
  isRunning,
  type ContainerInstance,
  type ContainerRecord,
} from './container-record.ts';
import { formatPod, restartBackOffKey, shouldRestart } from './container-restart.ts';
import { memoryLimitBytes } from './container-env.ts';
import { podIdentity, startContainer, type ContainerStarterDeps } from './container-starter.ts';
import type { ContainerNetworkHandle } from './network/node-network.ts';
import { formatGoDuration } from '../../kernel/util/go-duration.ts';
import type { PullEventSink } from './image-puller.ts';
import { adoptContainerRecords } from './pod-adoption.ts';
import type { PodIpAllocator } from './pod-ip-allocator.ts';
import { generatePodStatus } from './pod-status.ts';
import { PodStatusWriter } from './pod-status-writer.ts';
import { ContainerProber } from './prober/container-prober.ts';
import { runPreStopHook } from './pre-stop-hook.ts';
import type { StreamConnection } from '../net/connection.ts';
import { PodVolumes, type ContainerFiles } from './volumes/pod-volumes.ts';
import { apiVolumeObjectReader } from './volumes/volume-object-reader.ts';
import type { VolumeHost } from './volumes/volume-host.ts';

export interface PodWorkerDeps extends ContainerStarterDeps {
  timing: Timing;
  /** Records events as `kubelet` on this node. */
  events: EventRecorder;
  ips: PodIpAllocator;
  /** The container restart back-off, shared by every pod of the node. */
  restartBackOff: BackOff;
  /** The pod as the informer's cache has it now. */
  cachedPod(namespace: string, name: string): Pod | undefined;
  /** The node's volumes. */
  volumeHost: VolumeHost;
  nodeName: string;
  /** How probes reach containers; without it probes are not run (tests of other matters). */
  probes?: ProbeDeps;
}

/** What the kubelet's prober needs from the node: its network and exec. */
export interface ProbeDeps {
  /** Real time, which probe timeouts also last (ProbeHost.realTime); none in fake-clock tests. */
  realTime?: Clock;
  /** A connection from the node to `ip:port` (the kubelet probes from the host network). */
  connect(ip: string, port: number): StreamConnection;
  /** Runs `command` in a container of `pod`; resolves to its exit code and combined output. */
  exec(
    pod: Pod,
    container: string,
    command: string[],
    signal: AbortSignal,
  ): Promise<{ exitCode: number; output: string }>;
}

/** How a container not known to have ended is shown once its pod is torn down (TerminatePod). */
const lostAtTermination = 'The container could not be located when the pod was terminated';

/**
 * Runs one pod on the node, as the kubelet's pod worker and SyncPod do: gives it a sandbox
 * (its IP), runs its init containers one after another to completion (a sidecar, one with
 * `restartPolicy: Always`, only until it has started, and it keeps running), then starts its
 * containers and restarts them as the restart policy says with the crash-loop back-off
 * (sidecars whatever the policy), keeps the pod status written, stops the sidecars once the
 * containers stopped for good, and when the pod is deleted kills its containers, then its
 * sidecars in reverse order, and confirms the deletion. Syncs are serialized; container starts run beside them so a slow
 * image pull never holds up a deletion.
 */
export class PodWorker {
  private pod: Pod;
  private readonly uid: string;
  private readonly init: ContainerRecord[];
  private readonly regular: ContainerRecord[];
  private readonly writer: PodStatusWriter;
  private podIP?: string;
  private sandboxReady = false;
  private startTime?: number;
  private initialized: boolean;
  /** Every container stopped for good: the pod is Succeeded or Failed. */
  private completed = false;
  /** The deletion is being carried out. */
  private terminating = false;
  /** The containers were killed for the deletion: the pod is terminal. */
  private killed = false;
  /** The worker is done (pod gone or kubelet stopped): nothing more is written. */
  private stopped = false;
  private syncing = false;
  private dirty = false;
  private timer?: TimerHandle;
  private timerDue = Infinity;
  private readonly starting = new Set<string>();
  /** Earliest time a container whose start failed is tried again. */
  private readonly retryAt = new Map<string, number>();
  private readonly exits = new Map<ContainerInstance, Promise<void>>();
  /** Containers killed because their definition changed: started again whatever the policy. */
  private readonly redefined = new Set<string>();
  private readonly volumes: PodVolumes;
  private volumesReady = false;
  private refreshTimer?: TimerHandle;
  /** Why the pod was evicted (an emptyDir past its sizeLimit): it is Failed for good. */
  private evicted?: string;
  /** Instances killed for module memory plus tmpfs past their limit: they end OOMKilled. */
  private readonly oomKilled = new WeakSet<ContainerInstance>();

  constructor(
    private readonly deps: PodWorkerDeps,
    pod: Pod,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid ?? '';
    this.volumes = new PodVolumes(
      {
        host: deps.volumeHost,
        reader: apiVolumeObjectReader(deps.client),
        nodeName: deps.nodeName,
        emptyDirChanged: () => this.checkVolumeUsage(),
      },
      pod,
    );
    const adopted = adoptContainerRecords(pod);
    this.init = adopted.init;
    this.regular = adopted.regular;
    this.initialized = this.init.length === 0;
    const old = pod.status ?? {};
    const started = Date.parse(old.startTime ?? '');
    if (!Number.isNaN(started)) this.startTime = started;
    const { namespace = '', name = '' } = pod.metadata;
    this.writer = new PodStatusWriter(
      deps.client,
      () => {
        const cached = deps.cachedPod(namespace, name);
        return cached?.metadata.uid === this.uid ? cached : undefined;
      },
      (base) => this.buildStatus(base),
      () => this.podDeleted(),
      (retry) => {
        if (!this.stopped) deps.clock.setTimer(deps.timing.nodeStatusUpdateFrequency, retry);
      },
    );
    if (old.podIP && !pod.metadata.deletionTimestamp) {
      this.event(
        'Normal',
        'SandboxChanged',
        'Pod sandbox changed, it will be killed and re-created.',
      );
    }
    this.requestSync();
  }

  /** A newer version of the pod arrived from the API server. */
  update(pod: Pod): void {
    const previous = this.pod;
    this.pod = pod;
    if (this.stopped) return;
    const deleted = !!pod.metadata.deletionTimestamp && !previous.metadata.deletionTimestamp;
    if (deleted || pod.metadata.generation !== previous.metadata.generation) this.requestSync();
    else this.writer.request();
  }

  /** The pod is gone from the API server: its containers are killed without another word. */
  podDeleted(): void {
    if (this.stopped) return;
    this.halt();
    void this.volumes.tearDown();
    this.releaseSandbox();
    for (const record of [...this.init, ...this.regular]) {
      this.deps.restartBackOff.forget(restartBackOffKey(this.pod, record.name));
      for (const id of [record.instance?.containerID, record.last?.containerID]) {
        if (id) this.deps.logs.remove(id);
      }
    }
  }

  /** Stops the worker and its containers, writing nothing (the kubelet is going away). */
  stop(): void {
    if (this.stopped) return;
    this.halt();
    void this.volumes.tearDown();
  }

  /** The environment the running instance of container `name` was started with. */
  containerEnv(name: string): [string, string][] | undefined {
    const record = [...this.init, ...this.regular].find((r) => r.name === name);
    return record && isRunning(record) ? record.instance?.env : undefined;
  }

  /** A link to the pod's network for a process exec'd in it; none before it has an IP. */
  execNetwork(containerID: string): ContainerNetworkHandle | undefined {
    const ip = this.podIP;
    return ip
      ? this.deps.network?.openContainer(podIdentity(this.pod, ip), containerID, [])
      : undefined;
  }

  /** The files of the running instance of container `name`, for a process exec'd beside it. */
  execFiles(name: string): ContainerFiles | undefined {
    const record = [...this.init, ...this.regular].find((r) => r.name === name);
    const id = record && isRunning(record) ? record.instance?.containerID : undefined;
    return id ? this.volumes.openExec(id) : undefined;
  }

  /**
   * Its running containers' usage for the resource metrics: cumulative CPU time and memory
   * held now (the module's memory plus the bytes of the `medium: Memory` emptyDirs it mounts),
   * with when each instance started (a restart starts the counters again).
   */
  usage(): ContainerSample[] {
    const namespace = this.pod.metadata.namespace ?? 'default';
    const pod = this.pod.metadata.name ?? '';
    const samples: ContainerSample[] = [];
    for (const record of [...this.init, ...this.regular]) {
      const instance = record.instance;
      const running = instance?.running;
      if (!instance || instance.exit || !running) continue;
      samples.push({
        namespace,
        pod,
        name: record.name,
        containerID: instance.containerID,
        startTime: instance.startedAt,
        startWallTime: running.startedAt,
        cpuUsageNanoseconds: running.cpuNanos(),
        memoryWorkingSetBytes: running.memoryBytes() + this.tmpfsBytes(record),
      });
    }
    return samples;
  }

  /**
   * Kills the running instance of container `name` at once, as SIGKILL does (exit code 137);
   * the restart policy then decides whether it starts again. Returns the killed instance's
   * container ID, or undefined when that container is not running.
   */
  killContainer(name: string): string | undefined {
    if (this.stopped || this.terminating) return undefined;
    const record = [...this.init, ...this.regular].find((r) => r.name === name);
    const running = record && isRunning(record) ? record.instance?.running : undefined;
    if (!running) return undefined;
    running.kill();
    return running.containerID;
  }

  /** The pod status as the kubelet sees it now (possibly newer than the API server's). */
  status(): PodStatus {
    return this.buildStatus(this.writer.newest() ?? this.pod);
  }

  /** Resolves once the writes asked for so far are done (for tests and shutdown). */
  idle(): Promise<void> {
    return this.writer.idle();
  }

  private halt(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.refreshTimer?.cancel();
    this.writer.stop();
    for (const record of [...this.init, ...this.regular]) {
      if (isRunning(record)) record.instance!.running?.kill('the pod was removed from the node');
    }
  }

  private buildStatus(base: Pod): PodStatus {
    const status = generatePodStatus({
      pod: base,
      initRecords: this.init,
      records: this.regular,
      hostIP: this.deps.hostIP,
      podIP: this.podIP ?? base.status?.podIP,
      sandboxReady: this.sandboxReady,
      startTime: this.startTime,
      terminal: this.completed || this.killed,
      now: this.deps.clock.now(),
    });
    if (this.evicted === undefined) return status;
    // As the eviction manager's evictPod writes it, with the DisruptionTarget condition.
    status.phase = 'Failed';
    status.reason = 'Evicted';
    status.message = this.evicted;
    if (!status.conditions?.some((c) => c.type === 'DisruptionTarget')) {
      status.conditions = [
        ...(status.conditions ?? []),
        {
          type: 'DisruptionTarget',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: rfc3339(this.deps.clock.now()),
          reason: 'TerminationByKubelet',
          message: this.evicted,
        },
      ];
    }
    return status;
  }

  /** Bytes of the `medium: Memory` emptyDirs the record's container mounts. */
  private tmpfsBytes(record: ContainerRecord): number {
    const spec = this.specOf(record);
    return spec ? this.volumes.tmpfsBytes(spec) : 0;
  }

  /**
   * Checks the pod's emptyDirs, after a container changed one and every volume refresh period:
   * one holding more than its sizeLimit evicts the pod (the eviction manager's
   * emptyDirLimitEviction); otherwise a running container with a memory limit whose module
   * memory (as last reported) plus the `medium: Memory` emptyDirs it mounts exceeds that limit
   * is killed and ends OOMKilled (137), as a cgroup charged with the tmpfs pages would.
   */
  private checkVolumeUsage(): void {
    if (this.stopped || this.terminating || this.completed) return;
    for (const volume of this.volumes.emptyDirUsage()) {
      const limit = volume.sizeLimit;
      if (limit && volume.bytes > limit.bytes) {
        this.evict(`Usage of EmptyDir volume "${volume.name}" exceeds the limit "${limit.text}". `);
        return;
      }
    }
    for (const record of [...this.init, ...this.regular]) {
      const instance = record.instance;
      const running = instance && !instance.exit ? instance.running : undefined;
      const spec = this.specOf(record);
      if (!running || !spec || this.oomKilled.has(instance!)) continue;
      const limit = memoryLimitBytes(spec);
      const tmpfs = this.volumes.tmpfsBytes(spec);
      if (limit === undefined || tmpfs === 0 || running.memoryBytes() + tmpfs <= limit) continue;
      this.oomKilled.add(instance!);
      running.kill('memory limit exceeded (module memory plus tmpfs)');
    }
  }

  /**
   * Evicts the pod as the eviction manager does: a Warning `Evicted` event, its containers
   * killed, and the pod Failed with reason Evicted and `message` (never restarted).
   */
  private evict(message: string): void {
    this.evicted = message;
    this.event('Warning', 'Evicted', message);
    for (const record of [...this.init, ...this.regular]) {
      if (isRunning(record)) record.instance!.running?.kill('the pod was evicted');
    }
    this.complete();
  }

  private requestSync(): void {
    if (this.stopped) return;
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    void this.loop();
  }

  private async loop(): Promise<void> {
    this.syncing = true;
    try {
      do {
        this.dirty = false;
        await this.syncOnce();
      } while (this.dirty && !this.stopped);
    } catch (err) {
      console.error(`kubelet: sync of pod ${formatPod(this.pod)} failed:`, err);
    } finally {
      this.syncing = false;
    }
  }

  private async syncOnce(): Promise<void> {
    if (this.stopped || this.terminating) return;
    if (this.pod.metadata.deletionTimestamp) {
      await this.terminate();
      return;
    }
    if (this.completed) {
      this.writer.request();
      return;
    }
    if (!this.ensureSandbox()) return;
    if (!(await this.ensureVolumes())) return;
    // The status as it stands before acting: an exit shows as Error before its restart.
    this.writer.request();
    const init = this.syncInitContainers();
    if (init === 'failed') {
      await this.stopSidecars();
      this.complete();
      return;
    }
    if (init === 'done') {
      for (const record of this.init) if (record.sidecar) this.syncSidecar(record);
      this.syncContainers();
    }
    if (this.allStoppedForGood()) {
      // As the kubelet kills a pod whose containers will not run again: the sidecars go too.
      await this.stopSidecars();
      if (this.stopped || this.terminating) return;
      this.complete();
    }
    this.writer.request();
  }

  /** The sandbox is torn down: its IP goes back and its network namespace with it. */
  private releaseSandbox(): void {
    this.deps.ips.release(this.uid);
    this.deps.network?.removePod(this.uid);
  }

  /** Gives the pod its IP; false when none is left. */
  private ensureSandbox(): boolean {
    if (this.sandboxReady) return true;
    const ip = this.deps.ips.allocate(this.uid, this.pod.status?.podIP);
    if (!ip) {
      this.event(
        'Warning',
        'FailedCreatePodSandBox',
        `Failed to create pod sandbox: failed to allocate for range 0: no IP addresses available in range set: ${this.deps.ips.cidr}`,
      );
      this.scheduleResync(this.deps.clock.now() + this.deps.timing.imagePullBackOffBase);
      return false;
    }
    this.podIP = ip;
    this.sandboxReady = true;
    this.startTime ??= this.deps.clock.now();
    return true;
  }

  private addresses() {
    return { podIPs: this.podIP ? [this.podIP] : [], hostIPs: [this.deps.hostIP] };
  }

  /**
   * Sets up the pod's volumes before any container starts; false (after a FailedMount or
   * FailedAttachVolume event, with a retry scheduled) while one cannot be.
   */
  private async ensureVolumes(): Promise<boolean> {
    if (this.volumesReady) return true;
    const failure = await this.volumes.setUp(this.pod, this.addresses());
    if (this.stopped || this.terminating) return false;
    if (failure) {
      this.event('Warning', failure.reason, failure.message);
      this.scheduleResync(this.deps.clock.now() + this.deps.timing.imagePullBackOffBase);
      this.writer.request();
      return false;
    }
    this.volumesReady = true;
    this.scheduleVolumeRefresh();
    return true;
  }

  /** Rewrites the ConfigMap, Secret and downward API volumes every refresh period. */
  private scheduleVolumeRefresh(): void {
    this.refreshTimer = this.deps.clock.setTimer(this.deps.timing.volumeRefreshPeriod, () => {
      if (this.stopped || this.terminating || this.completed) return;
      this.checkVolumeUsage();
      if (this.completed) return;
      void this.volumes
        .refresh(this.pod, this.addresses())
        .catch((err) =>
          console.error(`kubelet: refreshing the volumes of ${formatPod(this.pod)}:`, err),
        )
        .finally(() => {
          if (!this.stopped && !this.terminating && !this.completed) this.scheduleVolumeRefresh();
        });
    });
  }

  /**
   * Runs the next init container; 'done' once all have succeeded in this sandbox. A sidecar
   * is started in its turn and the next one follows once it has started, without waiting
   * for it to end.
   */
  private syncInitContainers(): 'done' | 'running' | 'failed' {
    if (this.initialized) return 'done';
    for (const record of this.init) {
      if (record.sidecar) {
        if (this.syncSidecar(record)) continue;
        return 'running';
      }
      if (this.starting.has(record.name) || isRunning(record)) return 'running';
      const instance = record.instance;
      const exit = instance && !instance.lost ? instance.exit : undefined;
      if (exit?.exitCode === 0) continue;
      if (exit) {
        if ((this.pod.spec.restartPolicy ?? 'Always') === 'Never') return 'failed';
        this.restart(record);
      } else {
        this.launchWhenDue(record);
      }
      return 'running';
    }
    this.initialized = true;
    return 'done';
  }

  /**
   * Keeps a sidecar running: started when it never ran, restarted (with back-off) whenever it
   * ended, whatever the pod's restart policy. True once its running instance has started.
   */
  private syncSidecar(record: ContainerRecord): boolean {
    if (this.starting.has(record.name)) return false;
    if (isRunning(record)) {
      this.killIfRedefined(record);
      return hasStarted(record);
    }
    const exit = record.instance?.exit;
    if (!exit) this.launchWhenDue(record);
    else if (this.redefined.delete(record.name)) this.launch(record);
    else this.restart(record);
    return false;
  }

  /**
   * Stops the running sidecars, last first, once the containers are done: each is told
   * `Stopping container`, runs its preStop hook and is killed before the one before it.
   */
  private async stopSidecars(): Promise<void> {
    const sidecars = this.init.filter((r) => r.sidecar && isRunning(r)).reverse();
    for (const record of sidecars) {
      this.event('Normal', 'Killing', `Stopping container ${record.name}`, record);
    }
    for (const record of sidecars) {
      await this.preStop(record);
      record.instance!.running?.stop('the pod is being stopped');
      await this.exits.get(record.instance!);
    }
  }

  private syncContainers(): void {
    for (const record of this.regular) {
      if (this.starting.has(record.name)) continue;
      if (isRunning(record)) {
        this.killIfRedefined(record);
        continue;
      }
      const exit = record.instance?.exit;
      if (!exit) this.launchWhenDue(record);
      else if (this.redefined.delete(record.name)) this.launch(record);
      else if (shouldRestart(this.pod.spec, exit.exitCode)) this.restart(record);
    }
  }

  /**
   * Stops a running container whose image the pod spec changed (as by SIGTERM, see
   * terminate), as computePodActions does for a changed container hash; its exit is then
   * followed by a start with the new spec,
   * whatever the restart policy and without back-off.
   */
  private killIfRedefined(record: ContainerRecord): void {
    const spec = this.specOf(record);
    if (!spec || (spec.image ?? '') === record.image || this.redefined.has(record.name)) return;
    this.redefined.add(record.name);
    this.event(
      'Normal',
      'Killing',
      `Container ${record.name} definition changed, will be restarted`,
      record,
    );
    record.instance!.running!.stop('the container definition changed');
  }

  /** Starts an ended container again, unless its crash-loop back-off is still running. */
  private restart(record: ContainerRecord): void {
    const instance = record.instance!;
    const now = this.deps.clock.now();
    const finished = instance.exit?.finishedAt ?? now;
    const key = restartBackOffKey(this.pod, record.name);
    const backOff = this.deps.restartBackOff;
    if (!instance.lost && backOff.isInBackOffSince(key, finished)) {
      const pod = formatPod(this.pod);
      record.waiting = {
        reason: 'CrashLoopBackOff',
        message: `back-off ${formatGoDuration(backOff.get(key))} restarting failed container=${record.name} pod=${pod}`,
      };
      this.event(
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${record.name} in pod ${pod}`,
        record,
      );
      this.scheduleResync(finished + backOff.get(key));
      return;
    }
    if (now < (this.retryAt.get(record.name) ?? 0)) return;
    backOff.next(key, finished);
    this.launch(record);
  }

  private launchWhenDue(record: ContainerRecord): void {
    if (this.deps.clock.now() >= (this.retryAt.get(record.name) ?? 0)) this.launch(record);
  }

  private launch(record: ContainerRecord): void {
    const spec = this.specOf(record);
    if (!spec) return;
    record.image = spec.image ?? '';
    this.starting.add(record.name);
    const events: PullEventSink = (type, reason, message) =>
      this.event(type, reason, message, record);
    const openFiles = (
      containerID: string,
      env: [string, string][],
      imageFiles: Readonly<Record<string, string>> | undefined,
    ) => this.volumes.openContainer(spec, containerID, env, imageFiles);
    void startContainer(this.deps, this.pod, spec, events, this.podIP, openFiles)
      .then((outcome) => {
        this.starting.delete(record.name);
        if ('waiting' in outcome) {
          record.waiting = outcome.waiting;
          if (outcome.imageID) record.imageID = outcome.imageID;
          // The kubelet retries a failed sync after its back-off period (10 s).
          const retry = this.deps.clock.now() + this.deps.timing.imagePullBackOffBase;
          this.retryAt.set(record.name, retry);
          this.scheduleResync(retry);
          this.writer.request();
          return;
        }
        if (record.restartPending) record.restartCount++;
        record.restartPending = false;
        if (record.instance?.exit) {
          // Only the current and the previous instance keep their logs (kubectl logs --previous).
          const dropped = record.last?.containerID;
          if (dropped && dropped !== record.instance.containerID) this.deps.logs.remove(dropped);
          record.last = record.instance.exit;
        }
        const instance: ContainerInstance = {
          containerID: outcome.containerID,
          startedAt: outcome.startedAt,
          running: outcome.started,
          env: outcome.env,
        };
        record.instance = instance;
        record.waiting = undefined;
        record.imageID = outcome.imageID;
        this.retryAt.delete(record.name);
        this.watchExit(record, instance);
        this.startProbes(record, instance, spec);
        if (this.stopped || this.terminating || this.evicted !== undefined) {
          outcome.started.kill('the pod is being deleted');
          return;
        }
        this.writer.request();
        // A sidecar that runs (with no startup probe to wait for) lets the next one start.
        if (record.sidecar) this.requestSync();
      })
      .catch((err) => {
        this.starting.delete(record.name);
        console.error(`kubelet: starting container ${record.name} of ${formatPod(this.pod)}:`, err);
      });
  }

  /** Runs the container's liveness, readiness and startup probes while this instance runs. */
  private startProbes(record: ContainerRecord, instance: ContainerInstance, spec: Container): void {
    const probes = this.deps.probes;
    const podIP = this.podIP;
    if (!probes || !podIP || (record.init && !record.sidecar)) return;
    if (!spec.livenessProbe && !spec.readinessProbe && !spec.startupProbe) return;
    const prober = new ContainerProber(
      spec,
      {
        clock: this.deps.clock,
        ...(probes.realTime ? { realTime: probes.realTime } : {}),
        podIP,
        connect: (ip, port) => probes.connect(ip, port),
        exec: (command, signal) => probes.exec(this.pod, record.name, command, signal),
      },
      {
        changed: () => {
          this.writer.request();
          // A sidecar that has started lets the next init container (or the containers) start.
          if (record.sidecar) this.requestSync();
        },
        event: (type, reason, message) => this.event(type, reason, message, record),
        kill: (reason) => instance.running?.kill(reason),
      },
      this.deps.timing.probeSecond,
    );
    instance.probes = prober;
    prober.start(instance.startedAt);
  }

  private watchExit(record: ContainerRecord, instance: ContainerInstance): void {
    const ended = instance.running!.exited.then(
      (exit) => {
        instance.probes?.stop();
        if (instance.exit) return;
        const oom = this.oomKilled.has(instance);
        instance.exit = {
          exitCode: oom ? 137 : exit.exitCode,
          reason: oom ? 'OOMKilled' : exit.reason,
          startedAt: instance.startedAt,
          finishedAt: this.deps.clock.now(),
          containerID: instance.containerID,
        };
        if (exit.message && !oom) instance.exit.message = exit.message;
        instance.running = undefined;
        record.restartPending = true;
        if (this.stopped) return;
        if (exit.reason === 'StartError') {
          this.event(
            'Warning',
            'Failed',
            `Error: ${exit.message ?? 'failed to start the container'}`,
            record,
          );
        }
        this.writer.request();
        this.requestSync();
      },
      (err) => console.error(`kubelet: container ${record.name} of ${formatPod(this.pod)}:`, err),
    );
    this.exits.set(instance, ended);
    void ended.finally(() => this.exits.delete(instance));
  }

  /** True once every container has ended and none will be restarted. */
  private allStoppedForGood(): boolean {
    if (!this.initialized) return false;
    return this.regular.every((record) => {
      const exit = record.instance?.exit;
      return (
        !this.starting.has(record.name) &&
        !this.redefined.has(record.name) &&
        !!exit &&
        !shouldRestart(this.pod.spec, exit.exitCode)
      );
    });
  }

  /** The pod finished on its own: its sandbox goes, its status stays. */
  private complete(): void {
    this.completed = true;
    this.sandboxReady = false;
    this.timer?.cancel();
    this.refreshTimer?.cancel();
    void this.volumes.tearDown();
    this.timer = undefined;
    this.timerDue = Infinity;
    this.releaseSandbox();
    this.writer.request();
  }

  /**
   * Carries out a graceful deletion: after their preStop hooks, containers are stopped as by
   * SIGTERM (RunningContainer.stop: one whose program handles it ends Completed with exit code
   * 0, any other is killed, 137, at once rather than at the end of the grace period); the final
   * status is written and the deletion confirmed with a zero grace period, guarded by the
   * pod's uid.
   */
  private async terminate(): Promise<void> {
    this.terminating = true;
    this.timer?.cancel();
    this.refreshTimer?.cancel();
    // The containers (and any init container still running) first, then the sidecars in
    // reverse order, each once the ones before it have ended.
    const live = [...this.init.filter((r) => !r.sidecar), ...this.regular].filter(isRunning);
    for (const record of live) {
      this.event('Normal', 'Killing', `Stopping container ${record.name}`, record);
    }
    await Promise.all(live.map((record) => this.preStop(record)));
    for (const record of live) record.instance!.running?.stop('the pod is being deleted');
    await Promise.all(live.map((record) => this.exits.get(record.instance!)));
    await this.stopSidecars();
    // Volumes are unmounted (a persistent one written back and let go) before the pod is gone,
    // so a replacement on another node finds its data.
    await this.volumes.tearDown();
    if (this.stopped) return;
    // Containers that are not known to have ended are reported ended, never as successful.
    for (const record of this.init) this.markLost(record);
    if (this.initialized) for (const record of this.regular) this.markLost(record);
    this.killed = true;
    this.sandboxReady = false;
    this.releaseSandbox();
    this.writer.request();
    await this.writer.idle();
    if (this.stopped) return;
    const { namespace, name = '' } = this.pod.metadata;
    try {
      await this.deps.client.delete(pods, namespace, name, {
        gracePeriodSeconds: 0,
        preconditions: { uid: this.uid },
      });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) {
        console.error(`kubelet: confirming the deletion of ${formatPod(this.pod)}:`, err);
      }
    }
  }

  /**
   * Runs a running container's preStop hook before it is killed, within the pod's grace
   * period counted in the kubelet's seconds (the timing's probe second, as the hook's own);
   * a failed hook is recorded as FailedPreStopHook and the container is stopped anyway.
   */
  private async preStop(record: ContainerRecord): Promise<void> {
    const spec = this.specOf(record);
    const instance = record.instance;
    if (!spec?.lifecycle || (record.init && !record.sidecar) || !instance?.running) return;
    const second = this.deps.timing.probeSecond;
    const grace =
      this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds;
    const probes = this.deps.probes;
    const podIP = this.podIP;
    const host =
      probes && podIP
        ? {
            clock: this.deps.clock,
            podIP,
            connect: (ip: string, port: number) => probes.connect(ip, port),
            exec: (command: string[], signal: AbortSignal) =>
              probes.exec(this.pod, record.name, command, signal),
          }
        : undefined;
    try {
      const failure = await Promise.race([
        runPreStopHook(spec, host, this.deps.clock, (grace ?? 30) * second, second),
        this.exits.get(instance)?.then(() => undefined),
      ]);
      if (failure) this.event('Warning', 'FailedPreStopHook', failure, record);
    } catch (err) {
      console.error(`kubelet: preStop hook of ${record.name} in ${formatPod(this.pod)}:`, err);
    }
  }

  private markLost(record: ContainerRecord): void {
    const instance = record.instance;
    if (instance?.exit && !record.waiting) return;
    if (instance?.exit) record.last = instance.exit;
    record.waiting = undefined;
    record.instance = {
      containerID: instance?.containerID ?? '',
      startedAt: instance?.startedAt ?? 0,
      exit: { exitCode: 137, reason: 'ContainerStatusUnknown', message: lostAtTermination },
    };
  }

  private specOf(record: ContainerRecord): Container | undefined {
    const list = record.init ? (this.pod.spec.initContainers ?? []) : this.pod.spec.containers;
    return list.find((c) => c.name === record.name);
  }

  private scheduleResync(at: number): void {
    if (this.stopped) return;
    if (this.timer && this.timerDue <= at) return;
    this.timer?.cancel();
    this.timerDue = at;
    this.timer = this.deps.clock.setTimer(Math.max(0, at - this.deps.clock.now()), () => {
      this.timer = undefined;
      this.timerDue = Infinity;
      this.requestSync();
    });
  }

  /** Records an event about the pod, or about one of its containers (with its fieldPath, as the kubelet does). */
  private event(
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    container?: Pick<ContainerRecord, 'name' | 'init'>,
  ): void {
    const fieldPath = container
      ? `spec.${container.init ? 'initContainers' : 'containers'}{${container.name}}`
      : undefined;
    void this.deps.events.record(this.pod, type, reason, message, { fieldPath });
  }
}
