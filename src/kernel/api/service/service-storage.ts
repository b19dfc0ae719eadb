import type { KubeObject } from '../../types/meta.ts';
import type { FinishFunc, StorageHooks } from '../storage-hooks.ts';
import type { AllocationTransaction, ServiceAllocators } from './service-allocators.ts';
import { normalizeClusterIPs, patchAllocatedValues, specOf } from './service-fields.ts';

function finish(txn: AllocationTransaction): FinishFunc {
  return (success) => (success ? txn.commit() : txn.revert());
}

/** The object's spec, made the object's own so that changes to it stick. */
function ownSpec(object: KubeObject) {
  const spec = specOf(object);
  object.spec = spec;
  return spec;
}

/**
 * The service registry's storage hooks: a new or updated Service gets its cluster IPs and node
 * ports (clusterIP/clusterIPs synced, values the client left out of an update kept), and a
 * deleted one gives them back and takes its Endpoints with it (`deleteEndpoints`), so a
 * Service re-created under the same name never sees stale ones.
 */
export function serviceStorageHooks(
  allocators: ServiceAllocators,
  deleteEndpoints: (namespace: string, name: string) => Promise<void>,
): StorageHooks {
  return {
    beginCreate(object, dryRun) {
      const spec = ownSpec(object);
      normalizeClusterIPs(spec);
      return finish(allocators.allocateCreate(spec, object.metadata.name ?? '', dryRun));
    },
    beginUpdate(object, old, dryRun) {
      const spec = ownSpec(object);
      const before = specOf(old);
      patchAllocatedValues(spec, before);
      normalizeClusterIPs(spec, before);
      return finish(allocators.allocateUpdate(spec, before, object.metadata.name ?? '', dryRun));
    },
    async afterDelete(object) {
      allocators.release(specOf(object));
      await deleteEndpoints(object.metadata.namespace ?? '', object.metadata.name ?? '');
    },
  };
}
