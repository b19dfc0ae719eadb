import type { Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../types/meta.ts';
import { controllerRefOf } from './controller-ref.ts';

/** Index of objects by namespace. */
export const namespaceIndex = 'apps/namespace';
/** Index of objects by the uid of their controller (the owner reference with `controller: true`). */
export const controllerUidIndex = 'apps/controller-uid';
/** Index of objects without a controller, by namespace: the candidates for adoption. */
export const orphanNamespaceIndex = 'apps/orphan-namespace';

const indexed = new WeakSet<Informer<KubeObject>>();

/**
 * Adds the namespace and controller-uid indexes the workload controllers look objects up by,
 * once per shared informer, so a sync reads its own pods without scanning the whole cluster.
 */
export function addWorkloadIndexes<T extends KubeObject>(informer: Informer<T>): void {
  const key = informer as unknown as Informer<KubeObject>;
  if (indexed.has(key)) return;
  indexed.add(key);
  informer.addIndex(namespaceIndex, (o) => [o.metadata.namespace ?? '']);
  informer.addIndex(controllerUidIndex, (o) => {
    const uid = controllerRefOf(o)?.uid;
    return uid ? [uid] : [];
  });
  informer.addIndex(orphanNamespaceIndex, (o) =>
    controllerRefOf(o) ? [] : [o.metadata.namespace ?? ''],
  );
}
