import { isNotFound } from '../api/errors.ts';
import {
  namespaces,
  nodes,
  persistentvolumeclaims,
  persistentvolumes,
  pods,
  storageclasses,
} from '../api/resources.ts';
import { rfc3339, type Clock } from '../clock/clock.ts';
import type { Timing } from '../clock/presets.ts';
import type { Client } from '../client/client.ts';
import { Informer, type InformerHandlers } from '../client/informer.ts';
import type { ResourceInfo } from '../api/resources.ts';
import type { KubeObject } from '../types/meta.ts';
import type { Namespace, Node, Pod, PodCondition } from '../types/core.ts';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../types/storage.ts';
import { annSelectedNode } from '../util/storage-annotations.ts';
import { SchedulerCache, isTerminal } from './cache.ts';
import type { ClusterEvent, Registry, VolumeListers } from './framework.ts';
import { Framework } from './framework-runtime.ts';
import { compileLabelSelector } from './label-selector.ts';
import { PodInfo, termMatches, type NamespaceLabels } from './pod-info.ts';
import { EventRecorder } from '../client/event-recorder.ts';
import { defaultRegistry } from './plugins/default-registry.ts';
import { podClaimNames, waitsForConsumer } from './plugins/volume-binding.ts';
import { defaultProfile, defaultSchedulerName, type Profile } from './profile.ts';
import { SchedulingQueue, type QueuedPodInfo } from './queue.ts';
import { SchedulingAlgorithm } from './scheduling-algorithm.ts';

export interface SchedulerOptions {
  client: Client;
  clock: Clock;
  /** podMaxUnschedulableDuration comes from here (default: Kubernetes' 5 minutes). */
  timing?: Pick<Timing, 'podMaxUnschedulableDuration'>;
  /** Enabled plugins and weights; default: kube-scheduler's default profile. */
  profile?: Profile;
  registry?: Registry;
  /** Breaks ties between equally scored nodes; inject a fixed sequence in tests. */
  random?: () => number;
  /** Back-off after a failed attempt, doubling up to podMaxBackoff (1 s and 10 s by default). */
  podInitialBackoff?: number;
  podMaxBackoff?: number;
  /** Where Scheduled/FailedScheduling events go; default: core/v1 Events through the client. */
  events?: PodEventSink;
  /**
   * Shared informers (the kernel's InformerFactory). Their owner starts them; `start()` waits
   * for their first lists. Without them the scheduler runs watches of its own.
   */
  informers?: SharedInformers;
}

/** The part of an InformerFactory the scheduler uses. */
export interface SharedInformers {
  for<T extends KubeObject>(info: ResourceInfo): Informer<T>;
}

/** Scheduling cycles between two yields of the thread (about 10 ms of work). */
const yieldEvery = 100;

/** Yields to the event loop where the platform offers it (`scheduler.yield`), else does nothing. */
function yieldToOtherTasks(): Promise<void> | undefined {
  const platform = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return platform?.yield?.();
}

/** How long binding waits for a pod's claims to be bound (bindTimeoutSeconds, 600 s). */
const volumeBindTimeout = 600_000;

/** Event messages are cut to this many characters (noteLengthLimit). */
const noteLengthLimit = 1024;

/** truncateMessage: long messages end in ` ...` within the limit. */
export function truncateMessage(message: string): string {
  if (message.length <= noteLengthLimit) return message;
  const suffix = ' ...';
  return message.slice(0, noteLengthLimit - suffix.length) + suffix;
}

