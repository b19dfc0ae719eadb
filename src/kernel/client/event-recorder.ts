import { rfc3339 } from '../clock/clock.ts';
import type { Clock } from '../clock/clock.ts';
import { isNotFound } from '../api/errors.ts';
import { events } from '../api/resources.ts';
import type { Event, ObjectReference } from '../types/core.ts';
import type { KubeObject } from '../types/meta.ts';
import type { Client } from './client.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventOptions {
  action?: string;
  fieldPath?: string;
}

interface Aggregate {
  name: string;
  namespace: string;
  count: number;
}

/** How many distinct event series one recorder remembers for counting repeats. */
const maxRemembered = 4096;

/**
 * Records core/v1 Events about objects, as client-go's event recorder does: an event with
 * the same object, reason, message and source as an earlier one bumps that Event's count and
 * lastTimestamp instead of creating another. Recording never fails the caller; a failed write
 * is reported to the console.
 */
export class EventRecorder {
  private series = new Map<string, Aggregate>();
  /** The last write queued per series, while one is in flight. */
  private pending = new Map<string, Promise<void>>();

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly component: string,
    private readonly host?: string,
  ) {}

  /** Same recorder, reporting as another component (`deployment-controller`, `kubelet`...). */
  forComponent(component: string, host?: string): EventRecorder {
    return new EventRecorder(this.client, this.clock, component, host);
  }

  /**
   * Records an event about `object`. `fieldPath` names a part of it (a kubelet's
   * `spec.containers{app}`); `action` is what the component was doing (`Scheduling`).
   */
  record(
    object: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    options: EventOptions = {},
  ): Promise<void> {
    const involved = referenceTo(object);
    if (options.fieldPath) involved.fieldPath = options.fieldPath;
    const seriesKey = [
      involved.uid,
      involved.kind,
      involved.name,
      involved.fieldPath,
      reason,
      message,
      this.component,
      this.host,
    ].join('\u0000');
    // Writes of one series go one after another, so two records made before the first write
    // lands still count as one Event with count 2, not two Events.
    const previous = this.pending.get(seriesKey) ?? Promise.resolve();
    const next = previous
      .then(() => this.write(involved, seriesKey, type, reason, message, options.action))
      .catch((err) => {
        console.error(`event ${reason} for ${object.metadata.name} not recorded:`, err);
      });
    this.pending.set(seriesKey, next);
    void next.then(() => {
      if (this.pending.get(seriesKey) === next) this.pending.delete(seriesKey);
    });
    return next;
  }

  private async write(
    involved: ObjectReference,
    seriesKey: string,
    type: EventType,
    reason: string,
    message: string,
    action: string | undefined,
  ): Promise<void> {
    // Events about cluster-scoped objects (Nodes) live in the default namespace.
    const namespace = involved.namespace || 'default';
    const now = rfc3339(this.clock.now());
    const previous = this.series.get(seriesKey);
    if (previous) {
      previous.count++;
      try {
        await this.client.patch(events, previous.namespace, previous.name, {
          count: previous.count,
          lastTimestamp: now,
        });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.series.delete(seriesKey);
      }
    }
    // client-go names events `<object>.<unix nanoseconds in hex>`; nanoseconds exceed 2^53, so
    // count them in a BigInt, with random low digits keeping same-millisecond events apart.
    const nanos =
      BigInt(Math.floor(this.clock.now())) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6));
    const name = `${involved.name}.${nanos.toString(16)}`;
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source: { component: this.component, ...(this.host ? { host: this.host } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: this.host ?? '',
      ...(action ? { action } : {}),
    };
    await this.client.create(events, namespace, event);
    if (this.series.size >= maxRemembered) this.series.delete(this.series.keys().next().value!);
    this.series.set(seriesKey, { name, namespace, count: 1 });
  }
}

/** An ObjectReference to an object, as events and bindings carry. */
export function referenceTo(object: KubeObject): ObjectReference {
  const ref: ObjectReference = {
    kind: object.kind,
    name: object.metadata.name,
    uid: object.metadata.uid,
    apiVersion: object.apiVersion,
    resourceVersion: object.metadata.resourceVersion,
  };
  if (object.metadata.namespace) ref.namespace = object.metadata.namespace;
  return ref;
}
