import type { TimerHandle } from '../../clock/clock.ts';
import type { StoreEvent, WatchHandle } from '../../store/types.ts';
import { StoreError } from '../../store/types.ts';
import type { KubeObject, WatchEvent } from '../../types/meta.ts';
import { badRequest, gone, type Status } from '../errors.ts';
import type { ResourceRequest } from '../request.ts';
import { queryFlag } from '../request.ts';
import { groupVersion } from '../resources.ts';
import type { ApiResponse, WatchSubscription } from '../types.ts';
import type { ServerContext } from './context.ts';
import { everyObject, filterFor } from './selection.ts';

/** How often a watch that allows bookmarks is told the current revision, in cluster time. */
const bookmarkInterval = 60_000;

/**
 * A watch on a collection. Without a resourceVersion (or with "0") it first sends every
 * matching object as ADDED; with one, it sends every change after it, or fails with 410
 * Expired when that revision has been compacted. An object that stops matching the selectors
 * is reported DELETED to this watcher, and one that starts matching, ADDED.
 */
export async function handleWatch(
  ctx: ServerContext,
  r: ResourceRequest,
  onEvent: (event: WatchEvent) => void,
): Promise<ApiResponse | WatchSubscription> {
  const info = r.resource;
  const registry = ctx.registry(info);
  const matches = filterFor(info, r.query);
  const prefix = registry.prefix(r.namespace);
  const rvParam = r.query.resourceVersion;
  const initialEvents =
    rvParam === undefined ||
    rvParam === '' ||
    rvParam === '0' ||
    queryFlag(r.query, 'sendInitialEvents');
  const bookmarks = queryFlag(r.query, 'allowWatchBookmarks');

  let startRevision: number;
  const initial: KubeObject[] = [];
  if (initialEvents) {
    const listing = await registry.list(r.namespace);
    startRevision = listing.revision;
    initial.push(...listing.items.filter(matches));
  } else {
    startRevision = Number(rvParam);
    if (!Number.isInteger(startRevision) || startRevision < 0) {
      throw badRequest(`invalid resource version: ${rvParam}`);
    }
  }

  let stopped = false;
  let finish!: (status: Status | undefined) => void;
  const done = new Promise<Status | undefined>((resolve) => (finish = resolve));
  const timers: TimerHandle[] = [];
  let handle: WatchHandle | undefined;
  const stop = (status?: Status) => {
    if (stopped) return;
    stopped = true;
    handle?.cancel();
    for (const t of timers) t.cancel();
    finish(status);
  };
  const emit = (event: WatchEvent) => {
    if (!stopped) onEvent(event);
  };

  try {
    handle = ctx.store.watch(prefix, startRevision, (event) => {
      const translated = translate(event, registry.decode.bind(registry), matches);
      if (translated) emit(translated);
    });
  } catch (err) {
    if (err instanceof StoreError && err.code === 'Compacted') {
      return {
        status: 410,
        body: gone(`too old resource version: ${startRevision} (${err.compactRevision ?? ''})`)
          .status,
      };
    }
    throw err;
  }

  // Synthetic ADDED events go out before any live event, which the store delivers later.
  for (const object of initial) emit({ type: 'ADDED', object });
  const bookmark = (annotations?: Record<string, string>): WatchEvent => ({
    type: 'BOOKMARK',
    object: {
      kind: info.kind,
      apiVersion: groupVersion(info),
      metadata: {
        resourceVersion: String(ctx.store.revision()),
        ...(annotations ? { annotations } : {}),
      },
    },
  });
  if (bookmarks && queryFlag(r.query, 'sendInitialEvents')) {
    emit(bookmark({ 'k8s.io/initial-events-end': 'true' }));
  }
  if (bookmarks) {
    const tick = () => {
      if (stopped) return;
      // Runs as a timer, after every committed event has been delivered, so the store's
      // revision is a safe point to resume from.
      emit(bookmark());
      timers.push(ctx.clock.setTimer(bookmarkInterval, tick));
    };
    timers.push(ctx.clock.setTimer(bookmarkInterval, tick));
  }
  const timeout = Number(r.query.timeoutSeconds);
  if (timeout > 0) timers.push(ctx.clock.setTimer(timeout * 1000, () => stop()));

  return { stop: () => stop(), done };
}

function translate(
  event: StoreEvent,
  decode: (kv: StoreEvent['kv']) => KubeObject,
  matches: (object: KubeObject) => boolean,
): WatchEvent | undefined {
  if (matches === everyObject && event.type === 'put') {
    // Without selectors only the change's own object is needed: no decoding of the old one.
    return { type: event.prevKv ? 'MODIFIED' : 'ADDED', object: decode(event.kv) };
  }
  const previous = event.prevKv ? decode(event.prevKv) : undefined;
  const matchedBefore = previous ? matches(previous) : false;
  if (event.type === 'delete') {
    if (!matchedBefore || !previous) return undefined;
    previous.metadata.resourceVersion = String(event.kv.modRevision);
    return { type: 'DELETED', object: previous };
  }
  const object = decode(event.kv);
  const matchesNow = matches(object);
  if (matchesNow) return { type: matchedBefore ? 'MODIFIED' : 'ADDED', object };
  if (matchedBefore && previous) {
    previous.metadata.resourceVersion = object.metadata.resourceVersion;
    return { type: 'DELETED', object: previous };
  }
  return undefined;
}
