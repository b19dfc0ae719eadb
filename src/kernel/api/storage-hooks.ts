import type { KubeObject } from '../types/meta.ts';

/** Settles what a begin hook did: `true` once the write is stored, `false` when it failed. */
export type FinishFunc = (success: boolean) => void;

/**
 * What a resource's storage does around the generic create, update and delete (the
 * apiserver store's BeginCreate, BeginUpdate and AfterDelete): the service registry takes
 * cluster IPs and node ports as a Service is written and gives them back when it is gone.
 * Begin hooks run after defaulting and before validation, may change the object, and throw a
 * StatusError to refuse it; a dry run must leave no trace.
 */
export interface StorageHooks {
  beginCreate?(object: KubeObject, dryRun: boolean): FinishFunc;
  beginUpdate?(object: KubeObject, old: KubeObject, dryRun: boolean): FinishFunc;
  /** After the object was removed from storage for good. */
  afterDelete?(object: KubeObject): Promise<void>;
}
