import { clockNow } from './wasi-clocks.ts';

/**
 * WASI preview1 `poll_oneoff` as a real wait: clock subscriptions (relative or absolute, on
 * CLOCK_REALTIME or CLOCK_MONOTONIC) become one setTimeout, and the import suspends the
 * module through JSPI until it fires, so a sleeping container costs no CPU. Sockets are ready
 * as the network says (bytes or a connection waiting, an end); a poll that waits for them
 * wakes at each change of the network and returns as soon as one is ready, or at its timeout.
 * Other descriptors are always ready.
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
  /**
   * Whether `fd` is ready to read or write, for a descriptor whose readiness changes (a
   * socket); undefined for the others, which are always ready.
   */
  readiness?(fd: number, type: 'read' | 'write'): FdReadiness | undefined;
  /** Resolves at the next change of any descriptor's readiness. */
  changed?(): Promise<void>;
}

/** A descriptor's readiness, as a poll event reports it. */
export interface FdReadiness {
  ready: boolean;
  /** The event's error (e.g. CONNRESET, PIPE), when ready. */
  error?: number;
  /** The peer has finished (or reset): reads end. */
  hangup?: boolean;
  /** Bytes (or connections) waiting. */
  nbytes?: number;
}

/** What one scan of the subscriptions found. */
interface Scan {
  /** Events written at `out`, one per ready subscription, in subscription order. */
  events: number;
  /** performance.now() at which the first clock not yet due will be, or Infinity. */
  firstDueAt: number;
  /** Some descriptor subscription is not ready yet. */
  waitsForFd: boolean;
}

/**
 * Returns the `poll_oneoff(in, out, nsubscriptions, nevents_out)` import. It returns an errno
 * synchronously when some subscription is already ready, else a promise of one (to be wrapped
 * in WebAssembly.Suspending), written back as WASI expects: one 32-byte event per ready
 * subscription at `out`, in subscription order, and their count at `nevents_out`.
 *
 * A server polls at every request, so a poll reads its subscriptions in place and writes the
 * ready ones straight to `out`, without building lists. While the module waits its memory cannot
 * change, so each wake-up scans the same subscriptions again: a relative clock is due at the
 * call's time plus its timeout, an absolute one once its clock has reached it.
 */
