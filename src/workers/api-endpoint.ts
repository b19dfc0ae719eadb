/**
 * The API server as served over a MessagePort (comlink): one request/response call and a
 * streaming watch whose events arrive through a proxied callback. Plain data only.
 */
import type { ApiRequest, ApiResponse } from '../kernel/api/types.ts';
import type { WatchEvent } from '../kernel/types/meta.ts';

export interface ApiEndpoint {
  request(request: ApiRequest): Promise<ApiResponse>;
  /** Starts a watch; resolves to an id for `stopWatch`, or to an error response. */
  watch(request: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<number | ApiResponse>;
  stopWatch(id: number): void;
}
