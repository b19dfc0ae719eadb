import { expect } from '@esm-bundle/chai';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import type { Container } from '../../../src/kernel/types/core.ts';
import { runPreStopHook } from '../../../src/workers/node/pre-stop-hook.ts';
import type { ProbeHost } from '../../../src/workers/node/prober/run-probe.ts';

function container(preStop: unknown): Container {
  return { name: 'web', image: 'http-echo:1.0', lifecycle: { preStop } };
}

function host(clock: FakeClock, exitCode: number, output = ''): ProbeHost & { ran: string[][] } {
  const ran: string[][] = [];
  return {
    ran,
    clock,
    podIP: '10.244.1.5',
    connect: () => {
      throw new Error('no network here');
    },
    exec: async (command) => {
      ran.push(command);
      return { exitCode, output };
    },
  };
}

describe('runPreStopHook', () => {
  it('sleeps its seconds in the given second, bounded by the grace period', async () => {
    for (const [seconds, budget, expected] of [
      [2, 10_000, 200],
      [50, 1_000, 1_000],
    ]) {
      const clock = new FakeClock();
      let done = false;
      const run = runPreStopHook(
        container({ sleep: { seconds } }),
        undefined,
        clock,
        budget,
        100,
      ).then((r) => {
        done = true;
        return r;
      });
      await clock.advance(expected - 1);
      expect(done, `${seconds} s within ${budget} ms: not before ${expected} ms`).to.equal(false);
      await clock.advance(1);
      expect(await run).to.equal(undefined);
    }
  });

  it('runs an exec hook in the container and reports its failure', async () => {
    const clock = new FakeClock();
    const ok = host(clock, 0);
    expect(
      await runPreStopHook(
        container({ exec: { command: ['sh', '-c', 'drain'] } }),
        ok,
        clock,
        5_000,
        1_000,
      ),
    ).to.equal(undefined);
    expect(ok.ran).to.deep.equal([['sh', '-c', 'drain']]);
    const failing = host(clock, 1, 'busy');
    const failure = await runPreStopHook(
      container({ exec: { command: ['false'] } }),
      failing,
      clock,
      5_000,
      1_000,
    );
    expect(failure).to.be.a('string').and.not.equal('');
  });

  it('does nothing without a hook, or without time for one', async () => {
    const clock = new FakeClock();
    const h = host(clock, 0);
    expect(await runPreStopHook({ name: 'web' }, h, clock, 5_000, 1_000)).to.equal(undefined);
    expect(
      await runPreStopHook(container({ exec: { command: ['x'] } }), h, clock, 0, 1_000),
    ).to.equal(undefined);
    expect(h.ran).to.deep.equal([]);
  });
});
