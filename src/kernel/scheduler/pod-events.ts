import { isNotFound } from '../api/errors.ts';
import { events } from '../api/resources.ts';
import { rfc3339, type Clock } from '../clock/clock.ts';
import type { Client } from '../client/client.ts';
import type { Event, Pod } from '../types/core.ts';

/** Where the scheduler reports `Scheduled` and `FailedScheduling`; swappable for a shared recorder. */
export interface PodEventSink {
  record(
    pod: Pod,
    type: 'Normal' | 'Warning',
    reason: string,
    action: string,
    message: string,
  ): void;
}

interface Series {
  namespace: string;
  /** The Event's name once created. */
  name: string;
  /** The Event's count; 0 until it exists. */
  count: number;
  /** The last write of this series, which the next one waits for. */
  written: Promise<void>;
}

const maxSeries = 4096;

/**
 * A small core/v1 Event writer for the scheduler (until a shared recorder replaces it): names
 * events `<pod>.<hex nanoseconds>` as client-go does, stamps first/lastTimestamp, count,
 * source and reportingComponent, and counts a repeat of the same event (same pod, type,
 * reason and message) on the existing Event instead of creating another. Failures are logged,
 * never thrown: events are best effort.
 */
export class PodEventRecorder implements PodEventSink {
  private readonly series = new Map<string, Series>();
  private sequence = 0;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly component = 'default-scheduler',
  ) {}

  record(
    pod: Pod,
    type: 'Normal' | 'Warning',
    reason: string,
    action: string,
    message: string,
  ): void {
    const namespace = pod.metadata.namespace ?? 'default';
    const key = [
      pod.metadata.uid ?? `${namespace}/${pod.metadata.name}`,
      type,
      reason,
      message,
    ].join('\u0000');
    const previous = this.series.get(key);
    const entry: Series = previous ?? { namespace, name: '', count: 0, written: Promise.resolve() };
    // Writes of one series are chained, so a repeat never races the Event's creation.
    entry.written = entry.written
      .then(() => this.write(entry, pod, type, reason, action, message))
      .catch((err: unknown) => {
        console.error(
          `scheduler: event ${reason} for ${namespace}/${pod.metadata.name} not recorded:`,
          err,
        );
      });
    // Most recently used last, so the oldest series is the one forgotten.
    this.series.delete(key);
    if (this.series.size >= maxSeries) this.series.delete(this.series.keys().next().value!);
    this.series.set(key, entry);
  }

  /** A unique event name: the pod name and the time in nanoseconds, in hex. */
  private eventName(podName: string): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    const nanos = BigInt(Math.floor(this.clock.now())) * 1_000_000n + BigInt(this.sequence);
    return `${podName}.${nanos.toString(16)}`;
  }

  private async write(
    series: Series,
    pod: Pod,
    type: 'Normal' | 'Warning',
    reason: string,
    action: string,
    message: string,
  ): Promise<void> {
    const now = rfc3339(this.clock.now());
    if (series.count > 0) {
      try {
        await this.client.patch(events, series.namespace, series.name, {
          count: series.count + 1,
          lastTimestamp: now,
        });
        series.count++;
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const namespace = series.namespace;
    const name = this.eventName(pod.metadata.name ?? '');
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
        resourceVersion: pod.metadata.resourceVersion,
      },
      reason,
      message,
      source: { component: this.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      action,
      reportingComponent: this.component,
      reportingInstance: '',
    };
    await this.client.create(events, namespace, event);
    series.name = name;
    series.count = 1;
  }
}
