import { expect } from '@esm-bundle/chai';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import { pacedTimer } from '../../../src/kernel/clock/paced-timer.ts';

describe('pacedTimer', () => {
  // [what, cluster ms then real ms passing in order, fired after each step]
  const cases: [string, [clock: 'cluster' | 'real', ms: number][], boolean[]][] = [
    [
      'cluster time first (faster than real time)',
      [
        ['cluster', 100],
        ['real', 50],
        ['real', 50],
      ],
      [false, false, true],
    ],
    [
      'real time first (slower than real time)',
      [
        ['real', 100],
        ['cluster', 99],
        ['cluster', 1],
      ],
      [false, false, true],
    ],
  ];
  for (const [what, steps, fired] of cases) {
    it(`fires once both 100 ms of cluster and 100 ms of real time have passed: ${what}`, async () => {
      const cluster = new FakeClock();
      const real = new FakeClock();
      let calls = 0;
      pacedTimer(cluster, 100, real, 100, () => calls++);
      const seen: boolean[] = [];
      for (const [clock, ms] of steps) {
        await (clock === 'cluster' ? cluster : real).advance(ms);
        seen.push(calls > 0);
      }
      expect(seen).to.deep.equal(fired);
      expect(calls).to.equal(1);
    });
  }

  it('without real time is a plain timer, and cancels', async () => {
    const cluster = new FakeClock();
    let calls = 0;
    pacedTimer(cluster, 100, undefined, 100, () => calls++);
    await cluster.advance(100);
    expect(calls).to.equal(1);
    const real = new FakeClock();
    const handle = pacedTimer(cluster, 100, real, 100, () => calls++);
    await cluster.advance(100);
    handle.cancel();
    await real.advance(100);
    expect(calls).to.equal(1);
    expect(cluster.pendingTimers() + real.pendingTimers()).to.equal(0);
  });
});
