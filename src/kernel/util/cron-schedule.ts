/**
 * Cron schedules as Kubernetes reads them (robfig/cron v3's ParseStandard): five fields
 * (minute hour day-of-month month day-of-week) with `*`, `?`, ranges, steps, lists and month
 * and weekday names; the descriptors `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
 * `@midnight`, `@hourly` and `@every <duration>`; an optional `TZ=` or `CRON_TZ=` prefix.
 * Parse errors carry the library's wording, which the API server returns in validation
 * messages.
 */
import { parseGoDuration } from './go-duration.ts';
import { loadLocationError, wallClock, zonedTime } from './time-zone.ts';

/** A parsed schedule: `next(t)` is the first activation strictly after instant `t` (ms). */
export interface CronSchedule {
  /** Undefined when no activation falls within five years (robfig returns the zero time). */
  next(after: number): number | undefined;
}

/** A field's allowed values, and whether it was written as `*` (or `?`, or `*` with step 1). */
interface FieldSet {
  values: Set<number>;
  star: boolean;
}

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const minutes: Bounds = { min: 0, max: 59 };
const hours: Bounds = { min: 0, max: 23 };
const daysOfMonth: Bounds = { min: 1, max: 31 };
const months: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const daysOfWeek: Bounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

/** Go's strconv.Atoi, with robfig's wording around its error. */
function mustParseInt(expr: string): number {
  const num = /^[+-]?\d+$/.test(expr) ? Number(expr) : NaN;
  if (!Number.isSafeInteger(num)) {
    const reason = Number.isNaN(num) ? 'invalid syntax' : 'value out of range';
    throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": ${reason}`);
  }
  if (num < 0) throw new Error(`negative number (${num}) not allowed: ${expr}`);
  return num;
}

function parseIntOrName(expr: string, bounds: Bounds): number {
  const named = bounds.names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

function range(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  for (let v = start; v <= end; v += step) out.push(v);
  return out;
}

/** One comma-separated part of a field: `*`, `5`, `1-5`, `*\/15`, `10/5`, `mon-fri`. */
function parseRange(expr: string, bounds: Bounds, into: FieldSet): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], bounds);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], bounds);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    // `N/step` means `N-max/step`.
    if (single) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new Error(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) {
    throw new Error(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  }
  if (end > bounds.max) {
    throw new Error(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  }
  if (start > end) {
    throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  }
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  for (const v of range(start, end, step)) into.values.add(v);
  if (star) into.star = true;
}

function parseField(field: string, bounds: Bounds): FieldSet {
  const set: FieldSet = { values: new Set(), star: false };
  for (const expr of field.split(',').filter((e) => e !== '')) parseRange(expr, bounds, set);
  return set;
}

const all = (bounds: Bounds): FieldSet => ({
  values: new Set(range(bounds.min, bounds.max, 1)),
  star: true,
});
const only = (value: number): FieldSet => ({ values: new Set([value]), star: false });

interface SpecFields {
  minute: FieldSet;
  hour: FieldSet;
  dom: FieldSet;
  month: FieldSet;
  dow: FieldSet;
}

function descriptor(spec: string): SpecFields | { every: number } {
  switch (spec) {
    case '@yearly':
    case '@annually':
      return { minute: only(0), hour: only(0), dom: only(1), month: only(1), dow: all(daysOfWeek) };
    case '@monthly':
      return {
        minute: only(0),
        hour: only(0),
        dom: only(1),
        month: all(months),
        dow: all(daysOfWeek),
      };
    case '@weekly':
      return {
        minute: only(0),
        hour: only(0),
        dom: all(daysOfMonth),
        month: all(months),
        dow: only(0),
      };
    case '@daily':
    case '@midnight':
      return {
        minute: only(0),
        hour: only(0),
        dom: all(daysOfMonth),
        month: all(months),
        dow: all(daysOfWeek),
      };
    case '@hourly':
      return {
        minute: only(0),
        hour: all(hours),
        dom: all(daysOfMonth),
        month: all(months),
        dow: all(daysOfWeek),
      };
  }
  const every = '@every ';
  if (spec.startsWith(every)) {
    let ms: number;
    try {
      ms = parseGoDuration(spec.slice(every.length));
    } catch (err) {
      throw new Error(`failed to parse duration ${spec}: ${(err as Error).message}`);
    }
    return { every: ms };
  }
  throw new Error(`unrecognized descriptor: ${spec}`);
}

/** Go's fmt %s of a []string: `[a b c]`. */
const goStrings = (fields: string[]) => `[${fields.join(' ')}]`;

/**
 * Parses a schedule; throws an Error with robfig/cron's message for a bad one
 * (`expected exactly 5 fields, found 4: [* * * *]`). Times are read in `zone` unless the
 * schedule names its own with `TZ=` or `CRON_TZ=`.
 */
export function parseCronSchedule(schedule: string, zone = 'UTC'): CronSchedule {
  let spec = schedule;
  if (spec.length === 0) throw new Error('empty spec string');
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    // Without a space robfig's slicing panics; Kubernetes recovers and reports the panic.
    if (space < 0) {
      throw new Error('invalid schedule format: runtime error: slice bounds out of range [:-1]');
    }
    const name = spec.slice(eq + 1, space);
    const error = loadLocationError(name);
    if (error) throw new Error(`provided bad location ${name}: ${error}`);
    zone = name;
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    const parsed = descriptor(spec);
    if ('every' in parsed) return everySchedule(parsed.every);
    return specSchedule(parsed, zone);
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) {
    throw new Error(`expected exactly 5 fields, found ${fields.length}: ${goStrings(fields)}`);
  }
  return specSchedule(
    {
      minute: parseField(fields[0], minutes),
      hour: parseField(fields[1], hours),
      dom: parseField(fields[2], daysOfMonth),
      month: parseField(fields[3], months),
      dow: parseField(fields[4], daysOfWeek),
    },
    zone,
  );
}

