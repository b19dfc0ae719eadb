import type { Namespace } from '../../types/core.ts';
import type { KubeObject } from '../../types/meta.ts';
import { namespaces } from '../resources.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

const base = defaultStrategy(namespaces);

/**
 * Namespaces start Active and carry the `kubernetes` finalizer in spec: deleting one marks it
 * Terminating until the namespace controller has emptied it and finalized it.
 */
export const namespaceStrategy: Strategy = {
  ...base,
  prepareForCreate(object: KubeObject) {
    const ns = object as Namespace;
    ns.status = { phase: 'Active' };
  },
  pendingFinalizers(object: KubeObject) {
    const ns = object as Namespace;
    return [...(ns.metadata.finalizers ?? []), ...(ns.spec?.finalizers ?? [])];
  },
  markDeleting(object: KubeObject) {
    const ns = object as Namespace;
    ns.status = { ...ns.status, phase: 'Terminating' };
  },
  returnsDeletedObject: true,
};
