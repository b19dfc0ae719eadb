import type { Status } from '../../kernel/api/errors.ts';
import type {
  ApiHandler,
  ApiRequest,
  ApiResponse,
  WatchSubscription,
} from '../../kernel/api/types.ts';
import type { WatchEvent } from '../../kernel/types/meta.ts';

/**
 * A node's link to the API server that can be cut, as a network partition cuts it (the
 * playground's "freeze node"): while cut, requests wait unsent, replies to requests already
 * sent wait undelivered, and watch events are held; healing delivers everything in order, as
 * a connection that comes back would. The node itself keeps running: its Lease and status go
 * stale, so the control plane declares it Unknown, while its containers go on serving.
 */
export class ApiPartition implements ApiHandler {
  private healed?: { promise: Promise<void>; resolve: () => void };
  private readonly watches = new Set<HeldWatch>();

  constructor(private readonly inner: ApiHandler) {}

  /** True while the link is cut. */
  get isCut(): boolean {
    return this.healed !== undefined;
  }

  /** Cuts the link; cutting a cut link changes nothing. */
  cut(): void {
    if (this.healed) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.healed = { promise, resolve };
  }

  /** Restores the link: held watch events are delivered, then waiting requests go out. */
  heal(): void {
    const healed = this.healed;
    if (!healed) return;
    this.healed = undefined;
    for (const watch of this.watches) watch.flush();
    healed.resolve();
  }

  async handle(request: ApiRequest): Promise<ApiResponse> {
    await this.passable();
    const response = await this.inner.handle(request);
    await this.passable();
    return response;
  }

  async watch(
    request: ApiRequest,
    onEvent: (event: WatchEvent) => void,
  ): Promise<ApiResponse | WatchSubscription> {
    await this.passable();
    const held = new HeldWatch(onEvent, () => this.isCut);
    const result = await this.inner.watch(request, (event) => held.event(event));
    await this.passable();
    if (!('stop' in result)) return result;
    this.watches.add(held);
    held.flush();
    const done = result.done.then(async (status: Status | undefined) => {
      // The server's end of the watch reaches the node only once the link is back.
      await this.passable();
      held.flush();
      this.watches.delete(held);
      return status;
    });
    return {
      stop: () => {
        this.watches.delete(held);
        result.stop();
      },
      done,
    };
  }

  private passable(): Promise<void> {
    return this.healed?.promise ?? Promise.resolve();
  }
}

/** One watch's events: passed on at once while the link is up, held while it is cut. */
class HeldWatch {
  private readonly queue: WatchEvent[] = [];

  constructor(
    private readonly deliver: (event: WatchEvent) => void,
    private readonly isCut: () => boolean,
  ) {}

  event(event: WatchEvent): void {
    if (this.isCut() || this.queue.length > 0) {
      this.queue.push(event);
      if (!this.isCut()) this.flush();
      return;
    }
    this.deliver(event);
  }

  flush(): void {
    while (this.queue.length > 0 && !this.isCut()) this.deliver(this.queue.shift()!);
  }
}