/** robfig's Every: a fixed delay of whole seconds, at least one second. */
function everySchedule(ms: number): CronSchedule {
  const delay = Math.max(1000, ms - (ms % 1000));
  return { next: (after) => after + delay - (((after % 1000) + 1000) % 1000) };
}

/** robfig's dayMatches: with `*` in either day field both must match, else either may. */
function dayMatches(s: SpecFields, day: number, weekday: number): boolean {
  const domMatch = s.dom.values.has(day);
  const dowMatch = s.dow.values.has(weekday);
  if (s.dom.star || s.dow.star) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

const secondMs = 1000;
const minuteMs = 60 * secondMs;
const hourMs = 60 * minuteMs;

/**
 * robfig's SpecSchedule.Next, stepping in instants while reading wall-clock fields in the
 * zone, so DST changes behave as they do upstream (a skipped hour never fires, a repeated
 * hour may fire twice).
 */
function specSchedule(s: SpecFields, zone: string): CronSchedule {
  return {
    next(after: number): number | undefined {
      const w = (t: number) => wallClock(zone, t);
      // Start at the next whole second.
      let t = Math.floor(after / secondMs) * secondMs + secondMs;
      let added = false;
      const yearLimit = w(t).year + 5;
      wrap: for (;;) {
        if (w(t).year > yearLimit) return undefined;
        while (!s.month.values.has(w(t).month)) {
          const c = w(t);
          if (!added) {
            added = true;
            t = zonedTime(zone, c.year, c.month, 1);
          }
          const d = w(t);
          t = zonedTime(zone, d.year, d.month + 1, d.day, d.hour, d.minute, d.second);
          if (w(t).month === 1) continue wrap;
        }
        for (;;) {
          const c = w(t);
          if (dayMatches(s, c.day, c.weekday)) break;
          if (!added) {
            added = true;
            t = zonedTime(zone, c.year, c.month, c.day);
          }
          const d = w(t);
          t = zonedTime(zone, d.year, d.month, d.day + 1, d.hour, d.minute, d.second);
          // Keep to midnight across a DST change.
          const hour = w(t).hour;
          if (hour !== 0) t += hour > 12 ? (24 - hour) * hourMs : -hour * hourMs;
          if (w(t).day === 1) continue wrap;
        }
        while (!s.hour.values.has(w(t).hour)) {
          if (!added) {
            added = true;
            const c = w(t);
            t = zonedTime(zone, c.year, c.month, c.day, c.hour);
          }
          t += hourMs;
          if (w(t).hour === 0) continue wrap;
        }
        while (!s.minute.values.has(w(t).minute)) {
          if (!added) {
            added = true;
            t = Math.floor(t / minuteMs) * minuteMs;
          }
          t += minuteMs;
          if (w(t).minute === 0) continue wrap;
        }
        // The standard parser's seconds field is always 0.
        while (w(t).second !== 0) {
          if (!added) {
            added = true;
            t = Math.floor(t / secondMs) * secondMs;
          }
          t += secondMs;
          if (w(t).second === 0) continue wrap;
        }
        return t;
      }
    },
  };
}
