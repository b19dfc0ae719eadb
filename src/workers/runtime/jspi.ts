/**
 * JavaScript Promise Integration (JSPI), typed: TypeScript's lib does not declare it yet.
 * Chromium ships it by default since version 137.
 * https://github.com/WebAssembly/js-promise-integration
 */

/** A WebAssembly import that suspends the calling module while its promise is pending. */
export type SuspendingImport = object;

interface JspiGlobal {
  Suspending?: new (fn: (...args: never[]) => unknown) => SuspendingImport;
  promising?: <A extends unknown[]>(
    fn: (...args: A) => unknown,
  ) => (...args: A) => Promise<unknown>;
}

const wasm = WebAssembly as unknown as JspiGlobal;

/**
 * Wraps a host function for use as an import: when it returns a promise the module suspends
 * until it settles and then receives its value; any other return value is passed straight on.
 */
export function suspending<A extends unknown[], R>(
  fn: (...args: A) => R | Promise<R>,
): SuspendingImport {
  if (!wasm.Suspending) throw new Error('this browser lacks WebAssembly JSPI (Suspending)');
  const observed = (...args: A): R | Promise<R> => {
    const result = fn(...args);
    const watcher = observer;
    if (!watcher || !(result instanceof Promise)) return result;
    watcher.suspend();
    return result.then(
      (value) => {
        watcher.resume();
        return value;
      },
      (err: unknown) => {
        watcher.resume();
        throw err;
      },
    );
  };
  return new wasm.Suspending(observed as (...args: never[]) => unknown);
}

/** Told when a module of this worker suspends at a suspending import and when it resumes. */
export interface SuspensionObserver {
  suspend(): void;
  resume(): void;
}

let observer: SuspensionObserver | undefined;

/**
 * Sets who is told of this worker's suspensions (the container's CPU meter: a container worker
 * runs one container, and its modules run one at a time on the worker's thread), or nobody.
 */
export function observeSuspensions(next: SuspensionObserver | undefined): void {
  observer = next;
}

/** A module of this worker starts a run (a WAGI handler run): the observer hears a resumption. */
export function noteRunStarted(): void {
  observer?.resume();
}

/** A module's run has ended: the observer hears a suspension. */
export function noteRunEnded(): void {
  observer?.suspend();
}

/** Wraps an export so it may suspend; the returned function resolves when the export returns. */
export function promising<A extends unknown[]>(
  fn: (...args: A) => unknown,
): (...args: A) => Promise<unknown> {
  if (!wasm.promising) throw new Error('this browser lacks WebAssembly JSPI (promising)');
  return wasm.promising(fn);
}
