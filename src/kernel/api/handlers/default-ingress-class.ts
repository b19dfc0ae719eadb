import type { KubeObject } from '../../types/meta.ts';
import type { IngressClass } from '../../types/networking.ts';
import { defaultIngressClassAnnotation } from '../builtin-ingress-class.ts';
import { ingressclasses, ingresses, type ResourceInfo } from '../resources.ts';
import { ingressClassAnnotation } from '../validation/ingress.ts';
import type { ServerContext } from './context.ts';

type Obj = Record<string, unknown>;

/**
 * The DefaultIngressClass admission plugin: a new Ingress that names no class (neither
 * spec.ingressClassName nor the `kubernetes.io/ingress.class` annotation) gets the default
 * IngressClass's name; with several defaults, the newest, as upstream picks it.
 */
export async function admitDefaultIngressClass(
  ctx: ServerContext,
  info: ResourceInfo,
  object: KubeObject,
): Promise<void> {
  if (info !== ingresses) return;
  const spec = (object.spec ?? {}) as Obj;
  if (typeof spec.ingressClassName === 'string') return;
  if (object.metadata.annotations?.[ingressClassAnnotation] !== undefined) return;
  const { items } = await ctx.registry(ingressclasses).list();
  const defaults = (items as IngressClass[])
    .filter((c) => c.metadata.annotations?.[defaultIngressClassAnnotation] === 'true')
    .sort(
      (a, b) =>
        (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
  const chosen = defaults[0]?.metadata.name;
  if (chosen) object.spec = { ...spec, ingressClassName: chosen };
}
