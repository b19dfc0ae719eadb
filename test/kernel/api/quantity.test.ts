import { expect } from '@esm-bundle/chai';
import {
  canonicalQuantity,
  compareQuantities,
  cpuMillis,
  parseQuantity,
  quantityError,
  quantityFormatError,
  quantityValue,
  roundUpToMilli,
} from '../../../src/kernel/api/quantity.ts';

describe('parseQuantity', () => {
  const cases: [string | number, number][] = [
    ['500m', 0.5],
    ['1', 1],
    ['1.5', 1.5],
    ['2', 2],
    [2, 2],
    ['100n', 1e-7],
    ['1k', 1000],
    ['1M', 1e6],
    ['1G', 1e9],
    ['1Ki', 1024],
    ['128Mi', 128 * 1024 * 1024],
    ['1Gi', 1024 ** 3],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['1e3', 1000],
    ['1E', 1e18],
    ['-1', -1],
    ['+2', 2],
    ['0', 0],
    ['  64Mi ', 64 * 1024 * 1024],
  ];
  for (const [input, value] of cases) {
    it(`${JSON.stringify(input)} → ${value}`, () => {
      expect(parseQuantity(input)).to.be.closeTo(value, Math.abs(value) * 1e-12);
    });
  }

  it('throws apimachinery errors for malformed quantities', () => {
    expect(() => parseQuantity('abc')).to.throw(quantityFormatError);
    expect(() => parseQuantity('')).to.throw(quantityFormatError);
    expect(() => parseQuantity('1Gb')).to.throw(quantityFormatError);
    expect(() => parseQuantity('1mi')).to.throw("unable to parse quantity's suffix");
  });

  it('names the regular expression in the format error', () => {
    expect(quantityError('12 cores')).to.equal(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(quantityError('250m')).to.equal(undefined);
  });
});

describe('cpuMillis and quantityValue', () => {
  const millis: [string, number][] = [
    ['500m', 500],
    ['1', 1000],
    ['0.1', 100],
    ['2.5', 2500],
    ['1n', 1],
    ['1u', 1],
    ['100u', 1],
    ['1001u', 2],
  ];
  for (const [q, m] of millis) {
    it(`cpuMillis(${q}) = ${m}`, () => expect(cpuMillis(q)).to.equal(m));
  }
  it('rounds values up to whole units', () => {
    expect(quantityValue('1.5')).to.equal(2);
    expect(quantityValue('1Mi')).to.equal(1048576);
    expect(quantityValue('100m')).to.equal(1);
  });
  it('compares by value across suffixes', () => {
    expect(compareQuantities('1Gi', '1024Mi')).to.equal(0);
    expect(compareQuantities('500m', '1')).to.equal(-1);
    expect(compareQuantities('1G', '1Gi')).to.equal(-1);
    expect(compareQuantities(2, '1500m')).to.equal(1);
  });
});

describe('canonicalQuantity', () => {
  const cases: [string | number, string][] = [
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['2000', '2k'],
    ['1.5', '1500m'],
    ['100m', '100m'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['1Gi', '1Gi'],
    ['512', '512'],
    ['1e3', '1e3'],
    ['0', '0'],
    [1, '1'],
    ['0.5Ki', '512'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['129M', '129M'],
  ];
  for (const [input, out] of cases) {
    it(`${JSON.stringify(input)} → ${out}`, () => expect(canonicalQuantity(input)).to.equal(out));
  }
  it('rounds up to milli units when defaulting', () => {
    expect(roundUpToMilli('0.0001')).to.equal('1m');
    expect(roundUpToMilli('250m')).to.equal('250m');
  });
});
