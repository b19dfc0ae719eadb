import type { ApiHandler, ApiRequest } from '../../../src/kernel/api/types.ts';
import type { WatchEvent } from '../../../src/kernel/types/meta.ts';

/**
 * The API server, except that the watch events of one resource (named by its collection's
 * last path segment, `endpointslices`) wait while `hold` is set: an informer cache behind the
 * writes its controller has made.
 */
export class LaggingWatch implements ApiHandler {
  hold = false;
  private held: (() => void)[] = [];

  constructor(
    private readonly api: ApiHandler,
    private readonly resource: string,
  ) {}

  handle(request: ApiRequest) {
    return this.api.handle(request);
  }

  watch(request: ApiRequest, onEvent: (event: WatchEvent) => void) {
    if (!request.path.endsWith(`/${this.resource}`)) return this.api.watch(request, onEvent);
    return this.api.watch(request, (event) => {
      if (this.hold) this.held.push(() => onEvent(event));
      else onEvent(event);
    });
  }

  /** Delivers the held events in order, and the next ones as they come. */
  release(): void {
    this.hold = false;
    for (const deliver of this.held.splice(0)) deliver();
  }
}