function podKey(pod: Pod): string {
  return pod.metadata.uid || `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Adds handlers and replays what the informer already holds as adds, as client-go does for a
 * handler added to a running shared informer.
 */
function subscribe<T extends KubeObject>(
  informer: Informer<T>,
  handlers: InformerHandlers<T>,
): void {
  informer.addEventHandler(handlers);
  for (const object of informer.list()) handlers.add?.(object);
}

/** The node changes that can let a pod in, as cluster events (nodeSchedulingPropertiesChange). */
function nodeChanges(old: Node, node: Node): ClusterEvent[] {
  const changes: ClusterEvent[] = [];
  if (!sameJson(old.status?.allocatable, node.status?.allocatable))
    changes.push('NodeAllocatableChange');
  if (!sameJson(old.metadata.labels, node.metadata.labels)) changes.push('NodeLabelChange');
  if (
    !sameJson(old.spec?.taints, node.spec?.taints) ||
    !!old.spec?.unschedulable !== !!node.spec?.unschedulable
  ) {
    changes.push('NodeTaintChange');
  }
  const conditions = (n: Node) => (n.status?.conditions ?? []).map((c) => [c.type, c.status]);
  if (!sameJson(conditions(old), conditions(node))) changes.push('NodeConditionChange');
  return changes;
}

/**
 * kube-scheduler: watches pods and nodes through informers, keeps the scheduler cache and the
 * scheduling queue, and schedules one pod at a time — pods with no node that name this
 * profile's scheduler (or none) and are not being deleted. Each decision is assumed in the
 * cache at once, so the next one sees it, then bound through `pods/binding` in the
 * background. Successes are recorded as `Scheduled` events; failures as `FailedScheduling`
 * events and a PodScheduled=False condition with kube-scheduler's own message.
 */
export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly profile: Profile;
  private readonly framework: Framework;
  private readonly algorithm: SchedulingAlgorithm;
  private readonly events: PodEventSink;
  private readonly podInformer: Informer<Pod>;
  private readonly nodeInformer: Informer<Node>;
  private readonly namespaceInformer: Informer<Namespace>;
  private readonly claimInformer: Informer<PersistentVolumeClaim>;
  private readonly volumeInformer: Informer<PersistentVolume>;
  private readonly classInformer: Informer<StorageClass>;
  /** Bindings waiting for their pod's claims, told of every claim change. */
  private readonly claimWaiters = new Set<() => void>();
  private readonly volumeListers: VolumeListers = {
    claim: (namespace, name) => this.claimInformer.get(namespace, name),
    volume: (name) => this.volumeInformer.get(undefined, name),
    storageClass: (name) => this.classInformer.get(undefined, name),
  };
  private readonly bindings = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;
  private readonly ownInformers: boolean;
  private stopped = false;
  private readonly namespaceLabels: NamespaceLabels = (ns) =>
    this.namespaceInformer.get(undefined, ns)?.metadata.labels;

  constructor(private readonly options: SchedulerOptions) {
    const { client, clock } = options;
    this.profile = options.profile ?? defaultProfile;
    this.framework = new Framework(this.profile, options.registry ?? defaultRegistry, {
      snapshot: this.cache,
      namespaceLabels: this.namespaceLabels,
      volumes: this.volumeListers,
    });
    this.algorithm = new SchedulingAlgorithm(this.framework, this.cache, options.random);
    this.queue = new SchedulingQueue({
      clock,
      podInitialBackoff: options.podInitialBackoff,
      podMaxBackoff: options.podMaxBackoff,
      podMaxUnschedulableDuration: options.timing?.podMaxUnschedulableDuration,
      eventMayHelp: (event, rejectedBy) => this.framework.eventMayHelp(event, rejectedBy),
    });
    this.events =
      options.events ?? schedulerEvents(new EventRecorder(client, clock, 'default-scheduler'));
    const shared = options.informers;
    this.ownInformers = !shared;
    this.podInformer = shared ? shared.for<Pod>(pods) : new Informer<Pod>(client, pods, { clock });
    this.nodeInformer = shared
      ? shared.for<Node>(nodes)
      : new Informer<Node>(client, nodes, { clock });
    this.namespaceInformer = shared
      ? shared.for<Namespace>(namespaces)
      : new Informer<Namespace>(client, namespaces, { clock });
    this.claimInformer = shared
      ? shared.for<PersistentVolumeClaim>(persistentvolumeclaims)
      : new Informer<PersistentVolumeClaim>(client, persistentvolumeclaims, { clock });
    this.volumeInformer = shared
      ? shared.for<PersistentVolume>(persistentvolumes)
      : new Informer<PersistentVolume>(client, persistentvolumes, { clock });
    this.classInformer = shared
      ? shared.for<StorageClass>(storageclasses)
      : new Informer<StorageClass>(client, storageclasses, { clock });
    const claimChanged = () => {
      this.queue.moveAllToActiveOrBackoff('PersistentVolumeClaimChange');
      for (const waiter of [...this.claimWaiters]) waiter();
    };
    subscribe(this.claimInformer, { add: claimChanged, update: claimChanged });
    const volumeChanged = () => this.queue.moveAllToActiveOrBackoff('PersistentVolumeChange');
    subscribe(this.volumeInformer, { add: volumeChanged, update: volumeChanged });
    const classChanged = () => this.queue.moveAllToActiveOrBackoff('StorageClassChange');
    subscribe(this.classInformer, { add: classChanged, update: classChanged });
    subscribe(this.namespaceInformer, {
      add: () => this.queue.moveAllToActiveOrBackoff('NamespaceChange'),
      update: (old, ns) => {
        if (!sameJson(old.metadata.labels, ns.metadata.labels))
          this.queue.moveAllToActiveOrBackoff('NamespaceChange');
      },
    });
    subscribe(this.nodeInformer, {
      add: (node) => {
        this.cache.addNode(node);
        this.queue.moveAllToActiveOrBackoff('NodeAdd');
      },
      update: (old, node) => {
        this.cache.updateNode(node);
        for (const event of nodeChanges(old, node)) this.queue.moveAllToActiveOrBackoff(event);
      },
      delete: (node) => {
        this.cache.removeNode(node.metadata.name ?? '');
        this.queue.moveAllToActiveOrBackoff('NodeDelete');
      },
    });
    subscribe(this.podInformer, {
      add: (pod) => this.onPodAdd(pod),
      update: (old, pod) => this.onPodUpdate(old, pod),
      delete: (pod) => this.onPodDelete(pod),
    });
  }

  /** Starts the watches (unless shared), waits for their first lists, then starts scheduling. */
  async start(): Promise<void> {
    if (this.ownInformers) {
      for (const informer of this.informers()) void informer.start();
    }
    await Promise.all(this.informers().map((informer) => informer.synced));
    if (this.stopped) return;
    this.loop ??= this.run();
  }

  /** Stops scheduling and the watches; bindings already sent complete on their own. */
  stop(): void {
    this.stopped = true;
    this.queue.close();
    if (!this.ownInformers) return;
    for (const informer of this.informers()) informer.stop();
  }

  private informers(): Informer<KubeObject>[] {
    return [
      this.namespaceInformer,
      this.nodeInformer,
      this.podInformer,
      this.claimInformer,
      this.volumeInformer,
      this.classInformer,
    ] as unknown as Informer<KubeObject>[];
  }

  /** Resolves when the bindings sent so far have completed (for tests). */
  async bindingsSettled(): Promise<void> {
    while (this.bindings.size > 0) await Promise.allSettled([...this.bindings]);
  }

  private async run(): Promise<void> {
    let sinceYield = 0;
    while (!this.stopped) {
      const q = await this.queue.pop();
      if (!q) return;
      try {
        this.scheduleOne(q);
      } catch (err) {
        // A bug must not stop scheduling: the pod is retried after its back-off.
        console.error(`scheduler: scheduling ${q.podInfo.namespace}/${q.podInfo.name}:`, err);
        this.queue.failed(q, new Set(), true);
      }
      // A long run of pending pods would otherwise hold the thread for seconds: let other
      // tasks (API requests, timers, messages) in now and then.
      if (++sinceYield >= yieldEvery) {
        sinceYield = 0;
        await yieldToOtherTasks();
      }
    }
  }

  /** Whether this scheduler is the one to place the pod. */
  private responsibleFor(pod: Pod): boolean {
    return (
      (pod.spec.schedulerName || defaultSchedulerName) === this.profile.schedulerName &&
      !pod.spec.nodeName &&
      !pod.metadata.deletionTimestamp &&
      !isTerminal(pod)
    );
  }

  /** One scheduling cycle, synchronous up to the binding (scheduleOne). */
  scheduleOne(q: QueuedPodInfo): void {
    const info = q.podInfo;
    if (info.terminating || this.cache.isAssumed(info.key)) {
      this.queue.done(info.key);
      return;
    }
    const outcome = this.algorithm.schedule(info);
    if (!outcome.ok) {
      this.handleFailure(q, outcome.code, outcome.message, outcome.unschedulablePlugins, false);
      return;
    }
    this.cache.assumePod(info, outcome.nodeName);
    this.queue.done(info.key);
    this.bind(q, outcome.nodeName);
  }

  private bind(q: QueuedPodInfo, nodeName: string): void {
    const pod = q.podInfo.pod;
    const namespace = q.podInfo.namespace;
    const name = q.podInfo.name;
    const binding = this.bindVolumes(pod, nodeName)
      .then(() => this.options.client.bind(namespace, name, nodeName, pod.metadata.uid))
      .then(
        () => {
          this.events.record(
            pod,
            'Normal',
            'Scheduled',
            'Binding',
            `Successfully assigned ${namespace}/${name} to ${nodeName}`,
          );
        },
        (err: unknown) => {
          this.cache.forgetPod(q.podInfo.key);
          // Resources the pod held in the cache are free again.
          this.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
          const message = err instanceof Error ? err.message : String(err);
          this.handleFailure(q, 'Error', message, new Set(), true);
        },
      );
    this.bindings.add(binding);
    void binding.finally(() => this.bindings.delete(binding));
  }

  /**
   * VolumeBinding's PreBind: the pod's claims that wait for their first consumer are given
   * the chosen node (the selected-node annotation, for the PV controller and the provisioner);
   * resolves once every one is bound, rejects after bindTimeoutSeconds.
   */
  private async bindVolumes(pod: Pod, nodeName: string): Promise<void> {
    const namespace = pod.metadata.namespace ?? 'default';
    const names = podClaimNames(pod);
    const waiting = names.filter((name) => {
      const claim = this.claimInformer.get(namespace, name);
      return claim !== undefined && waitsForConsumer(claim, this.volumeListers);
    });
    if (waiting.length === 0) return;
    for (const name of waiting) {
      const claim = this.claimInformer.get(namespace, name);
      if (claim?.metadata.annotations?.[annSelectedNode] === nodeName) continue;
      await this.options.client.patch(persistentvolumeclaims, namespace, name, {
        metadata: { annotations: { [annSelectedNode]: nodeName } },
      });
    }
    const bound = () =>
      waiting.every((name) => {
        const claim = this.claimInformer.get(namespace, name);
        return !!claim?.spec.volumeName && claim.status?.phase === 'Bound';
      });
    if (bound()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!bound()) return;
        finish();
        resolve();
      };
      const timer = this.options.clock.setTimer(volumeBindTimeout, () => {
        finish();
        reject(
          new Error(
            'running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded',
          ),
        );
      });
      const finish = () => {
        timer.cancel();
        this.claimWaiters.delete(check);
      };
      this.claimWaiters.add(check);
    });
  }

  /**
   * handleSchedulingFailure: requeue the latest version of the pod (unless it is gone or has a
   * node by now), record FailedScheduling and set PodScheduled=False with the message.
   */
  private handleFailure(
    q: QueuedPodInfo,
    code: 'Unschedulable' | 'Error',
    message: string,
    plugins: ReadonlySet<string>,
    binding: boolean,
  ): void {
    const { namespace, name } = q.podInfo;
    const latest = this.podInformer.get(namespace, name);
    if (!latest || latest.metadata.uid !== q.podInfo.pod.metadata.uid || latest.spec.nodeName) {
      this.queue.done(q.podInfo.key);
      return;
    }
    if (latest !== q.podInfo.pod) q.podInfo = new PodInfo(latest);
    if (binding) this.queue.requeueAfterBindingFailure(q);
    else this.queue.failed(q, plugins, code === 'Error');
    this.events.record(
      latest,
      'Warning',
      'FailedScheduling',
      'Scheduling',
      truncateMessage(message),
    );
    void this.setUnschedulableCondition(
      latest,
      code === 'Unschedulable' ? 'Unschedulable' : 'SchedulerError',
      message,
    );
  }

  /** PodScheduled=False with the reason and message, through pods/status, unless already so. */
  private async setUnschedulableCondition(
    pod: Pod,
    reason: string,
    message: string,
  ): Promise<void> {
    const conditions = pod.status?.conditions ?? [];
    const old = conditions.find((c) => c.type === 'PodScheduled');
    if (old && old.status === 'False' && old.reason === reason && old.message === message) return;
    const condition: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime:
        old?.status === 'False' && old.lastTransitionTime
          ? old.lastTransitionTime
          : rfc3339(this.options.clock.now()),
      reason,
      message,
      ...(pod.metadata.generation !== undefined
        ? { observedGeneration: pod.metadata.generation }
        : {}),
    };
    const next = [...conditions.filter((c) => c.type !== 'PodScheduled'), condition];
    try {
      await this.options.client.patch(
        pods,
        pod.metadata.namespace,
        pod.metadata.name ?? '',
        { status: { conditions: next } },
        'merge',
        'status',
      );
    } catch (err) {
      if (!isNotFound(err))
        console.error(
          `scheduler: updating PodScheduled of ${pod.metadata.namespace}/${pod.metadata.name}:`,
          err,
        );
    }
  }

  private onPodAdd(pod: Pod): void {
    if (pod.spec.nodeName) {
      this.cache.addPod(pod);
      if (!isTerminal(pod)) this.movePodsHelpedBy('AssignedPodAdd', pod);
      return;
    }
    if (this.responsibleFor(pod)) this.queue.add(new PodInfo(pod));
  }

  private onPodUpdate(old: Pod, pod: Pod): void {
    if (pod.spec.nodeName) {
      if (!old.spec.nodeName) {
        // Bound (by us or anyone): it leaves the queue and joins the cache.
        this.queue.delete(podKey(pod));
        this.onPodAdd(pod);
        return;
      }
      this.cache.updatePod(pod);
      if (isTerminal(pod) && !isTerminal(old))
        this.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
      else if (!sameJson(old.metadata.labels, pod.metadata.labels))
        this.movePodsHelpedBy('AssignedPodLabelChange', pod);
      return;
    }
    const key = podKey(pod);
    if (!this.responsibleFor(pod)) {
      this.queue.delete(key);
      return;
    }
    // A pod we placed but have not seen bound yet is not scheduled twice.
    if (this.cache.isAssumed(key)) return;
    this.queue.update(new PodInfo(pod));
  }

  private onPodDelete(pod: Pod): void {
    const key = podKey(pod);
    if (pod.spec.nodeName || this.cache.isAssumed(key)) {
      this.cache.removePod(pod);
      this.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
    }
    this.queue.delete(key);
  }

  /**
   * A pod landed on (or relabelled on) a node: retry parked pods whose required affinity terms
   * or topology spread selectors it matches (getUnschedulablePodsWithMatchingAffinityTerm).
   */
  private movePodsHelpedBy(event: ClusterEvent, pod: Pod): void {
    if (this.queue.lengths.unschedulable === 0) return;
    const added = new PodInfo(pod);
    this.queue.moveAllToActiveOrBackoff(event, (q) => {
      for (const term of q.podInfo.requiredAffinityTerms) {
        if (termMatches(term, added, this.namespaceLabels)) return true;
      }
      if (added.namespace !== q.podInfo.namespace) return false;
      for (const c of q.podInfo.pod.spec.topologySpreadConstraints ?? []) {
        if (compileLabelSelector(c.labelSelector)(added.labels)) return true;
      }
      return false;
    });
  }
}

/** Where the scheduler reports `Scheduled` and `FailedScheduling` (a test may collect them instead). */
export interface PodEventSink {
  record(
    pod: Pod,
    type: 'Normal' | 'Warning',
    reason: string,
    action: string,
    message: string,
  ): void;
}

/** The scheduler's events through the shared recorder, as `default-scheduler`. */
function schedulerEvents(recorder: EventRecorder): PodEventSink {
  return {
    record(pod, type, reason, action, message) {
      void recorder.record(pod, type, reason, message, { action });
    },
  };
}
