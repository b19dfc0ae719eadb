import { expect } from '@esm-bundle/chai';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import type { ClusterEvent } from '../../../src/kernel/scheduler/framework.ts';
import { PodInfo } from '../../../src/kernel/scheduler/pod-info.ts';
import { SchedulingQueue, type QueuedPodInfo } from '../../../src/kernel/scheduler/queue.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import { makePod } from './fixtures.ts';

const pluginEvents: Record<string, ClusterEvent[]> = {
  NodeResourcesFit: ['NodeAdd', 'NodeAllocatableChange', 'AssignedPodDelete'],
  NodeAffinity: ['NodeAdd', 'NodeLabelChange'],
};

function newQueue(clock = new FakeClock()) {
  const queue = new SchedulingQueue({
    clock,
    podMaxUnschedulableDuration: 60_000,
    eventMayHelp: (event, rejectedBy) =>
      rejectedBy.size === 0 || [...rejectedBy].some((p) => pluginEvents[p]?.includes(event)),
  });
  return { queue, clock };
}

const names = (qs: (QueuedPodInfo | undefined)[]) => qs.map((q) => q?.podInfo.name);
const info = (pod: Pod) => new PodInfo(pod);

/** Pops every active pod now. */
function drain(queue: SchedulingQueue): (string | undefined)[] {
  const out: QueuedPodInfo[] = [];
  for (let q = queue.popNow(); q; q = queue.popNow()) out.push(q);
  return names(out);
}

describe('SchedulingQueue', () => {
  it('pops by priority, then by the time pods were added', async () => {
    const { queue, clock } = newQueue();
    queue.add(info(makePod('low-early', { priority: 0 })));
    await clock.advance(10);
    queue.add(info(makePod('high', { priority: 1000 })));
    await clock.advance(10);
    queue.add(info(makePod('low-late', { priority: 0 })));
    queue.add(info(makePod('higher', { priority: 2000 })));
    expect(drain(queue)).to.deep.equal(['higher', 'high', 'low-early', 'low-late']);
  });

  it('pop waits for a pod, and resolves undefined once closed', async () => {
    const { queue } = newQueue();
    const waiting = queue.pop();
    queue.add(info(makePod('late')));
    expect((await waiting)?.podInfo.name).to.equal('late');
    const last = queue.pop();
    queue.close();
    expect(await last).to.equal(undefined);
  });

  it('counts attempts and keeps a pod out while it is in flight', () => {
    const { queue } = newQueue();
    const pod = info(makePod('p'));
    queue.add(pod);
    const q = queue.popNow()!;
    expect(q.attempts).to.equal(1);
    queue.add(pod);
    expect(queue.lengths.active).to.equal(0);
    expect(queue.has(pod.key)).to.equal(true);
    queue.done(pod.key);
    expect(queue.has(pod.key)).to.equal(false);
  });

  describe('unschedulable pods', () => {
    function parked(plugins: string[]) {
      const { queue, clock } = newQueue();
      queue.add(info(makePod('p')));
      const q = queue.popNow()!;
      queue.failed(q, new Set(plugins));
      return { queue, clock, q };
    }

    it('wait for an event that may help the plugins that rejected them', async () => {
      const { queue, clock } = parked(['NodeAffinity']);
      expect(queue.lengths.unschedulable).to.equal(1);
      expect(queue.moveAllToActiveOrBackoff('AssignedPodDelete')).to.equal(0);
      expect(queue.moveAllToActiveOrBackoff('NodeLabelChange')).to.equal(1);
      // Still inside its 1 s back-off: it waits in the back-off queue first.
      expect(queue.lengths).to.include({ unschedulable: 0, backoff: 1, active: 0 });
      await clock.advance(1_000);
      expect(drain(queue)).to.deep.equal(['p']);
    });

    it('go straight back to the active queue once their back-off is over', async () => {
      const { queue, clock } = parked(['NodeResourcesFit']);
      await clock.advance(5_000);
      queue.moveAllToActiveOrBackoff('NodeAdd');
      expect(drain(queue)).to.deep.equal(['p']);
    });

    it('can be filtered further by the caller', () => {
      const { queue } = parked(['NodeResourcesFit']);
      expect(queue.moveAllToActiveOrBackoff('NodeAdd', () => false)).to.equal(0);
    });

    it('are retried after podMaxUnschedulableDuration without any event', async () => {
      const { queue, clock } = parked(['NodeAffinity']);
      await clock.advance(59_999);
      expect(queue.lengths.unschedulable).to.equal(1);
      await clock.advance(1);
      expect(drain(queue)).to.deep.equal(['p']);
    });

    it('are retried when their spec or labels change, but not for status changes', async () => {
      const { queue, clock, q } = parked(['NodeAffinity']);
      const pod = q.podInfo.pod;
      queue.update(
        info({
          ...pod,
          status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] },
        }),
      );
      expect(queue.lengths.unschedulable).to.equal(1);
      queue.update(info({ ...pod, spec: { ...pod.spec, nodeSelector: {} } }));
      expect(queue.lengths.unschedulable).to.equal(0);
      await clock.advance(1_000);
      expect(drain(queue)).to.deep.equal(['p']);
    });

    it('pods rejected by no plugin in particular back off and retry by themselves', async () => {
      const { queue, clock } = parked([]);
      expect(queue.lengths.backoff).to.equal(1);
      await clock.advance(999);
      expect(drain(queue)).to.deep.equal([]);
      await clock.advance(1);
      expect(drain(queue)).to.deep.equal(['p']);
    });
  });

  it('backs off 1 s, 2 s, 4 s, 8 s, then 10 s at most', async () => {
    const { queue, clock } = newQueue();
    queue.add(info(makePod('p')));
    const waits: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const q = queue.popNow()!;
      queue.failed(q, new Set(), true);
      let waited = 0;
      while (queue.lengths.active === 0) {
        await clock.advance(500);
        waited += 500;
      }
      waits.push(waited);
    }
    expect(waits).to.deep.equal([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('keeps gated pods aside until their scheduling gates are removed', () => {
    const { queue } = newQueue();
    const pod = makePod('gated', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
    queue.add(info(pod));
    expect(queue.lengths).to.include({ gated: 1, active: 0 });
    queue.update(info({ ...pod, spec: { ...pod.spec, schedulingGates: [] } }));
    expect(drain(queue)).to.deep.equal(['gated']);
  });

  it('forgets deleted pods, even in flight', () => {
    const { queue } = newQueue();
    const a = info(makePod('a'));
    const b = info(makePod('b'));
    queue.add(a);
    queue.add(b);
    const q = queue.popNow()!;
    queue.delete(q.podInfo.key);
    queue.failed(q, new Set(['NodeAffinity']));
    expect(queue.lengths.unschedulable).to.equal(0);
    queue.delete(b.key);
    expect(drain(queue)).to.deep.equal([]);
  });

  it('requeues a pod whose binding failed after its back-off', async () => {
    const { queue, clock } = newQueue();
    queue.add(info(makePod('p')));
    const q = queue.popNow()!;
    queue.done(q.podInfo.key);
    queue.requeueAfterBindingFailure(q);
    expect(queue.lengths.backoff).to.equal(1);
    await clock.advance(1_000);
    expect(drain(queue)).to.deep.equal(['p']);
  });
});
