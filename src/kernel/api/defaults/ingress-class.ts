/**
 * IngressClass defaulting (networking/v1 SetDefaults_IngressClass): parameters without a
 * scope are cluster-scoped.
 */
import type { KubeObject } from '../../types/meta.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults an IngressClass in place. */
export function defaultIngressClass(ingressClass: KubeObject): void {
  if (!isObj(ingressClass.spec)) ingressClass.spec = {};
  const parameters = (ingressClass.spec as Obj).parameters;
  if (isObj(parameters) && parameters.scope === undefined) parameters.scope = 'Cluster';
}
