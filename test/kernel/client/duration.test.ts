import { expect } from '@esm-bundle/chai';
import { humanDuration, timestampAge } from '../../../src/kernel/client/duration.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration', () => {
  const cases: [number, string][] = [
    [-3 * s, '<invalid>'],
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1 * s, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [5 * s, '5s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [2 * m + 5 * s, '2m5s'],
    [9 * m, '9m'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 30 * s, '10m'],
    [45 * m, '45m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [3 * d + 19 * h, '3d19h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [8 * d + 5 * h, '8d'],
    [400 * d, '400d'],
    [2 * y - 1, '729d'],
    [2 * y, '2y'],
    [2 * y + 10 * d, '2y10d'],
    [8 * y - 1 * d, '7y364d'],
    [8 * y, '8y'],
    [20 * y + 100 * d, '20y'],
  ];
  for (const [ms, printed] of cases) {
    it(`${ms} ms prints ${printed}`, () => {
      expect(humanDuration(ms)).to.equal(printed);
    });
  }
});

describe('timestampAge', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  it('measures from an RFC 3339 timestamp to now', () => {
    expect(timestampAge('2025-01-01T11:57:55Z', now)).to.equal('2m5s');
  });
  it('prints <unknown> for a missing or unparsable timestamp, as for Go zero time', () => {
    expect(timestampAge(undefined, now)).to.equal('<unknown>');
    expect(timestampAge(null, now)).to.equal('<unknown>');
    expect(timestampAge('yesterday-ish', now)).to.equal('<unknown>');
  });
});
