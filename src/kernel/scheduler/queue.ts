import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { ClusterEvent } from './framework.ts';
import { KeyedHeap } from './keyed-heap.ts';
import type { PodInfo } from './pod-info.ts';

/** A pending pod with its queueing history (framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was added, or last failed an attempt: orders equal priorities and starts back-off. */
  timestamp: number;
  /** Scheduling attempts so far; each pop counts one. */
  attempts: number;
  initialAttemptTimestamp: number | undefined;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: ReadonlySet<string>;
}

export interface SchedulingQueueOptions {
  clock: Clock;
  /** Back-off after the first failed attempt, doubling per attempt (podInitialBackoffSeconds: 1 s). */
  podInitialBackoff?: number;
  /** Longest back-off (podMaxBackoffSeconds: 10 s). */
  podMaxBackoff?: number;
  /** How long an unschedulable pod waits for a helpful cluster event before it is retried anyway (5 min). */
  podMaxUnschedulableDuration?: number;
  /** Whether an event may help a pod the given plugins rejected; default: any event helps. */
  eventMayHelp?: (event: ClusterEvent, rejectedBy: ReadonlySet<string>) => boolean;
}

const noPlugins: ReadonlySet<string> = new Set();

function morePressing(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = a.podInfo.priority;
  const pb = b.podInfo.priority;
  return pa > pb || (pa === pb && a.timestamp < b.timestamp);
}

function isGated(info: PodInfo): boolean {
  return ((info.pod.spec.schedulingGates as unknown[] | undefined)?.length ?? 0) > 0;
}

/** The parts of a pod whose change can change where it fits (isPodUpdated ignores status). */
function schedulingRelevant(info: PodInfo): string {
  const { labels, annotations } = info.pod.metadata;
  return JSON.stringify([labels ?? {}, annotations ?? {}, info.pod.spec]);
}

/**
 * kube-scheduler's PriorityQueue: an active queue ordered by priority then time; a back-off
 * queue of pods waiting out a per-pod exponential back-off after a failed attempt; and the
 * unschedulable pods, parked until a cluster event that may help them (as judged from the
 * plugins that rejected them) or until podMaxUnschedulableDuration passes. Pods with
 * scheduling gates wait aside until their gates are removed.
 */
export class SchedulingQueue {
  private readonly active = new KeyedHeap<QueuedPodInfo>((q) => q.podInfo.key, morePressing);
  private readonly backoff = new KeyedHeap<QueuedPodInfo>(
    (q) => q.podInfo.key,
    (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b),
  );
  /** In the order they were parked, which is also their timestamp order. */
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly gated = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private readonly waiters: ((q: QueuedPodInfo | undefined) => void)[] = [];
  private backoffTimer: TimerHandle | undefined;
  private backoffTimerDue = 0;
  private unschedulableTimer: TimerHandle | undefined;
  private unschedulableTimerDue = 0;
  private closed = false;
  private readonly clock: Clock;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxUnschedulable: number;
  private readonly eventMayHelp: (event: ClusterEvent, rejectedBy: ReadonlySet<string>) => boolean;

  constructor(options: SchedulingQueueOptions) {
    this.clock = options.clock;
    this.initialBackoff = options.podInitialBackoff ?? 1_000;
    this.maxBackoff = options.podMaxBackoff ?? 10_000;
    this.maxUnschedulable = options.podMaxUnschedulableDuration ?? 300_000;
    this.eventMayHelp = options.eventMayHelp ?? (() => true);
  }

  /** Sizes of the sub-queues, for tests and the UI. */
  get lengths(): {
    active: number;
    backoff: number;
    unschedulable: number;
    gated: number;
    inFlight: number;
  } {
    return {
      active: this.active.size,
      backoff: this.backoff.size,
      unschedulable: this.unschedulable.size,
      gated: this.gated.size,
      inFlight: this.inFlight.size,
    };
  }

  /** Whether the queue holds the pod in any form (in flight included). */
  has(key: string): boolean {
    return (
      this.active.has(key) ||
      this.backoff.has(key) ||
      this.unschedulable.has(key) ||
      this.gated.has(key) ||
      this.inFlight.has(key)
    );
  }

  /** A new pending pod. A pod already queued is updated instead. */
  add(info: PodInfo): void {
    if (this.closed) return;
    if (this.has(info.key)) {
      this.update(info);
      return;
    }
    const q: QueuedPodInfo = {
      podInfo: info,
      timestamp: this.clock.now(),
      attempts: 0,
      initialAttemptTimestamp: undefined,
      unschedulablePlugins: noPlugins,
    };
    if (isGated(info)) this.gated.set(info.key, q);
    else this.pushActive(q);
  }

  /**
   * The pending pod changed. A parked pod whose labels, annotations or spec changed is retried
   * (after its back-off); a gated pod whose gates are gone becomes active; status-only changes
   * just refresh the stored pod.
   */
  update(info: PodInfo): void {
    const key = info.key;
    const inActive = this.active.get(key);
    if (inActive) {
      inActive.podInfo = info;
      this.active.push(inActive);
      return;
    }
    const inBackoff = this.backoff.get(key);
    if (inBackoff) {
      inBackoff.podInfo = info;
      return;
    }
    const parked = this.unschedulable.get(key);
    if (parked) {
      const changed = schedulingRelevant(parked.podInfo) !== schedulingRelevant(info);
      parked.podInfo = info;
      if (changed) {
        this.unschedulable.delete(key);
        this.requeue(parked);
      }
      return;
    }
    const gated = this.gated.get(key);
    if (gated) {
      gated.podInfo = info;
      if (!isGated(info)) {
        this.gated.delete(key);
        this.pushActive(gated);
      }
      return;
    }
    const flying = this.inFlight.get(key);
    if (flying) {
      flying.podInfo = info;
      return;
    }
    this.add(info);
  }

