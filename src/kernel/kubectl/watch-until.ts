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
    let lastSeen: T | undefined = listed;
    const check = (type: WatchEventType, object: T) => {
      if (finished) return;
      if (type !== 'DELETED') lastSeen = object;
      try {
        if (options.condition(type, object)) finish({ kind: 'done', object });
      } catch (err) {
        fail(err);
      }
    };
    const watchFrom = (resourceVersion: string | undefined) =>
      ctx.client
        .watch<T>(options.info, options.namespace, { fieldSelector, resourceVersion }, (event) => {
          if (finished || event.type === 'BOOKMARK' || event.type === 'ERROR') return;
          check(event.type, event.object);
        })
        .then((subscription) => {
          if (finished) {
            subscription.stop();
            return;
          }
          stop = () => subscription.stop();
          // A watch the server ends (a timeout, a compaction) is followed by a fresh list and
          // a new watch, as client-go's UntilWithSync does; what changed meanwhile is reported.
          void subscription.done.then(async () => {
            if (finished) return;
            try {
              const again = await ctx.client.list<T>(options.info, options.namespace, {
                fieldSelector,
              });
              const current = again.items[0];
              if (current) check(lastSeen ? 'MODIFIED' : 'ADDED', current);
              else if (lastSeen) check('DELETED', lastSeen);
              if (!finished) watchFrom(again.metadata.resourceVersion);
            } catch (err) {
              fail(err);
            }
          });
        }, fail);
    watchFrom(list.metadata.resourceVersion);
  });
}
