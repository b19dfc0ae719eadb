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

interface PendingEvent {
  userdata: bigint;
  error: number;
  type: number;
  hangup?: boolean;
  nbytes?: number;
}

interface FdWait {
  userdata: bigint;
  type: number;
  fd: number;
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
  // A custom `schedule` cannot be cancelled: its timers fire and find the poll answered.
  const arm: (fn: () => void, delayMs: number) => () => void = host.schedule
    ? (fn, delayMs) => (host.schedule?.(fn, delayMs), () => {})
    : (fn, delayMs) => {
        const timer = setTimeout(fn, delayMs);
        return () => clearTimeout(timer);
      };
  const fdEvent = (wait: FdWait): PendingEvent | undefined => {
    const kind = wait.type === EVENTTYPE_FD_READ ? 'read' : 'write';
    const readiness = host.readiness?.(wait.fd, kind);
    if (!readiness) {
      const hangup = wait.type === EVENTTYPE_FD_READ && host.atEof(wait.fd);
      return { userdata: wait.userdata, error: ERRNO_SUCCESS, type: wait.type, hangup };
    }
    if (!readiness.ready) return undefined;
    return {
      userdata: wait.userdata,
      error: readiness.error ?? ERRNO_SUCCESS,
      type: wait.type,
      hangup: readiness.hangup,
      nbytes: readiness.nbytes,
    };
  };
  const readyFds = (fdWaits: FdWait[]) =>
    fdWaits.map(fdEvent).filter((event) => event !== undefined);

  return (inPtr, outPtr, count, neventsPtr) => {
    if (count === 0) return ERRNO_INVAL;
    const view = new DataView(host.memory().buffer);
    const ready: PendingEvent[] = [];
    const waits: ClockWait[] = [];
    const fdWaits: FdWait[] = [];
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
          const wait = { userdata, type, fd };
          const event = fdEvent(wait);
          if (event) ready.push(event);
          else fdWaits.push(wait);
        }
      } else {
        ready.push({ userdata, error: ERRNO_INVAL, type });
      }
    }
    if (ready.length > 0 || (waits.length === 0 && (fdWaits.length === 0 || !host.changed))) {
      writeEvents(host, outPtr, neventsPtr, ready);
      return ERRNO_SUCCESS;
    }
    const first = waits.length > 0 ? Math.min(...waits.map((w) => w.dueAt)) : Infinity;
    return new Promise<number>((resolve) => {
      let answered = false;
      let watching = false;
      let cancelTimer = () => {};
      const answer = (events: PendingEvent[]) => {
        answered = true;
        cancelTimer();
        writeEvents(host, outPtr, neventsPtr, events);
        resolve(ERRNO_SUCCESS);
      };
      // Descriptors first, then the clocks due: what a poll returning now would report.
      const check = () => {
        if (answered) return;
        const now = performance.now();
        const events = [
          ...readyFds(fdWaits),
          ...waits
            .filter((w) => w.dueAt <= now)
            .map((w) => ({ userdata: w.userdata, error: ERRNO_SUCCESS, type: EVENTTYPE_CLOCK })),
        ];
        if (events.length > 0) answer(events);
        else watch();
      };
      const watch = () => {
        if (watching || fdWaits.length === 0 || !host.changed) return;
        watching = true;
        void host.changed().then(() => {
          watching = false;
          check();
        });
      };
      const fire = () => {
        if (answered) return;
        const now = performance.now();
        // setTimeout counts whole milliseconds and caps a delay at about 24.8 days (a longer
        // one fires at once): wake in steps until the first deadline has really passed.
        if (now < first) {
          cancelTimer = arm(fire, Math.min(MAX_TIMER_MS, Math.ceil(first - now)));
          return;
        }
        check();
      };
      if (waits.length > 0) {
        cancelTimer = arm(fire, Math.min(MAX_TIMER_MS, Math.ceil(first - nowMs)));
      }
      watch();
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
    if (event.nbytes !== undefined) view.setBigUint64(at + 16, BigInt(event.nbytes), true);
    if (event.hangup) view.setUint16(at + 24, EVENTRWFLAGS_HANGUP, true);
  });
  view.setUint32(neventsPtr, events.length, true);
}
