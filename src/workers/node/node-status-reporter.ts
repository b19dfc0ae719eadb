import { isConflict } from '../../kernel/api/errors.ts';
import { nodes } from '../../kernel/api/resources.ts';
import type { Clock, TimerHandle } from '../../kernel/clock/clock.ts';
import { pacedTimer } from '../../kernel/clock/paced-timer.ts';
import type { Client } from '../../kernel/client/client.ts';
import type { EventRecorder } from '../../kernel/client/event-recorder.ts';
import type { KubeObject } from '../../kernel/types/meta.ts';
import type { Node, NodeSystemInfo } from '../../kernel/types/core.ts';
import type { NodeImage } from './image-puller.ts';
import { nodeStatus, type NodeConfig } from './node-object.ts';

/** Attempts at one status post that keeps conflicting (the kubelet's nodeStatusUpdateRetry). */
const postAttempts = 5;

/** Real time between posts, at least, when cluster time runs faster than real time. */
export interface RealTimeFloor {
  /** Real time that stops while cluster time is paused (ScaledClock.realTime). */
  realTime: Clock;
  ms: number;
}

/**
 * Posts the node's status every nodeStatusUpdateFrequency (the heartbeat the node lifecycle
 * controller reads besides the Lease), never more often than the real-time floor allows,
 * re-reading the Node on conflicts, and records the
 * kubelet's node events when a condition appears or changes (`NodeReady`...).
 */
export class NodeStatusReporter {
  private timer?: TimerHandle;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly period: number,
    private readonly config: NodeConfig,
    private readonly info: NodeSystemInfo,
    private readonly events: EventRecorder,
    private readonly images: () => NodeImage[],
    private readonly floor?: RealTimeFloor,
  ) {}

  /** Posts now, then every period. */
  async start(): Promise<void> {
    await this.postSafely();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** Records the events for a status the kubelet wrote itself (at registration). */
  recordEvents(events: string[]): void {
    for (const event of events)
      this.nodeEvent(event, `Node ${this.config.nodeName} status is now: ${event}`);
  }

  /** Records an event about this node, as the kubelet does (its reference carries the name as uid). */
  nodeEvent(reason: string, message: string): void {
    const name = this.config.nodeName;
    const ref: KubeObject = { kind: 'Node', metadata: { name, uid: name } };
    void this.events.record(ref, 'Normal', reason, message);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = pacedTimer(
      this.clock,
      this.period,
      this.floor?.realTime,
      this.floor?.ms ?? 0,
      () => void this.postSafely().then(() => this.schedule()),
    );
  }

  private async postSafely(): Promise<void> {
    try {
      await this.post();
    } catch (err) {
      if (!this.stopped)
        console.error(`kubelet: posting the status of node ${this.config.nodeName}:`, err);
    }
  }

  private async post(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      const node = await this.client.get<Node>(nodes, undefined, this.config.nodeName);
      const { status, events } = nodeStatus({
        config: this.config,
        info: this.info,
        previous: node.status,
        images: this.images(),
        now: this.clock.now(),
      });
      try {
        await this.client.updateStatus<Node>(nodes, {
          ...node,
          status: { ...node.status, ...status },
        });
        this.recordEvents(events);
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= postAttempts) throw err;
      }
    }
  }
}
