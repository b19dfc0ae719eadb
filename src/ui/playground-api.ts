import * as Comlink from 'comlink';
import type { ApiRequest, ApiResponse } from '../kernel/api/types.ts';
import { Client } from '../kernel/client/client.ts';
import { applyManifest, type ApplyResult } from '../kernel/client/apply.ts';
import type { WatchEvent } from '../kernel/types/meta.ts';
import type { Status } from '../kernel/api/errors.ts';
import type { KernelBootOptions, KernelWorkerApi } from '../workers/kernel-protocol.ts';
import type { ApiHandler, WatchSubscription } from '../kernel/api/types.ts';

/**
 * `window.playground`: the page's script API that docs pages and external tests use. It holds
 * no cluster state; everything goes to the kernel worker's API server.
 */
export interface Playground {
  /** Resolves once the control plane has booted. */
  ready: Promise<void>;
  /** One API request: `{verb|method, path, query, body}` → `{status, body}`. */
  request(request: ApiRequest): Promise<ApiResponse>;
  /** Applies a multi-document YAML manifest as `kubectl apply -f` does; one result per document. */
  apply(yaml: string): Promise<ApplyResult[]>;
  /** Watches a collection path; returns a function that stops the watch. */
  watch(request: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<() => void>;
  /** Sets how fast cluster time runs: 0 pauses, 1 is real time, 10 is ten times faster. */
  setSpeed(speed: number): Promise<void>;
}

/** An ApiHandler that forwards to the kernel worker. */
class WorkerApi implements ApiHandler {
  constructor(private readonly remote: Comlink.Remote<KernelWorkerApi>) {}

  handle(request: ApiRequest): Promise<ApiResponse> {
    return this.remote.request(normalise(request));
  }

  async watch(
    request: ApiRequest,
    onEvent: (event: WatchEvent) => void,
  ): Promise<ApiResponse | WatchSubscription> {
    let finish!: (status: Status | undefined) => void;
    const done = new Promise<Status | undefined>((resolve) => (finish = resolve));
    const result = await this.remote.watch(normalise(request), Comlink.proxy(onEvent));
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

/** Requests cross to the worker by structured clone: keep them plain data. */
function normalise(request: ApiRequest): ApiRequest {
  return JSON.parse(JSON.stringify(request)) as ApiRequest;
}

/** A started playground, with the worker behind it for shutting it down. */
export interface RunningPlayground extends Playground {
  /** Terminates the kernel worker (as closing the tab would). */
  terminate(): void;
}

/**
 * Starts the kernel worker and builds the script API over it. `workerUrl` is the bundled
 * kernel worker next to the page unless given (tests load the TypeScript source).
 */
export function startPlayground(
  options: KernelBootOptions,
  workerUrl: URL = new URL('./kernel-worker.js', import.meta.url),
): RunningPlayground {
  const worker = new Worker(workerUrl, { type: 'module' });
  const remote = Comlink.wrap<KernelWorkerApi>(worker);
  const api = new WorkerApi(remote);
  const client = new Client(api);
  const ready = remote.boot(options);
  let terminated = false;
  return {
    ready,
    async request(request) {
      await ready;
      return api.handle(request);
    },
    async apply(yaml) {
      await ready;
      return applyManifest(client, yaml);
    },
    async watch(request, onEvent) {
      await ready;
      const result = await api.watch(request, onEvent);
      if ('stop' in result) return () => result.stop();
      throw new Error((result.body as Status).message ?? `watch failed with ${result.status}`);
    },
    async setSpeed(speed) {
      await ready;
      await remote.setSpeed(speed);
    },
    terminate() {
      if (terminated) return;
      terminated = true;
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
