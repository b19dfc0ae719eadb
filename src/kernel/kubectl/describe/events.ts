/**
 * The Events section of `kubectl describe`: the events about one object (searchEvents) and
 * their table (DescribeEvents).
 */
import { events as eventsResource } from '../../api/resources.ts';
import { timestampAge } from '../../client/duration.ts';
import type { Client } from '../../client/client.ts';
import type { Event } from '../../types/core.ts';
import type { PrefixWriter } from './prefix-writer.ts';

/** Which object events are searched for; unset parts are not matched (kubectl leaves a Pod's kind out). */
export interface EventTarget {
  name: string;
  namespace: string;
  kind?: string;
  uid?: string;
}

/**
 * Events whose involvedObject matches `target` by name, namespace and (when given) kind and
 * uid, through the events field selector as kubectl asks for them. A cluster-scoped target
 * (namespace '') searches every namespace, where its events live.
 */
export async function searchEvents(client: Client, target: EventTarget): Promise<Event[]> {
  const terms = [
    `involvedObject.name=${target.name}`,
    `involvedObject.namespace=${target.namespace}`,
  ];
  if (target.kind) terms.push(`involvedObject.kind=${target.kind}`);
  if (target.uid) terms.push(`involvedObject.uid=${target.uid}`);
  const list = await client.list<Event>(eventsResource, target.namespace || undefined, {
    fieldSelector: terms.join(','),
  });
  return list.items;
}

/** Milliseconds of an event's last timestamp, Go's zero time when unset (sorts first). */
function lastSeen(e: Event): number {
  const ms = e.lastTimestamp ? Date.parse(e.lastTimestamp) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/**
 * Writes `Events:  <none>` or the Type/Reason/Age/From/Message table, oldest first by last
 * timestamp; a repeated event's Age is `<last> (x<count> over <first>)`, and a message about a
 * part of the object is prefixed with its fieldPath.
 */
export function describeEvents(w: PrefixWriter, items: readonly Event[], now: number): void {
  if (items.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  // sort.Sort is not stable in Go; a stable sort gives the same order for distinct timestamps.
  const sorted = [...items].sort((a, b) => lastSeen(a) - lastSeen(b));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime
      ? timestampAge(e.eventTime, now)
      : timestampAge(e.firstTimestamp, now);
    const series = e.series as { count?: number; lastObservedTime?: string } | undefined;
    let interval: string;
    if (series) {
      interval = `${timestampAge(series.lastObservedTime, now)} (x${series.count ?? 0} over ${first})`;
    } else if ((e.count ?? 0) > 1) {
      interval = `${timestampAge(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    } else {
      interval = first;
    }
    const source = e.source?.component || e.reportingComponent || '';
    let message = (e.message ?? '').trim();
    if (e.involvedObject?.fieldPath) message = `${e.involvedObject.fieldPath}: ${message}`;
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${message}\n`);
  }
}

/**
 * Appends the Events section for the objects `targets` name (merged, as kubectl merges a
 * node's two searches). A failed search leaves the section out, as kubectl ignores it.
 */
export async function writeEvents(
  w: PrefixWriter,
  client: Client,
  now: number,
  targets: readonly EventTarget[],
): Promise<void> {
  const found: Event[] = [];
  try {
    for (const target of targets) found.push(...(await searchEvents(client, target)));
  } catch {
    return;
  }
  describeEvents(w, found, now);
}
