import { expect } from '@esm-bundle/chai';
import { pollOneoff } from '../../../src/workers/runtime/poll-oneoff.ts';

const IN = 0;
const OUT = 1024;
const NEVENTS = 2048;
const CLOCK = 0;
const FD_READ = 1;
const FD_WRITE = 2;
const REALTIME = 0;
const MONOTONIC = 1;
const ABSTIME = 1;

type Subscription =
  | { userdata: number; clock: number; timeoutNs: bigint; flags?: number }
  | { userdata: number; fdRead: number }
  | { userdata: number; fdWrite: number }
  | { userdata: number; tag: number };

/** A memory holding the subscriptions, and a poll over it whose timers are recorded. */
function setup(subscriptions: Subscription[]) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const view = new DataView(memory.buffer);
  subscriptions.forEach((s, i) => {
    const at = IN + i * 48;
    view.setBigUint64(at, BigInt(s.userdata), true);
    if ('clock' in s) {
      view.setUint8(at + 8, CLOCK);
      view.setUint32(at + 16, s.clock, true);
      view.setBigUint64(at + 24, s.timeoutNs, true);
      view.setUint16(at + 40, s.flags ?? 0, true);
    } else if ('fdRead' in s) {
      view.setUint8(at + 8, FD_READ);
      view.setUint32(at + 16, s.fdRead, true);
    } else if ('fdWrite' in s) {
      view.setUint8(at + 8, FD_WRITE);
      view.setUint32(at + 16, s.fdWrite, true);
    } else {
      view.setUint8(at + 8, s.tag);
    }
  });
  const timers: { fn: () => void; delayMs: number }[] = [];
  const poll = pollOneoff({
    memory: () => memory,
    isOpen: (fd) => fd <= 2,
    atEof: (fd) => fd === 0,
    schedule: (fn, delayMs) => timers.push({ fn, delayMs }),
  });
  const events = () =>
    Array.from({ length: view.getUint32(NEVENTS, true) }, (_, i) => {
      const at = OUT + i * 32;
      return {
        userdata: Number(view.getBigUint64(at, true)),
        error: view.getUint16(at + 8, true),
        type: view.getUint8(at + 10),
        flags: view.getUint16(at + 24, true),
      };
    });
  return {
    timers,
    events,
    poll: () => poll(IN, OUT, subscriptions.length, NEVENTS),
  };
}

const nowNs = (clock: number) =>
  BigInt(Math.round((clock === REALTIME ? performance.timeOrigin : 0) + performance.now())) *
  1_000_000n;

describe('pollOneoff', () => {
  it('refuses an empty subscription list with EINVAL', () => {
    expect(setup([]).poll()).to.equal(28);
  });

  it('waits for a relative clock through a timer, then writes its event', async () => {
    const s = setup([{ userdata: 7, clock: MONOTONIC, timeoutNs: 20_000_000n }]);
    const begun = performance.now();
    const result = s.poll();
    expect(result).to.be.instanceOf(Promise);
    expect(s.timers.map((t) => t.delayMs)).to.deep.equal([20]);
    s.timers[0].fn();
    // The timer fired before the deadline: the poll schedules another wait for the rest.
    expect(s.timers).to.have.length(2);
    while (performance.now() < begun + 20.5);
    s.timers[1].fn();
    expect(await result).to.equal(0);
    expect(s.events()).to.deep.equal([{ userdata: 7, error: 0, type: CLOCK, flags: 0 }]);
  });

  it('answers at once for an absolute deadline already past, on either clock', () => {
    for (const clock of [REALTIME, MONOTONIC]) {
      const s = setup([
        { userdata: 1, clock, timeoutNs: nowNs(clock) - 1_000_000n, flags: ABSTIME },
        { userdata: 2, clock, timeoutNs: 10_000_000_000n },
      ]);
      expect(s.poll()).to.equal(0);
      expect(s.events()).to.deep.equal([{ userdata: 1, error: 0, type: CLOCK, flags: 0 }]);
      expect(s.timers).to.deep.equal([]);
    }
  });

  it('waits until an absolute deadline in the future', () => {
    const s = setup([
      { userdata: 1, clock: REALTIME, timeoutNs: nowNs(REALTIME) + 3_000_000_000n, flags: ABSTIME },
    ]);
    expect(s.poll()).to.be.instanceOf(Promise);
    expect(s.timers[0].delayMs).to.be.within(2990, 3001);
  });

  it('never hands setTimeout a delay it would overflow', () => {
    const s = setup([{ userdata: 1, clock: MONOTONIC, timeoutNs: 2n ** 64n - 1n }]);
    expect(s.poll()).to.be.instanceOf(Promise);
    expect(s.timers[0].delayMs).to.equal(2 ** 31 - 1);
  });

  it('answers descriptor subscriptions at once: writable, stdin at EOF, bad fd', () => {
    const s = setup([
      { userdata: 1, clock: MONOTONIC, timeoutNs: 1_000_000_000n },
      { userdata: 2, fdWrite: 1 },
      { userdata: 3, fdRead: 0 },
      { userdata: 4, fdRead: 9 },
    ]);
    expect(s.poll()).to.equal(0);
    expect(s.events()).to.deep.equal([
      { userdata: 2, error: 0, type: FD_WRITE, flags: 0 },
      { userdata: 3, error: 0, type: FD_READ, flags: 1 },
      { userdata: 4, error: 8, type: FD_READ, flags: 0 },
    ]);
  });

  it('reports an unknown clock or event type in the event, with EINVAL', () => {
    const s = setup([
      { userdata: 1, clock: 9, timeoutNs: 1n },
      { userdata: 2, tag: 5 },
    ]);
    expect(s.poll()).to.equal(0);
    expect(s.events().map((e) => [e.userdata, e.error])).to.deep.equal([
      [1, 28],
      [2, 28],
    ]);
  });
});
