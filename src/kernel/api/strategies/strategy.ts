import type { DeleteOptions, DeletionPropagation, KubeObject } from '../../types/meta.ts';
import type { ResourceInfo } from '../resources.ts';

/**
 * What differs between kinds in the generic create/update/delete flow (the apiserver's
 * RESTCreateStrategy, RESTUpdateStrategy and RESTDeleteStrategy).
 */
export interface Strategy {
  /** Resets what a client may not set on create (status, for kinds with a status subresource). */
  prepareForCreate(object: KubeObject): void;
  /** A PUT of the main resource keeps the stored status. */
  prepareForUpdate(object: KubeObject, old: KubeObject): void;
  /** A PUT of `/status` keeps the stored spec and labels; it changes status (and annotations). */
  prepareForStatusUpdate(object: KubeObject, old: KubeObject): void;
  /**
   * Seconds of graceful deletion for this object under these options; 0 deletes at once
   * (after finalizers). Only pods wait for a grace period.
   */
  gracePeriodSeconds(object: KubeObject, options: DeleteOptions): number;
  /** Finalizers that keep a deleted object present (namespaces add their spec.finalizers). */
  pendingFinalizers(object: KubeObject): string[];
  /** Called when a delete marks the object as deleting rather than removing it. */
  markDeleting(object: KubeObject): void;
  /** The propagation policy used when the request names none. */
  defaultPropagation: DeletionPropagation;
  /** True when a completed DELETE answers with the deleted object instead of a Status. */
  returnsDeletedObject: boolean;
}

/** The behaviour most kinds share; kinds with a status subresource protect their status. */
export function defaultStrategy(info: ResourceInfo): Strategy {
  const hasStatus = info.subresources.includes('status');
  return {
    prepareForCreate(object) {
      if (hasStatus) delete object.status;
    },
    prepareForUpdate(object, old) {
      if (!hasStatus) return;
      if (old.status === undefined) delete object.status;
      else object.status = old.status;
    },
    prepareForStatusUpdate(object, old) {
      for (const key of Object.keys(object)) {
        if (key !== 'status' && key !== 'metadata' && key !== 'apiVersion' && key !== 'kind') {
          delete object[key];
        }
      }
      for (const [key, value] of Object.entries(old)) {
        if (key !== 'status' && key !== 'metadata') object[key] = value;
      }
      // As the apps and core status strategies: metadata from the request stays (a controller
      // may write an annotation with the status) except labels; system fields were kept already.
      if (old.metadata.labels) object.metadata.labels = old.metadata.labels;
      else delete object.metadata.labels;
    },
    gracePeriodSeconds: () => 0,
    pendingFinalizers: (object) => object.metadata.finalizers ?? [],
    markDeleting: () => {},
    defaultPropagation: 'Background',
    returnsDeletedObject: false,
  };
}
