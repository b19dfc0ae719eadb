/**
 * The API server's transport-free request and response. The same shapes cross worker
 * boundaries and back `window.playground.request`.
 */
import type { WatchEvent } from '../types/meta.ts';
import type { Status } from './errors.ts';

export type QueryValue = string | number | boolean | undefined;

export interface ApiRequest {
  /** HTTP method (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`); `method` is accepted as an alias. */
  verb?: string;
  method?: string;
  /** A Kubernetes REST path, optionally with a query string: `/api/v1/namespaces/default/pods?labelSelector=app%3Dweb`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** The request body: an object, or JSON text. */
  body?: unknown;
  /** For PATCH: `application/merge-patch+json` (default), `application/strategic-merge-patch+json`, `application/json-patch+json`. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  /** Warning headers (`Warning: 299 - "..."`), such as unknown fields under fieldValidation=Warn. */
  warnings?: string[];
  /** Response headers of a proxied HTTP reply (services/proxy, pods/proxy), names lower-cased. */
  headers?: Record<string, string>;
}

/** A running watch. `done` resolves when it ends: undefined when stopped, a Status when the server ended it. */
export interface WatchSubscription {
  stop(): void;
  readonly done: Promise<Status | undefined>;
}

/** What the API server offers: one request/response entry point and one streaming one. */
export interface ApiHandler {
  handle(request: ApiRequest): Promise<ApiResponse>;
  /**
   * Starts a watch (the request is a GET of a collection; `watch` in the query is implied).
   * Resolves to an error response when the watch cannot start (for example 410 Expired),
   * else to the running subscription; events arrive through `onEvent` in order.
   */
  watch(
    request: ApiRequest,
    onEvent: (event: WatchEvent) => void,
  ): Promise<ApiResponse | WatchSubscription>;
}
