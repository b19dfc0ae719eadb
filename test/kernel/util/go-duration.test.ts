import { expect } from '@esm-bundle/chai';
import { formatGoDuration, parseGoDuration } from '../../../src/kernel/util/go-duration.ts';

describe('formatGoDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [10_000, '10s'],
    [20_000, '20s'],
    [80_000, '1m20s'],
    [160_000, '2m40s'],
    [300_000, '5m0s'],
    [1_500, '1.5s'],
    [250, '250ms'],
    [2, '2ms'],
    [1.5, '1.5ms'],
    [0.001, '1µs'],
    [3_600_000, '1h0m0s'],
    [3_723_500, '1h2m3.5s'],
  ];
  for (const [ms, text] of cases) {
    it(`${ms} ms is ${text}`, () => {
      expect(formatGoDuration(ms)).to.equal(text);
    });
  }
});

describe('parseGoDuration', () => {
  const cases: [string, number][] = [
    ['60s', 60_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['-1s', -1_000],
    ['250ms', 250],
  ];
  for (const [text, ms] of cases) it(text, () => expect(parseGoDuration(text)).to.equal(ms));
  const bad: [string, string][] = [
    ['x', 'time: invalid duration "x"'],
    ['10', 'time: missing unit in duration "10"'],
    ['3y', 'time: unknown unit "y" in duration "3y"'],
  ];
  for (const [text, message] of bad)
    it(`refuses ${text}`, () => expect(() => parseGoDuration(text)).to.throw(message));
});
