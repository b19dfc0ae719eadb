import type { Event } from '../../../types/core.ts';
import { timestampAge } from '../../../client/duration.ts';
import type { Column } from './column.ts';

function firstSeen(e: Event, now: number): string {
  return timestampAge(e.firstTimestamp || e.eventTime, now);
}

function lastSeen(e: Event, now: number): string {
  return e.lastTimestamp ? timestampAge(e.lastTimestamp, now) : firstSeen(e, now);
}

function target(e: Event): string {
  const kind = (e.involvedObject.kind ?? '').toLowerCase();
  return e.involvedObject.name ? `${kind}/${e.involvedObject.name}` : kind;
}

function source(e: Event): string {
  const component = e.source?.component || (e.reportingController as string | undefined) || '';
  const instance = e.source?.host || e.reportingInstance || '';
  if (!component) return '';
  return instance ? `${component}, ${instance}` : component;
}

/** `kubectl get events` columns (printEvent): no NAME first, the object as `kind/name`. */
export const eventColumns: Column<Event>[] = [
  { header: 'LAST SEEN', cell: lastSeen },
  { header: 'TYPE', cell: (e) => e.type ?? '' },
  { header: 'REASON', cell: (e) => e.reason ?? '' },
  { header: 'OBJECT', cell: target },
  { header: 'SUBOBJECT', wide: true, cell: (e) => e.involvedObject.fieldPath ?? '' },
  { header: 'SOURCE', wide: true, cell: source },
  { header: 'MESSAGE', cell: (e) => (e.message ?? '').trim() },
  { header: 'FIRST SEEN', wide: true, cell: firstSeen },
  { header: 'COUNT', wide: true, cell: (e) => String(e.count || 1) },
  { header: 'NAME', wide: true, isName: true, cell: (e) => e.metadata.name ?? '' },
];
