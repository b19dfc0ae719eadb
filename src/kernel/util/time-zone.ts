/**
 * IANA time zones for cluster logic that works in wall-clock time (CronJob schedules), in the
 * way Go's time package behaves: wall-clock fields of an instant in a zone, and the instant of
 * a wall-clock time (time.Date), with its normalization of overflowing fields and its choice
 * in DST gaps and overlaps. Zone rules come from the platform's Intl data.
 */

/** Wall-clock fields of an instant in a zone; month 1-12, weekday 0 (Sunday) to 6. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** `""` is UTC in Go; `Local` is the controller manager's zone, which is UTC in this cluster. */
function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === '' || zone === 'Local';
}

/**
 * Go's time.LoadLocation: undefined when the zone loads, else its error text
 * (`unknown time zone Mars/Olympus`). `""` and `UTC` are UTC; names are case-sensitive.
 */
export function loadLocationError(zone: string): string | undefined {
  if (isUtc(zone)) return undefined;
  try {
    const resolved = formatter(zone).resolvedOptions().timeZone;
    // Intl accepts any letter case; Go's zone database does not.
    if (resolved.toLowerCase() === zone.toLowerCase() && resolved !== zone) throw new RangeError();
    return undefined;
  } catch {
    formatters.delete(zone);
    return `unknown time zone ${zone}`;
  }
}

/** The wall clock of instant `ms` in `zone` (whole seconds). */
export function wallClock(zone: string, ms: number): WallClock {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  if (isUtc(zone)) {
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
    };
  }
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(d)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = parts;
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** The zone's offset from UTC at instant `ms`, in ms (east positive). */
export function zoneOffset(zone: string, ms: number): number {
  if (isUtc(zone)) return 0;
  const w = wallClock(zone, ms);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Go's time.Date in `zone`: the instant of a wall-clock time, fields allowed to overflow
 * (month 13 is January next year, day 0 the last day of the month before). A time in a DST
 * gap or overlap resolves as Go's time.Date resolves it (two offset lookups).
 */
export function zonedTime(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const civil = Date.UTC(year, month - 1, day, hour, minute, second);
  if (isUtc(zone)) return civil;
  // As Go: look the offset up as if the wall time were UTC, then again at the corrected instant.
  const guess = zoneOffset(zone, civil);
  return civil - zoneOffset(zone, civil - guess);
}

/** Go's Time.Format(time.RFC3339) of instant `ms` in `zone`: `2026-01-01T09:00:00+09:00`. */
export function rfc3339In(zone: string, ms: number): string {
  const w = wallClock(zone, ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
  const offset = Math.round(zoneOffset(zone, ms) / 60_000);
  if (offset === 0) return `${date}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}
