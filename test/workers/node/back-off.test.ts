import { expect } from '@esm-bundle/chai';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import { BackOff } from '../../../src/workers/node/back-off.ts';

describe('BackOff', () => {
  it('starts at the base, doubles to the ceiling, and starts over after twice the ceiling', async () => {
    const clock = new FakeClock();
    const backOff = new BackOff(clock, 10_000, 40_000);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      backOff.next('k', clock.now());
      delays.push(backOff.get('k'));
      await clock.advance(1_000);
    }
    expect(delays).to.deep.equal([10_000, 20_000, 40_000, 40_000, 40_000]);

    // An event more than twice the ceiling after the last update resets the series.
    await clock.advance(80_001);
    backOff.next('k', clock.now());
    expect(backOff.get('k')).to.equal(10_000);
  });

  it('is in back-off for the current delay after an event or an update', async () => {
    const clock = new FakeClock();
    const backOff = new BackOff(clock, 10_000, 300_000);
    expect(backOff.isInBackOffSince('k', clock.now())).to.equal(false);
    const failedAt = clock.now();
    backOff.next('k', failedAt);
    expect(backOff.isInBackOffSince('k', failedAt)).to.equal(true);
    expect(backOff.isInBackOffSinceUpdate('k')).to.equal(true);
    await clock.advance(9_999);
    expect(backOff.isInBackOffSince('k', failedAt)).to.equal(true);
    await clock.advance(1);
    expect(backOff.isInBackOffSince('k', failedAt)).to.equal(false);
    expect(backOff.isInBackOffSinceUpdate('k')).to.equal(false);
  });
});
