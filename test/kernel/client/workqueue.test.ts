import { expect } from '@esm-bundle/chai';
import { WorkQueue } from '../../../src/kernel/client/workqueue.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';

describe('WorkQueue', () => {
  let clock: FakeClock;
  let queue: WorkQueue;
  beforeEach(() => {
    clock = new FakeClock();
    queue = new WorkQueue({ clock, baseDelay: 5, maxDelay: 1000 });
  });

  const cases: { name: string; delays: number[]; readyAt: number }[] = [
    {
      name: 'a later, longer delay does not postpone an earlier one',
      delays: [100, 1000],
      readyAt: 100,
    },
    { name: 'a later, shorter delay brings the key forward', delays: [1000, 100], readyAt: 100 },
  ];
  for (const c of cases) {
    it(`addAfter: ${c.name}`, async () => {
      for (const ms of c.delays) queue.addAfter('ns/a', ms);
      await clock.advance(c.readyAt - 1);
      expect(queue.length).to.equal(0);
      await clock.advance(1);
      expect(queue.length).to.equal(1);
      expect(await queue.get()).to.equal('ns/a');
    });
  }

  it('processes a key added while it is being processed once more, afterwards', async () => {
    queue.add('ns/a');
    const key = await queue.get();
    queue.add('ns/a');
    expect(queue.length).to.equal(0);
    queue.done(key!);
    expect(queue.length).to.equal(1);
  });
});
