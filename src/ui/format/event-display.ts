/** The cells of `kubectl get events` that need more than a field read. */
import type { Event } from '../../kernel/types/core.ts';

/**
 * When an event was last seen, as kubectl's LAST SEEN reads it: the series' last observation,
 * else lastTimestamp, else the first time (firstTimestamp, or eventTime for new-style events).
 */
export function eventLastSeen(event: Event): string | undefined {
  const series = event.series as { lastObservedTime?: string } | undefined;
  return (
    series?.lastObservedTime ||
    event.lastTimestamp ||
    event.firstTimestamp ||
    event.eventTime ||
    undefined
  );
}

/** kubectl's OBJECT cell: `<kind lower-cased>/<name>` of the involved object. */
export function eventObject(event: Event): string {
  const { kind, name } = event.involvedObject ?? {};
  return `${(kind ?? '').toLowerCase()}/${name ?? ''}`;
}

/** ms since the epoch of the event's LAST SEEN, or -Infinity when it has none (sorts last). */
export function eventLastSeenMs(event: Event): number {
  const at = eventLastSeen(event);
  const ms = at ? Date.parse(at) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}
