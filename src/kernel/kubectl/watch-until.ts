import type { ResourceInfo } from '../api/resources.ts';
import type { KubeObject, WatchEventType } from '../types/meta.ts';
import type { KubectlContext } from './context.ts';

/** How a `watchUntil` ended: the condition held, cluster time ran out, or Ctrl-C. */
export type WatchOutcome<T> =
  { kind: 'done'; object: T | undefined } | { kind: 'timeout' } | { kind: 'aborted' };

export interface WatchUntilOptions<T extends KubeObject> {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  /** Cluster-time milliseconds before giving up; 0 or less waits without limit. */
  timeoutMs: number;
  /**
   * Called with the object as listed (`synced`: present or not) before any event; returning
   * true ends the wait, throwing fails it. client-go's UntilWithSync precondition.
   */
  precondition?(object: T | undefined): boolean;
  /** Called for each event, the listed object first as ADDED; true ends the wait, throwing fails it. */
  condition(type: WatchEventType, object: T): boolean;
}

/**
 * client-go's watchtools.UntilWithSync on one object: lists it by name, then watches from
 * that list's resourceVersion, calling `condition` for the listed object and each event
 * until it returns true. The timeout runs on the context's clock (cluster time) and
 * ctx.signal ends the wait as Ctrl-C does.
 */
export async function watchUntil<T extends KubeObject>(
  ctx: KubectlContext,
  options: WatchUntilOptions<T>,
): Promise<WatchOutcome<T>> {
  const fieldSelector = `metadata.name=${options.name}`;
  const list = await ctx.client.list<T>(options.info, options.namespace, { fieldSelector });
  const listed = list.items[0];
  if (options.precondition?.(listed)) return { kind: 'done', object: listed };
  if (listed && options.condition('ADDED', listed)) return { kind: 'done', object: listed };
  if (ctx.signal?.aborted) return { kind: 'aborted' };

  return new Promise<WatchOutcome<T>>((resolve, reject) => {
    let finished = false;
    let stop: (() => void) | undefined;
    const timer =
      options.timeoutMs > 0
        ? ctx.clock.setTimer(options.timeoutMs, () => finish({ kind: 'timeout' }))
        : undefined;
    const onAbort = () => finish({ kind: 'aborted' });
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    function cleanup() {
      finished = true;
      timer?.cancel();
      ctx.signal?.removeEventListener('abort', onAbort);
      stop?.();
    }
    function finish(outcome: WatchOutcome<T>) {
      if (finished) return;
      cleanup();
      resolve(outcome);
    }
    function fail(err: unknown) {
      if (finished) return;
      cleanup();
      reject(err);
    }
    ctx.client
      .watch<T>(
        options.info,
        options.namespace,
        { fieldSelector, resourceVersion: list.metadata.resourceVersion },
        (event) => {
          if (finished) return;
          if (event.type === 'BOOKMARK' || event.type === 'ERROR') return;
          try {
            if (options.condition(event.type, event.object))
              finish({ kind: 'done', object: event.object });
          } catch (err) {
            fail(err);
          }
        },
      )
      .then((subscription) => {
        if (finished) subscription.stop();
        else stop = () => subscription.stop();
      }, fail);
  });
}
