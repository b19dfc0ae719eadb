import { isGone } from '../api/errors.ts';
import type { ResourceInfo } from '../api/resources.ts';
import type { WatchSubscription } from '../api/types.ts';
import { sleep, type Clock } from '../clock/clock.ts';
import type { KubeObject } from '../types/meta.ts';
import type { Client } from './client.ts';

export interface InformerHandlers<T> {
  add?(object: T): void;
  update?(oldObject: T, newObject: T): void;
  delete?(object: T): void;
}

export interface InformerOptions {
  /** Times the back-off between failed list attempts. */
  clock: Clock;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones: the work-queue key. */
export function objectKey(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : (name ?? '');
}

/** Splits a key made by `objectKey`. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/**
 * A list+watch cache of one resource (client-go's shared informer): lists once, then follows
 * a watch from the list's resourceVersion; when the watch ends or is Gone (410), lists again
 * and reports the differences as events. Objects in the cache are shared: never modify them.
 */
export class Informer<T extends KubeObject = KubeObject> {
  private cache = new Map<string, T>();
  private handlers: InformerHandlers<T>[] = [];
  private indexers = new Map<string, (object: T) => string[]>();
  private indices = new Map<string, Map<string, Set<string>>>();
  private subscription: WatchSubscription | undefined;
  private stopped = false;
  private started = false;
  private resolveSynced!: () => void;
  /** Resolves once the first list is in the cache. */
  readonly synced: Promise<void> = new Promise((resolve) => (this.resolveSynced = resolve));
  lastSyncResourceVersion = '';

  constructor(
    private readonly client: Client,
    readonly resource: ResourceInfo,
    private readonly options: InformerOptions,
  ) {}

  addEventHandler(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
  }

  /** Adds a secondary index; `byIndex(name, value)` then finds objects whose `fn` returned `value`. */
  addIndex(name: string, fn: (object: T) => string[]): void {
    this.indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indices.set(name, index);
    for (const [key, object] of this.cache) this.indexObject(name, key, object, true);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(namespace?: string): T[] {
    const all = [...this.cache.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  byIndex(name: string, value: string): T[] {
    const keys = this.indices.get(name)?.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const key of keys) {
      const object = this.cache.get(key);
      if (object) out.push(object);
    }
    return out;
  }

  /** Starts listing and watching; later calls do nothing (one watch per informer). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.listAndWatch();
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.stop();
  }

  private async listAndWatch(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const list = await this.client.list<T>(this.resource, this.options.namespace, {
          labelSelector: this.options.labelSelector,
          fieldSelector: this.options.fieldSelector,
        });
        if (this.stopped) return;
        this.replace(list.items);
        this.lastSyncResourceVersion = list.metadata.resourceVersion ?? '';
        this.resolveSynced();
        if (this.stopped) return;
        this.subscription = await this.client.watch<T>(
          this.resource,
          this.options.namespace,
          {
            resourceVersion: this.lastSyncResourceVersion,
            labelSelector: this.options.labelSelector,
            fieldSelector: this.options.fieldSelector,
            allowWatchBookmarks: true,
          },
          (event) => {
            if (event.type === 'BOOKMARK') {
              this.lastSyncResourceVersion = event.object.metadata.resourceVersion ?? '';
            } else if (event.type === 'ADDED' || event.type === 'MODIFIED') {
              this.upsert(event.object);
            } else if (event.type === 'DELETED') {
              this.remove(objectKey(event.object), event.object);
            }
          },
        );
        if (this.stopped) {
          this.subscription.stop();
          return;
        }
        failures = 0;
        // A watch that ends, whatever the reason, is followed by a fresh list.
        await this.subscription.done;
      } catch (err) {
        if (this.stopped) return;
        if (isGone(err)) continue;
        console.error(`informer for ${this.resource.resource}:`, err);
        failures++;
        await sleep(this.options.clock, Math.min(10 * 2 ** failures, 5_000));
      }
    }
  }

  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const object of items) {
      seen.add(objectKey(object));
      this.upsert(object);
    }
    for (const [key, object] of [...this.cache]) {
      if (!seen.has(key)) this.remove(key, object);
    }
  }

  private upsert(object: T): void {
    const key = objectKey(object);
    const old = this.cache.get(key);
    this.lastSyncResourceVersion = object.metadata.resourceVersion ?? this.lastSyncResourceVersion;
    if (old && old.metadata.resourceVersion === object.metadata.resourceVersion) return;
    this.cache.set(key, object);
    for (const name of this.indexers.keys()) {
      if (old) this.indexObject(name, key, old, false);
      this.indexObject(name, key, object, true);
    }
    for (const h of this.handlers) {
      this.notify(() => (old ? h.update?.(old, object) : h.add?.(object)));
    }
  }

  private remove(key: string, last: T): void {
    const old = this.cache.get(key);
    if (!old) return;
    this.cache.delete(key);
    for (const name of this.indexers.keys()) this.indexObject(name, key, old, false);
    for (const h of this.handlers) this.notify(() => h.delete?.(last));
  }

  /** Runs one handler; a handler that throws must not keep the others from hearing the event. */
  private notify(call: () => void): void {
    try {
      call();
    } catch (err) {
      console.error(`informer for ${this.resource.resource}: event handler failed:`, err);
    }
  }

  private indexObject(name: string, key: string, object: T, present: boolean): void {
    const index = this.indices.get(name)!;
    for (const value of this.indexers.get(name)!(object)) {
      let keys = index.get(value);
      if (present) {
        if (!keys) index.set(value, (keys = new Set()));
        keys.add(key);
      } else if (keys) {
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
    }
  }
}
