/**
 * Namespace defaulting: the `kubernetes.io/metadata.name` label (SetDefaults_Namespace), the
 * `kubernetes` finalizer the namespace registry puts on every new namespace, and phase Active.
 */
import type { KubeObject } from '../../types/meta.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The label every namespace carries with its own name. */
export const namespaceNameLabel = 'kubernetes.io/metadata.name';

/** Defaults a Namespace in place; a nameless one (generateName) gets its label once named. */
export function defaultNamespace(ns: KubeObject): void {
  const name = ns.metadata?.name;
  if (name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [namespaceNameLabel]: name };
  if (!isObj(ns.spec)) ns.spec = {};
  const spec = ns.spec as Obj;
  if (!Array.isArray(spec.finalizers) || spec.finalizers.length === 0)
    spec.finalizers = ['kubernetes'];
  if (!isObj(ns.status)) ns.status = {};
  (ns.status as Obj).phase ||= 'Active';
}
