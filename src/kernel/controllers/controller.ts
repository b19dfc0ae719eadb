import type { Clock } from '../clock/clock.ts';
import type { Timing } from '../clock/presets.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import type { InformerFactory } from '../client/informer-factory.ts';
import type { WorkQueue } from '../client/workqueue.ts';

/** What a controller is given: the API client, the shared informers, its queue, time, events. */
export interface ControllerContext {
  client: Client;
  informers: InformerFactory;
  queue: WorkQueue;
  clock: Clock;
  /**
   * Real time that stops while cluster time is paused (the page's ScaledClock.realTime), for
   * the timing's real-time floors; absent where cluster time alone decides (a FakeClock).
   */
  realTime?: Clock;
  timing: Timing;
  /** Records events as this controller (`source.component` is the controller's name). */
  events: EventRecorder;
}

/** What `reconcile` may ask for besides success: to look at the key again later. */
export interface ReconcileResult {
  requeueAfter?: number;
}

/**
 * A controller in the style of sample-controller: `setup` registers informer handlers that
 * add keys to the queue (an owner's key when a dependent changes); `reconcile(key)` reads the
 * caches, compares desired with actual state, and writes through the API. A thrown error
 * requeues the key with back-off; a problem that retrying cannot fix should be recorded as a
 * Warning event and not thrown.
 */
export interface Controller {
  /** Kubernetes' component name, used as the events' source: `replicaset-controller`. */
  readonly name: string;
  /** Concurrent workers; a key is never reconciled by two at once. */
  readonly workers?: number;
  setup(context: ControllerContext): void;
  reconcile(key: string): Promise<ReconcileResult | void>;
}
