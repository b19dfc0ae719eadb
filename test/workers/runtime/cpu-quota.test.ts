import { expect } from '@esm-bundle/chai';
import { CpuQuota } from '../../../src/workers/runtime/cpu-quota.ts';

/** A quota on a hand-moved clock; `pause()` answers how long it would wait (0: not at all). */
function quota(limitMillicores: number) {
  let now = 5_000;
  let slept: number | undefined;
  const q = new CpuQuota({
    limitMillicores,
    periodMs: 100,
    now: () => now,
    sleep: (ms) => {
      slept = ms;
      return Promise.resolve();
    },
  });
  return {
    q,
    advance(ms: number) {
      now += ms;
    },
    /** Ms the module would be paused at an import call now (0: it goes on). */
    wait(): number {
      slept = undefined;
      const pause = q.pause();
      if (pause === undefined) return 0;
      expect(slept).to.be.a('number');
      return slept!;
    },
  };
}

describe('CpuQuota', () => {
  it('lets the module run its quota in a period, then pauses it until the period ends', () => {
    const m = quota(200);
    m.q.resume();
    m.advance(19);
    expect(m.wait()).to.equal(0);
    m.advance(1);
    // 20 ms of a 100 ms period used: the rest of the period is waited out.
    expect(m.wait()).to.equal(80);
  });

  it('does not count waits: a module that mostly waits is never paused', () => {
    const m = quota(200);
    for (let i = 0; i < 50; i++) {
      m.q.resume();
      m.advance(5);
      expect(m.wait()).to.equal(0);
      m.q.suspend();
      m.advance(45);
    }
  });

  it('does not bank unused quota: after a long idle time a period still gives one quota', () => {
    const m = quota(200);
    m.q.suspend();
    m.advance(10_000);
    m.q.resume();
    m.advance(25);
    expect(m.wait()).to.be.above(0);
  });

  it('charges an overrun between imports to the next periods, so the average stays at the limit', () => {
    const m = quota(200);
    m.q.resume();
    // One second of computing without an import call: 1000 ms used, 20 ms a period allowed.
    m.advance(1_000);
    const waited = m.wait();
    // 1000 ms of running over the 1.1 s of quota refills owed: paused until 5 s in all.
    expect(waited).to.equal(4_000);
    m.q.suspend();
    m.advance(waited);
    m.q.resume();
    expect(m.wait()).to.equal(0);
  });

  it('keeps a module that calls imports often to its limit over many periods', () => {
    const table = [100, 250, 500, 900];
    for (const limit of table) {
      const m = quota(limit);
      let running = 0;
      let elapsed = 0;
      m.q.resume();
      // Imports every 3 ms of computing; each pause is waited out suspended.
      while (elapsed < 10_000) {
        m.advance(3);
        running += 3;
        elapsed += 3;
        const waited = m.wait();
        if (waited > 0) {
          m.q.suspend();
          m.advance(waited);
          elapsed += waited;
          m.q.resume();
        }
      }
      const cores = running / elapsed;
      expect(cores, `${limit}m`).to.be.within((limit / 1000) * 0.95, (limit / 1000) * 1.05);
    }
  });
});
