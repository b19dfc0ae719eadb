import { expect } from '@esm-bundle/chai';
import { parseCronSchedule } from '../../../src/kernel/util/cron-schedule.ts';
import { rfc3339In, zonedTime } from '../../../src/kernel/util/time-zone.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');

describe('cron schedules (robfig/cron ParseStandard)', () => {
  const nextCases: [schedule: string, after: string, next: string][] = [
    ['* * * * *', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z'],
    ['* * * * *', '2026-01-01T00:00:30.500Z', '2026-01-01T00:01:00Z'],
    ['*/5 * * * *', '2026-01-01T00:03:00Z', '2026-01-01T00:05:00Z'],
    ['*/15 * * * *', '2026-01-01T00:45:00Z', '2026-01-01T01:00:00Z'],
    ['10/20 * * * *', '2026-01-01T00:31:00Z', '2026-01-01T00:50:00Z'],
    ['0 */2 * * *', '2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z'],
    ['30 9-17 * * *', '2026-01-01T17:30:00Z', '2026-01-02T09:30:00Z'],
    ['0 0 1,15 * *', '2026-01-02T00:00:00Z', '2026-01-15T00:00:00Z'],
    ['0 12 * JAN-MAR mon-fri', '2026-03-31T12:00:00Z', '2027-01-01T12:00:00Z'],
    ['0 0 * * sun', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00Z'],
    // With both day fields restricted, either matching is enough.
    ['0 0 13 * 5', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'],
    // With a `*` in one of them, both must match.
    ['0 0 * 2 1', '2026-01-01T00:00:00Z', '2026-02-02T00:00:00Z'],
    ['0 0 29 2 *', '2026-01-01T00:00:00Z', '2028-02-29T00:00:00Z'],
    ['0 0 ? * *', '2026-01-01T10:00:00Z', '2026-01-02T00:00:00Z'],
    ['@hourly', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'],
    ['@daily', '2026-01-01T05:00:00Z', '2026-01-02T00:00:00Z'],
    ['@midnight', '2026-01-01T05:00:00Z', '2026-01-02T00:00:00Z'],
    ['@weekly', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00Z'],
    ['@monthly', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'],
    ['@yearly', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'],
    ['@annually', '2026-06-01T00:00:00Z', '2027-01-01T00:00:00Z'],
    ['@every 90s', '2026-01-01T00:00:00.250Z', '2026-01-01T00:01:30Z'],
    ['TZ=Asia/Tokyo 0 9 * * *', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'],
    ['CRON_TZ=America/New_York 0 0 * * *', '2026-01-01T00:00:00Z', '2026-01-01T05:00:00Z'],
  ];
  for (const [schedule, after, next] of nextCases) {
    it(`${schedule} after ${after} is ${next}`, () => {
      expect(iso(parseCronSchedule(schedule).next(at(after)))).to.equal(next);
    });
  }

  it('never fires for a date that does not exist', () => {
    expect(parseCronSchedule('0 0 31 2 *').next(at('2026-01-01T00:00:00Z'))).to.equal(undefined);
  });

  it('reads the schedule in the given zone, skipping the hour a DST change removes', () => {
    const ny = parseCronSchedule('30 2 * * *', 'America/New_York');
    // 2026-03-08 02:30 does not exist in New York: the next run is on the 9th.
    expect(iso(ny.next(at('2026-03-07T08:00:00Z')))).to.equal('2026-03-09T06:30:00Z');
    expect(iso(ny.next(at('2026-03-01T00:00:00Z')))).to.equal('2026-03-01T07:30:00Z');
  });

  const errorCases: [schedule: string, message: string][] = [
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['* * * foo *', 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
    ['@often', 'unrecognized descriptor: @often'],
    ['@every 1x', 'failed to parse duration @every 1x: time: unknown unit "x" in duration "1x"'],
    [
      'TZ=Mars/Olympus * * * * *',
      'provided bad location Mars/Olympus: unknown time zone Mars/Olympus',
    ],
  ];
  for (const [schedule, message] of errorCases) {
    it(`refuses ${JSON.stringify(schedule)}`, () => {
      expect(() => parseCronSchedule(schedule)).to.throw(message);
    });
  }
});

describe('time zones', () => {
  it('writes RFC 3339 with the zone offset', () => {
    const t = at('2026-01-01T00:00:00Z');
    expect(rfc3339In('UTC', t)).to.equal('2026-01-01T00:00:00Z');
    expect(rfc3339In('Asia/Tokyo', t)).to.equal('2026-01-01T09:00:00+09:00');
    expect(rfc3339In('America/New_York', t)).to.equal('2025-12-31T19:00:00-05:00');
    expect(rfc3339In('Asia/Kolkata', t)).to.equal('2026-01-01T05:30:00+05:30');
  });

  it('turns wall-clock times into instants, normalizing overflowing fields', () => {
    expect(iso(zonedTime('Asia/Tokyo', 2026, 1, 1, 9))).to.equal('2026-01-01T00:00:00Z');
    expect(iso(zonedTime('UTC', 2026, 13, 1))).to.equal('2027-01-01T00:00:00Z');
    expect(iso(zonedTime('America/New_York', 2026, 7, 1))).to.equal('2026-07-01T04:00:00Z');
  });
});
