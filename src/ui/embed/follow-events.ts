import type { Event } from '../../kernel/types/core.ts';
import type { WatchEvent } from '../../kernel/types/meta.ts';
import type { Playground } from '../playground-api.ts';

/**
 * Calls `onEvent` with each cluster Event (every namespace) as it arrives: when it is created,
 * and again when it is recorded once more (its count and last time change), never twice for
 * the same version. The Events already there when it starts arrive first. A watch the server
 * ends (410 Gone) is started again after `retryMs`, without repeating versions already sent.
 * Resolves, once watching, to a function that stops it.
 */
export async function followEvents(
  playground: Pick<Playground, 'watch'>,
  onEvent: (event: Event) => void,
  retryMs = 1000,
): Promise<() => void> {
  const seen = new Map<string, string>();
  let stopped = false;
  let stopWatch: (() => void) | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** Bumped at each restart: a watch of an earlier generation is stale and is stopped. */
  let generation = 0;

  const handle = (change: WatchEvent, of: number) => {
    if (stopped || of !== generation) return;
    if (change.type === 'ERROR') {
      restart();
      return;
    }
    const event = change.object as Event;
    const key = event.metadata.uid ?? `${event.metadata.namespace}/${event.metadata.name}`;
    if (change.type === 'DELETED') {
      seen.delete(key);
      return;
    }
    const version = event.metadata.resourceVersion ?? '';
    if (seen.get(key) === version) return;
    seen.set(key, version);
    onEvent(event);
  };

  const watch = async () => {
    const of = generation;
    const stop = await playground.watch({ verb: 'GET', path: '/api/v1/events' }, (change) =>
      handle(change, of),
    );
    if (stopped || of !== generation) stop();
    else stopWatch = stop;
  };

  const restart = () => {
    generation++;
    stopWatch?.();
    stopWatch = undefined;
    clearTimeout(retry);
    retry = setTimeout(() => {
      if (!stopped) watch().catch(restart);
    }, retryMs);
  };

  await watch();
  return () => {
    stopped = true;
    clearTimeout(retry);
    stopWatch?.();
    stopWatch = undefined;
  };
}
