/**
 * Namespace defaulting: the `kubernetes.io/metadata.name` label (SetDefaults_Namespace), the
 * `kubernetes` finalizer the namespace registry puts on every new namespace, and phase Active.
 * On update the server keeps the stored spec.finalizers (they change only through /finalize).
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
  // As the namespace registry does on create: the kubernetes finalizer is added when missing.
  const finalizers = Array.isArray(spec.finalizers) ? (spec.finalizers as unknown[]) : [];
  if (!finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
  if (!isObj(ns.status)) ns.status = {};
  (ns.status as Obj).phase ||= 'Active';
}