export function pollOneoff(
  host: PollHost,
): (inPtr: number, outPtr: number, count: number, neventsPtr: number) => number | Promise<number> {
  // A custom `schedule` cannot be cancelled: its timers fire and find the poll answered.
  const arm: (fn: () => void, delayMs: number) => () => void = host.schedule
    ? (fn, delayMs) => (host.schedule?.(fn, delayMs), () => {})
    : (fn, delayMs) => {
        const timer = setTimeout(fn, delayMs);
        return () => clearTimeout(timer);
      };

  /** Scans the subscriptions into `result`, writing the ready ones' events at `outPtr`. */
  const scan = (
    inPtr: number,
    outPtr: number,
    count: number,
    calledAt: number,
    result: Scan,
  ): Scan => {
    const view = new DataView(host.memory().buffer);
    const now = performance.now();
    result.events = 0;
    result.firstDueAt = Infinity;
    result.waitsForFd = false;
    for (let i = 0; i < count; i++) {
      const at = inPtr + i * SUBSCRIPTION_SIZE;
      const out = outPtr + result.events * EVENT_SIZE;
      const type = view.getUint8(at + 8);
      if (type === EVENTTYPE_CLOCK) {
        const clock = view.getUint32(at + 16, true);
        const timeout = view.getBigUint64(at + 24, true);
        const absolute = (view.getUint16(at + 40, true) & SUBCLOCKFLAGS_ABSTIME) !== 0;
        const clockTime = clockNow(clock);
        if (clockTime === null) {
          writeEvent(view, out, at, type, ERRNO_INVAL);
          result.events++;
          continue;
        }
        const dueAt = absolute
          ? now + Number(timeout - clockTime) / 1e6
          : calledAt + Number(timeout) / 1e6;
        if (absolute ? timeout <= clockTime : dueAt <= now) {
          writeEvent(view, out, at, type, ERRNO_SUCCESS);
          result.events++;
        } else {
          result.firstDueAt = Math.min(result.firstDueAt, dueAt);
        }
      } else if (type === EVENTTYPE_FD_READ || type === EVENTTYPE_FD_WRITE) {
        const fd = view.getUint32(at + 16, true);
        if (!host.isOpen(fd)) {
          writeEvent(view, out, at, type, ERRNO_BADF);
          result.events++;
          continue;
        }
        const readiness = host.readiness?.(fd, type === EVENTTYPE_FD_READ ? 'read' : 'write');
        if (!readiness) {
          const hangup = type === EVENTTYPE_FD_READ && host.atEof(fd);
          writeEvent(view, out, at, type, ERRNO_SUCCESS, 0, hangup);
          result.events++;
        } else if (readiness.ready) {
          const error = readiness.error ?? ERRNO_SUCCESS;
          writeEvent(view, out, at, type, error, readiness.nbytes, readiness.hangup);
          result.events++;
        } else {
          result.waitsForFd = true;
        }
      } else {
        writeEvent(view, out, at, type, ERRNO_INVAL);
        result.events++;
      }
    }
    return result;
  };

  return (inPtr, outPtr, count, neventsPtr) => {
    if (count === 0) return ERRNO_INVAL;
    const calledAt = performance.now();
    const found: Scan = { events: 0, firstDueAt: Infinity, waitsForFd: false };
    const first = scan(inPtr, outPtr, count, calledAt, found);
    if (
      first.events > 0 ||
      (first.firstDueAt === Infinity && (!first.waitsForFd || !host.changed))
    ) {
      new DataView(host.memory().buffer).setUint32(neventsPtr, first.events, true);
      return ERRNO_SUCCESS;
    }
    return new Promise<number>((resolve) => {
      let answered = false;
      let watching = false;
      let cancelTimer = () => {};
      let dueAt = first.firstDueAt;
      const watches = first.waitsForFd && host.changed !== undefined;
      const check = () => {
        if (answered) return;
        const again = scan(inPtr, outPtr, count, calledAt, found);
        if (again.events > 0) {
          answered = true;
          cancelTimer();
          new DataView(host.memory().buffer).setUint32(neventsPtr, again.events, true);
          resolve(ERRNO_SUCCESS);
          return;
        }
        dueAt = again.firstDueAt;
        watch();
      };
      const watch = () => {
        if (watching || !watches || !host.changed) return;
        watching = true;
        void host.changed().then(() => {
          watching = false;
          check();
        });
      };
      const fire = () => {
        if (answered) return;
        if (performance.now() >= dueAt) check();
        if (answered || dueAt === Infinity) return;
        // setTimeout counts whole milliseconds and caps a delay at about 24.8 days (a longer
        // one fires at once): wake in steps until the first deadline has really passed.
        const delay = Math.max(1, Math.ceil(dueAt - performance.now()));
        cancelTimer = arm(fire, Math.min(MAX_TIMER_MS, delay));
      };
      if (dueAt !== Infinity) {
        cancelTimer = arm(fire, Math.min(MAX_TIMER_MS, Math.ceil(dueAt - calledAt)));
      }
      watch();
    });
  };
}

/**
 * Writes the 32-byte event for the subscription at `at` to `out`: its userdata (the 8 bytes
 * copied as they are), error, type, and for a descriptor the bytes waiting and the hangup flag.
 */
function writeEvent(
  view: DataView,
  out: number,
  at: number,
  type: number,
  error: number,
  nbytes = 0,
  hangup = false,
): void {
  view.setUint32(out, view.getUint32(at, true), true);
  view.setUint32(out + 4, view.getUint32(at + 4, true), true);
  // error (u16), type (u8) and padding.
  view.setUint32(out + 8, error | (type << 16), true);
  view.setUint32(out + 12, 0, true);
  view.setUint32(out + 16, nbytes >>> 0, true);
  view.setUint32(out + 20, Math.floor(nbytes / 2 ** 32), true);
  view.setUint32(out + 24, hangup ? EVENTRWFLAGS_HANGUP : 0, true);
  view.setUint32(out + 28, 0, true);
}
