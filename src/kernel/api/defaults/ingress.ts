/**
 * Ingress defaulting: networking/v1 has no SetDefaults for Ingress, but its spec and
 * status.loadBalancer are plain Go structs, so a stored Ingress always shows `spec: {}` and
 * `status: {loadBalancer: {}}`; this fills them in the same way.
 */
import type { KubeObject } from '../../types/meta.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults an Ingress in place. */
export function defaultIngress(ingress: KubeObject): void {
  if (!isObj(ingress.spec)) ingress.spec = {};
  if (!isObj(ingress.status)) ingress.status = {};
  const status = ingress.status as Obj;
  if (!isObj(status.loadBalancer)) status.loadBalancer = {};
}
