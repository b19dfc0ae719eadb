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
  prepareForUpdate(object: KubeObject, old: KubeObject) {
    // spec.finalizers change only through /finalize; status only through /status.
    const ns = object as Namespace;
    const before = old as Namespace;
    ns.spec = { ...ns.spec };
    if (before.spec?.finalizers) ns.spec.finalizers = before.spec.finalizers;
    else delete ns.spec.finalizers;
    base.prepareForUpdate(object, old);
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
