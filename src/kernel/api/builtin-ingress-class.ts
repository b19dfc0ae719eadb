/**
 * The cluster's built-in IngressClass, as ingress-nginx's kind manifest installs it: named
 * `nginx`, implemented by `k8s.io/ingress-nginx`, and marked the default class, so that
 * tutorials' `ingressClassName: nginx` (and Ingresses naming no class) are served by the
 * ingress controller every node runs.
 */
import type { IngressClass } from '../types/networking.ts';

/** The built-in class's name. */
export const builtinIngressClassName = 'nginx';
/** The controller value ingress-nginx answers to. */
export const builtinIngressController = 'k8s.io/ingress-nginx';
/** The annotation that makes a class the default for Ingresses without ingressClassName. */
export const defaultIngressClassAnnotation = 'ingressclass.kubernetes.io/is-default-class';

/** A fresh copy of the built-in IngressClass, ready to POST. */
export function builtinIngressClass(): IngressClass {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name: builtinIngressClassName,
      labels: {
        'app.kubernetes.io/component': 'controller',
        'app.kubernetes.io/instance': 'ingress-nginx',
        'app.kubernetes.io/name': 'ingress-nginx',
        'app.kubernetes.io/part-of': 'ingress-nginx',
      },
      annotations: { [defaultIngressClassAnnotation]: 'true' },
    },
    spec: { controller: builtinIngressController },
  };
}
