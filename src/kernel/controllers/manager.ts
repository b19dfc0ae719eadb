import type { Clock } from '../clock/clock.ts';
import type { Timing } from '../clock/presets.ts';
import type { Client } from '../client/client.ts';
import { EventRecorder } from '../client/event-recorder.ts';
import { InformerFactory } from '../client/informer-factory.ts';
import { WorkQueue } from '../client/workqueue.ts';
import type { Controller, ControllerContext } from './controller.ts';

export interface ControllerManagerOptions {
  client: Client;
  clock: Clock;
  /** Real time for the timing's real-time floors (ControllerContext.realTime). */
  realTime?: Clock;
  timing: Timing;
  /** Shared informers; a new factory is made when absent. */
  informers?: InformerFactory;
}

interface Running {
  controller: Controller;
  queue: WorkQueue;
}

/**
 * Runs controllers on the shared reconcile loop: one work queue per controller, workers that
 * take keys, call `reconcile`, and requeue failures with back-off (kube-controller-manager).
 */
export class ControllerManager {
  readonly informers: InformerFactory;
  private running: Running[] = [];
  private stopped = false;
  /** Keys being reconciled right now, for tests that wait for quiet. */
  private active = 0;

  constructor(private readonly options: ControllerManagerOptions) {
    this.informers = options.informers ?? new InformerFactory(options.client, options.clock);
  }

  add(controller: Controller): void {
    const { client, clock, realTime, timing } = this.options;
    const queue = new WorkQueue({
      clock,
      baseDelay: timing.requeueBaseDelay,
      maxDelay: timing.requeueMaxDelay,
    });
    const context: ControllerContext = {
      client,
      clock,
      realTime,
      timing,
      informers: this.informers,
      queue,
      events: new EventRecorder(client, clock, controller.name),
    };
    controller.setup(context);
    this.running.push({ controller, queue });
  }

  /** Starts the informers, waits for their first lists, then starts the workers. */
  async start(): Promise<void> {
    await this.informers.start();
    for (const running of this.running) {
      for (let i = 0; i < (running.controller.workers ?? 1); i++) void this.work(running);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const running of this.running) running.queue.shutDown();
    this.informers.stop();
  }

  /** True when no controller has a key queued or in progress. */
  idle(): boolean {
    return this.active === 0 && this.running.every((r) => r.queue.length === 0);
  }

  private async work({ controller, queue }: Running): Promise<void> {
    while (!this.stopped) {
      const key = await queue.get();
      if (key === undefined) return;
      this.active++;
      try {
        const result = await controller.reconcile(key);
        queue.forget(key);
        if (result?.requeueAfter !== undefined) queue.addAfter(key, result.requeueAfter);
      } catch (err) {
        if (!this.stopped) {
          console.warn(
            `${controller.name}: ${key}: ${err instanceof Error ? err.message : String(err)}`,
          );
          queue.addRateLimited(key);
        }
      } finally {
        this.active--;
        queue.done(key);
      }
    }
  }
}
