import { expect } from '@esm-bundle/chai';
import { formatRate, TrafficRates } from '../../src/ui/state/traffic-rates.ts';

describe('TrafficRates', () => {
  it('turns cumulative counts into per-second rates between samples', () => {
    const rates = new TrafficRates();
    rates.sample({ pods: { 'default/a': 10 }, services: { 'default/web': 10 } }, 1000);
    expect(rates.pod('default/a')).to.equal(0);
    rates.sample(
      { pods: { 'default/a': 30, 'default/b': 5 }, services: { 'default/web': 35 } },
      3000,
    );
    expect(rates.pod('default/a')).to.equal(10);
    expect(rates.pod('default/b')).to.equal(2.5);
    expect(rates.services()).to.deep.equal([{ key: 'default/web', rate: 12.5 }]);
  });

  it('shows no traffic for a counter that went down (its node was killed)', () => {
    const rates = new TrafficRates();
    rates.sample({ pods: { 'default/a': 10 }, services: {} }, 0);
    rates.sample({ pods: { 'default/a': 3 }, services: {} }, 1000);
    expect(rates.pod('default/a')).to.equal(0);
  });

  it('formats rates', () => {
    expect([formatRate(12.4), formatRate(0.5), formatRate(3)]).to.deep.equal([
      '12 conn/s',
      '0.5 conn/s',
      '3 conn/s',
    ]);
  });
});
