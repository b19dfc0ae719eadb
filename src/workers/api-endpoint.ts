/**
 * The API server as served over a MessagePort (comlink): one request/response call and a
 * streaming watch whose events arrive through a proxied callback. Plain data only.
 */
import * as Comlink from 'comlink';
import type { Status } from '../kernel/api/errors.ts';
import type {
  ApiHandler,
  ApiRequest,
  ApiResponse,
  WatchSubscription,
} from '../kernel/api/types.ts';
import type { WatchEvent } from '../kernel/types/meta.ts';

export interface ApiEndpoint {
  request(request: ApiRequest): Promise<ApiResponse>;
  /**
   * Starts a watch; resolves to an id for `stopWatch`, or to an error response. `onEnd` is
   * called once when the watch ends: with undefined when stopped, with a Status when the
   * server ended it (its timeoutSeconds ran out, ...).
   */
  watch(
    request: ApiRequest,
    onEvent: (event: WatchEvent) => void,
    onEnd: (status: Status | undefined) => void,
  ): Promise<number | ApiResponse>;
  stopWatch(id: number): void;
}

/**
 * Serves `handler()` (the API server once it has booted) as an ApiEndpoint. Each watch's
 * callbacks are comlink proxies when they come from another thread: once the watch ends its
 * end is reported and both proxies are released, so no port stays open for it on either side.
 */
export function serveApi(handler: () => ApiHandler): ApiEndpoint {
  const watches = new Map<number, WatchSubscription>();
  let nextWatchId = 1;
  return {
    request(request) {
      return handler().handle(request);
    },
    async watch(request, onEvent, onEnd) {
      const result = await handler().watch(request, onEvent);
      if (!('stop' in result)) {
        release(onEvent);
        release(onEnd);
        return result;
      }
      const id = nextWatchId++;
      watches.set(id, result);
      void result.done.then((status) => {
        watches.delete(id);
        void Promise.resolve(onEnd(status)).catch(() => {});
        release(onEvent);
        release(onEnd);
      });
      return id;
    },
    stopWatch(id) {
      watches.get(id)?.stop();
    },
  };
}

/** Releases a comlink proxy (a callback from another thread); a plain function has nothing to release. */
function release(callback: object): void {
  const releaser = (callback as { [Comlink.releaseProxy]?: unknown })[Comlink.releaseProxy];
  if (typeof releaser === 'function') (releaser as () => void)();
}
