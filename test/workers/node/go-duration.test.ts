import { expect } from '@esm-bundle/chai';
import { formatGoDuration } from '../../../src/workers/node/go-duration.ts';

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
