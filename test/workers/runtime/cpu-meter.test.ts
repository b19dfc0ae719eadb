import { expect } from '@esm-bundle/chai';
import { CpuMeter, type CpuSample } from '../../../src/workers/runtime/cpu-meter.ts';

/** A meter on a hand-moved clock, with every report it sent. */
function meter(intervalMs = 250) {
  let now = 1_000;
  const reports: CpuSample[] = [];
  const cpu = new CpuMeter(
    (s) => reports.push(s),
    intervalMs,
    () => now,
  );
  return {
    cpu,
    reports,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('CpuMeter', () => {
  it('counts running time only, not the waits between suspension and resumption', () => {
    const m = meter();
    m.cpu.resume();
    m.advance(30);
    m.cpu.suspend();
    m.advance(500);
    m.cpu.resume();
    m.advance(20);
    expect(m.cpu.cpuNanos()).to.equal(50_000_000);
    m.cpu.stop();
    expect(m.reports.at(-1)).to.deep.equal({ cpuNanos: 50_000_000, running: false, at: 1_550 });
  });

  it('reports a start at once as running, so a module that then computes is extrapolated', () => {
    const m = meter();
    m.cpu.resume();
    expect(m.reports).to.deep.equal([{ cpuNanos: 0, running: true, at: 1_000 }]);
  });

  it('sends at most about one report per interval while the module switches quickly', () => {
    const m = meter(250);
    m.cpu.resume();
    for (let i = 0; i < 100; i++) {
      m.advance(1);
      m.cpu.suspend();
      m.advance(1);
      m.cpu.resume();
    }
    // 200 ms of switching: the first report only (the suspensions are within the interval).
    expect(m.reports.length).to.equal(1);
    m.advance(100);
    m.cpu.suspend();
    // Past the interval, the suspension is reported with the exact total.
    expect(m.reports.at(-1)).to.deep.equal({ cpuNanos: 200_000_000, running: false, at: 1_300 });
    m.cpu.resume();
    expect(m.reports.at(-1)).to.include({ running: true });
    m.cpu.stop();
  });

  it('reports nothing after stop', () => {
    const m = meter();
    m.cpu.resume();
    m.cpu.stop();
    const count = m.reports.length;
    m.cpu.resume();
    m.cpu.suspend();
    expect(m.reports.length).to.equal(count);
  });
});
