/**
 * Which Ingresses an ingress controller serves, as Kubernetes and ingress-nginx decide it:
 * an Ingress belongs to the class named by spec.ingressClassName (or, for older manifests,
 * the `kubernetes.io/ingress.class` annotation); one naming no class belongs to the class
 * marked default with `ingressclass.kubernetes.io/is-default-class: "true"`.
 */
import {
  builtinIngressController,
  defaultIngressClassAnnotation,
} from '../api/builtin-ingress-class.ts';
import { ingressClassAnnotation } from '../api/validation/ingress.ts';
import type { Ingress, IngressClass } from '../types/networking.ts';

/** The class an Ingress names (spec first, then the legacy annotation), or undefined. */
export function ingressClassOf(ingress: Ingress): string | undefined {
  return ingress.spec?.ingressClassName ?? ingress.metadata.annotations?.[ingressClassAnnotation];
}

/** True when `controller` (ingress-nginx's by default) implements the Ingress's class. */
export function isServedBy(
  ingress: Ingress,
  classes: readonly IngressClass[],
  controller = builtinIngressController,
): boolean {
  const own = classes.filter((c) => c.spec?.controller === controller);
  const className = ingressClassOf(ingress);
  if (className !== undefined) return own.some((c) => c.metadata.name === className);
  return own.some((c) => c.metadata.annotations?.[defaultIngressClassAnnotation] === 'true');
}
