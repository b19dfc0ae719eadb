/** The objects a watch has delivered so far: the page's only view of the cluster. */
import type { KubeObject, WatchEvent } from '../../kernel/types/meta.ts';

/** `namespace/name`, the key objects of one kind are told apart by. */
export function objectKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/**
 * Applies ADDED, MODIFIED and DELETED events to a map keyed by namespace/name. Objects are kept
 * as delivered (never copied or changed), so an unchanged object keeps its identity and views
 * that compare by identity skip it.
 */
export class WatchedCollection<T extends KubeObject> {
  private readonly objects = new Map<string, T>();

  /** Applies one watch event; true when the collection changed. */
  apply(event: WatchEvent<T>): boolean {
    if (event.type === 'BOOKMARK' || event.type === 'ERROR') return false;
    const key = objectKey(event.object);
    if (event.type === 'DELETED') return this.objects.delete(key);
    this.objects.set(key, event.object);
    return true;
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  get size(): number {
    return this.objects.size;
  }

  items(): T[] {
    return [...this.objects.values()];
  }

  delete(key: string): void {
    this.objects.delete(key);
  }

  clear(): void {
    this.objects.clear();
  }
}
