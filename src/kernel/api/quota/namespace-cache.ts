/**
 * A live cache of one resource's objects by namespace, fed by a store watch, for admission
 * plugins that look at every create (LimitRanger and ResourceQuota read the namespace's
 * LimitRanges and ResourceQuotas, as upstream reads them from an informer). The store hands a
 * watch its events before a writer's promise resolves, so a client that created a quota
 * and then creates a pod always finds the quota here.
 */
import type { KubeObject } from '../../types/meta.ts';
import type { Registry } from '../registry.ts';

export class NamespaceCache {
  private readonly byKey = new Map<string, KubeObject>();
  private ready: Promise<void> | undefined;

  constructor(private readonly registry: Registry) {}

  /** The namespace's objects, sorted by name (as a list returns them). */
  async list(namespace: string): Promise<KubeObject[]> {
    await (this.ready ??= this.start());
    const prefix = this.registry.prefix(namespace);
    return [...this.byKey.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, object]) => object);
  }

  private async start(): Promise<void> {
    const { store } = this.registry.context;
    const prefix = this.registry.prefix();
    const listed = await store.list(prefix);
    for (const kv of listed.items) this.byKey.set(kv.key, this.registry.decode(kv));
    store.watch(prefix, listed.revision, (event) => {
      if (event.type === 'delete') this.byKey.delete(event.kv.key);
      else this.byKey.set(event.kv.key, this.registry.decode(event.kv));
    });
  }
}
