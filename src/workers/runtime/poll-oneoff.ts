import { clockNow } from './wasi-clocks.ts';

/**
 * WASI preview1 `poll_oneoff` as a real wait: clock subscriptions (relative or absolute, on
 * CLOCK_REALTIME or CLOCK_MONOTONIC) become one setTimeout, and the import suspends the
 * module through JSPI until it fires, so a sleeping container costs no CPU. File-descriptor
 * subscriptions are answered at once: the container's descriptors never block.
 */

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_INVAL = 28;

const EVENTTYPE_CLOCK = 0;
const EVENTTYPE_FD_READ = 1;
const EVENTTYPE_FD_WRITE = 2;
const SUBCLOCKFLAGS_ABSTIME = 1;
const EVENTRWFLAGS_HANGUP = 1;

/** The longest delay setTimeout honours (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;
const SUBSCRIPTION_SIZE = 48;
const EVENT_SIZE = 32;

/** What poll_oneoff needs from its container. */
export interface PollHost {
  /** The module's memory (looked up on each call: it may have grown). */
  memory(): WebAssembly.Memory;
  /** True when `fd` is an open descriptor. */
  isOpen(fd: number): boolean;
  /** True for a descriptor at end of input (stdin, which containers here never get). */
  atEof(fd: number): boolean;
  /** Runs `fn` after `delayMs`; setTimeout by default (tests record the delays). */
  schedule?: (fn: () => void, delayMs: number) => void;
}

interface PendingEvent {
  userdata: bigint;
  error: number;
  type: number;
  hangup?: boolean;
}

interface ClockWait {
  userdata: bigint;
  /** performance.now() at which the subscription is due. */
  dueAt: number;
}

/**
 * Returns the `poll_oneoff(in, out, nsubscriptions, nevents_out)` import. It returns an errno
 * synchronously when some subscription is already ready, else a promise of one (to be wrapped
 * in WebAssembly.Suspending), written back as WASI expects: one 32-byte event per ready
 * subscription at `out`, and their count at `nevents_out`.
 */
export function pollOneoff(
  host: PollHost,
): (inPtr: number, outPtr: number, count: number, neventsPtr: number) => number | Promise<number> {
  const schedule = host.schedule ?? ((fn, delayMs) => setTimeout(fn, delayMs));
  return (inPtr, outPtr, count, neventsPtr) => {
    if (count === 0) return ERRNO_INVAL;
    const view = new DataView(host.memory().buffer);
    const ready: PendingEvent[] = [];
    const waits: ClockWait[] = [];
    const nowMs = performance.now();
    for (let i = 0; i < count; i++) {
      const at = inPtr + i * SUBSCRIPTION_SIZE;
      const userdata = view.getBigUint64(at, true);
      const type = view.getUint8(at + 8);
      if (type === EVENTTYPE_CLOCK) {
        const clock = view.getUint32(at + 16, true);
        const timeout = view.getBigUint64(at + 24, true);
        const absolute = (view.getUint16(at + 40, true) & SUBCLOCKFLAGS_ABSTIME) !== 0;
        const now = clockNow(clock);
        if (now === null) {
          ready.push({ userdata, error: ERRNO_INVAL, type });
          continue;
        }
        const remainingNs = absolute ? timeout - now : timeout;
        if (remainingNs <= 0n) ready.push({ userdata, error: ERRNO_SUCCESS, type });
        else waits.push({ userdata, dueAt: nowMs + Number(remainingNs) / 1e6 });
      } else if (type === EVENTTYPE_FD_READ || type === EVENTTYPE_FD_WRITE) {
        const fd = view.getUint32(at + 16, true);
        if (!host.isOpen(fd)) ready.push({ userdata, error: ERRNO_BADF, type });
        else {
          const hangup = type === EVENTTYPE_FD_READ && host.atEof(fd);
          ready.push({ userdata, error: ERRNO_SUCCESS, type, hangup });
        }
      } else {
        ready.push({ userdata, error: ERRNO_INVAL, type });
      }
    }
    if (ready.length > 0 || waits.length === 0) {
      writeEvents(host, outPtr, neventsPtr, ready);
      return ERRNO_SUCCESS;
    }
    const first = Math.min(...waits.map((w) => w.dueAt));
    return new Promise<number>((resolve) => {
      const fire = () => {
        const now = performance.now();
        // setTimeout counts whole milliseconds and caps a delay at about 24.8 days (a longer
        // one fires at once): wake in steps until the first deadline has really passed.
        if (now < first) {
          schedule(fire, Math.min(MAX_TIMER_MS, Math.ceil(first - now)));
          return;
        }
        const due = waits
          .filter((w) => w.dueAt <= now)
          .map((w) => ({ userdata: w.userdata, error: ERRNO_SUCCESS, type: EVENTTYPE_CLOCK }));
        writeEvents(host, outPtr, neventsPtr, due);
        resolve(ERRNO_SUCCESS);
      };
      schedule(fire, Math.min(MAX_TIMER_MS, Math.ceil(first - nowMs)));
    });
  };
}

function writeEvents(host: PollHost, outPtr: number, neventsPtr: number, events: PendingEvent[]) {
  const memory = host.memory();
  const view = new DataView(memory.buffer);
  new Uint8Array(memory.buffer, outPtr, events.length * EVENT_SIZE).fill(0);
  events.forEach((event, i) => {
    const at = outPtr + i * EVENT_SIZE;
    view.setBigUint64(at, event.userdata, true);
    view.setUint16(at + 8, event.error, true);
    view.setUint8(at + 10, event.type);
    if (event.hangup) view.setUint16(at + 24, EVENTRWFLAGS_HANGUP, true);
  });
  view.setUint32(neventsPtr, events.length, true);
}
