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
  return new wasm.Suspending(fn as (...args: never[]) => unknown);
}

/** Wraps an export so it may suspend; the returned function resolves when the export returns. */
export function promising<A extends unknown[]>(
  fn: (...args: A) => unknown,
): (...args: A) => Promise<unknown> {
  if (!wasm.promising) throw new Error('this browser lacks WebAssembly JSPI (promising)');
  return wasm.promising(fn);
}