  /** The pod is gone, or no longer this queue's business (bound, being deleted). */
  delete(key: string): void {
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.gated.delete(key);
    this.inFlight.delete(key);
    this.armBackoffTimer();
  }

  /** Waits for the most pressing active pod; resolves undefined once the queue is closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    const q = this.popNow();
    if (q || this.closed) return Promise.resolve(q);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The most pressing active pod, or undefined when none is active now. */
  popNow(): QueuedPodInfo | undefined {
    const q = this.active.pop();
    if (!q) return undefined;
    q.attempts++;
    q.initialAttemptTimestamp ??= this.clock.now();
    this.inFlight.set(q.podInfo.key, q);
    return q;
  }

  /** The attempt placed the pod: it leaves the queue. */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * The attempt failed. A pod some plugins rejected is parked until an event may help it; a pod
   * that failed on an error, or that nothing in particular rejected, waits out its back-off.
   * Ignored for a pod deleted meanwhile.
   */
  failed(q: QueuedPodInfo, unschedulablePlugins: ReadonlySet<string>, error = false): void {
    const key = q.podInfo.key;
    if (!this.inFlight.has(key) || this.closed) return;
    this.inFlight.delete(key);
    q.timestamp = this.clock.now();
    q.unschedulablePlugins = unschedulablePlugins;
    if (error || unschedulablePlugins.size === 0) {
      this.pushBackoff(q);
      return;
    }
    this.unschedulable.set(key, q);
    this.armUnschedulableTimer();
  }

  /** A placed pod whose binding failed: back into the queue after its back-off. */
  requeueAfterBindingFailure(q: QueuedPodInfo): void {
    if (this.closed || this.has(q.podInfo.key)) return;
    q.timestamp = this.clock.now();
    q.unschedulablePlugins = noPlugins;
    this.pushBackoff(q);
  }

  /**
   * A cluster event happened: parked pods it may help (and that `matches`, when given) move to
   * the active queue, or to the back-off queue while still backing off.
   */
  moveAllToActiveOrBackoff(event: ClusterEvent, matches?: (q: QueuedPodInfo) => boolean): number {
    let moved = 0;
    for (const [key, q] of this.unschedulable) {
      if (!this.eventMayHelp(event, q.unschedulablePlugins)) continue;
      if (matches && !matches(q)) continue;
      this.unschedulable.delete(key);
      this.requeue(q);
      moved++;
    }
    return moved;
  }

  /** The parked pods, for event pre-checks and inspection. */
  unschedulablePods(): IterableIterator<QueuedPodInfo> {
    return this.unschedulable.values();
  }

  close(): void {
    this.closed = true;
    this.backoffTimer?.cancel();
    this.unschedulableTimer?.cancel();
    for (const resolve of this.waiters.splice(0)) resolve(undefined);
  }

  /** When the pod's back-off ends: initial × 2^(attempts−1), capped (calculateBackoffDuration). */
  backoffExpiry(q: QueuedPodInfo): number {
    let duration = this.initialBackoff;
    for (let i = 1; i < q.attempts; i++) {
      if (duration > this.maxBackoff - duration) return q.timestamp + this.maxBackoff;
      duration += duration;
    }
    return q.timestamp + duration;
  }

  private requeue(q: QueuedPodInfo): void {
    if (this.backoffExpiry(q) > this.clock.now()) this.pushBackoff(q);
    else this.pushActive(q);
  }

  private pushActive(q: QueuedPodInfo): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      this.active.push(q);
      waiter(this.popNow());
      return;
    }
    this.active.push(q);
  }

  private pushBackoff(q: QueuedPodInfo): void {
    this.backoff.push(q);
    this.armBackoffTimer();
  }

  private armBackoffTimer(): void {
    const top = this.backoff.peek();
    if (!top) {
      this.backoffTimer?.cancel();
      this.backoffTimer = undefined;
      return;
    }
    const due = this.backoffExpiry(top);
    if (this.backoffTimer && this.backoffTimerDue <= due) return;
    this.backoffTimer?.cancel();
    this.backoffTimerDue = due;
    this.backoffTimer = this.clock.setTimer(Math.max(0, due - this.clock.now()), () => {
      this.backoffTimer = undefined;
      this.flushBackoffCompleted();
    });
  }

  /** Moves every pod whose back-off has ended to the active queue (flushBackoffQCompleted). */
  private flushBackoffCompleted(): void {
    const now = this.clock.now();
    for (
      let top = this.backoff.peek();
      top && this.backoffExpiry(top) <= now;
      top = this.backoff.peek()
    ) {
      this.backoff.pop();
      this.pushActive(top);
    }
    this.armBackoffTimer();
  }

  private armUnschedulableTimer(): void {
    const oldest = this.unschedulable.values().next().value;
    if (!oldest) return;
    const due = oldest.timestamp + this.maxUnschedulable;
    if (this.unschedulableTimer && this.unschedulableTimerDue <= due) return;
    this.unschedulableTimer?.cancel();
    this.unschedulableTimerDue = due;
    this.unschedulableTimer = this.clock.setTimer(Math.max(0, due - this.clock.now()), () => {
      this.unschedulableTimer = undefined;
      this.flushUnschedulableLeftover();
    });
  }

  /** Retries pods parked longer than podMaxUnschedulableDuration (flushUnschedulablePodsLeftover). */
  private flushUnschedulableLeftover(): void {
    const now = this.clock.now();
    for (const [key, q] of this.unschedulable) {
      if (q.timestamp + this.maxUnschedulable > now) break;
      this.unschedulable.delete(key);
      this.requeue(q);
    }
    this.armUnschedulableTimer();
  }
}
