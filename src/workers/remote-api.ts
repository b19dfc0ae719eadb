import * as Comlink from 'comlink';
import type { Status } from '../kernel/api/errors.ts';
import type {
  ApiHandler,
  ApiRequest,
  ApiResponse,
  WatchSubscription,
} from '../kernel/api/types.ts';
import type { WatchEvent } from '../kernel/types/meta.ts';
import type { ApiEndpoint } from './api-endpoint.ts';

/**
 * An ApiHandler for a component in another thread (the page, a node worker): it forwards to
 * the kernel worker's API endpoint, so a Client works the same on either side.
 */
export class RemoteApi implements ApiHandler {
  constructor(private readonly remote: Comlink.Remote<ApiEndpoint>) {}

  handle(request: ApiRequest): Promise<ApiResponse> {
    return this.remote.request(plain(request));
  }

  async watch(
    request: ApiRequest,
    onEvent: (event: WatchEvent) => void,
  ): Promise<ApiResponse | WatchSubscription> {
    let finish!: (status: Status | undefined) => void;
    const done = new Promise<Status | undefined>((resolve) => (finish = resolve));
    const result = await this.remote.watch(
      plain(request),
      Comlink.proxy(onEvent),
      Comlink.proxy((status: Status | undefined) => finish(status)),
    );
    if (typeof result !== 'number') return result;
    return {
      stop: () => {
        void this.remote.stopWatch(result);
        finish(undefined);
      },
      done,
    };
  }
}

/** Requests cross threads by structured clone: keep them plain data. */
function plain(request: ApiRequest): ApiRequest {
  return JSON.parse(JSON.stringify(request)) as ApiRequest;
}
