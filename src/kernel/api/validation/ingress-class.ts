/**
 * networking.k8s.io/v1 IngressClass validation (ValidateIngressClass,
 * ValidateIngressClassUpdate): a domain-prefixed controller name that never changes, and
 * the parameters reference.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import {
  child,
  fieldImmutableErrorMsg,
  forbidden,
  invalidValue,
  notSupported,
  required,
  tooLong,
} from './field-errors.ts';
import { isPathSegmentName } from './ingress.ts';
import { isDNS1123Subdomain, nameIsDNSLabel, nameIsDNSSubdomain, regexError } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asObject, asString, isObject } from './values.ts';

type Obj = Record<string, unknown>;

const maxControllerLength = 250;
const scopes = ['Cluster', 'Namespace'];
const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRegexp = new RegExp(`^${httpPathFmt}$`);

/** IsDomainPrefixedPath: `acme.io/foo`, a DNS subdomain, a slash, and HTTP path characters. */
export function validateDomainPrefixedPath(value: string, path: string): FieldError[] {
  if (value === '') return [required(path)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || host === '' || rest === '') {
    return [invalidValue(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const errs = isDNS1123Subdomain(host).map((msg) => invalidValue(path, host, msg));
  if (!httpPathRegexp.test(rest)) {
    errs.push(invalidValue(path, rest, regexError('Invalid path', httpPathFmt)));
  }
  return errs;
}

function validateParameters(parameters: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof parameters.apiGroup === 'string') {
    for (const msg of isDNS1123Subdomain(parameters.apiGroup))
      errs.push(invalidValue(child(path, 'apiGroup'), parameters.apiGroup, msg));
  }
  for (const field of ['kind', 'name'] as const) {
    const value = asString(parameters[field]);
    if (value === '') errs.push(required(child(path, field)));
    else
      for (const msg of isPathSegmentName(value))
        errs.push(invalidValue(child(path, field), value, msg));
  }
  if (typeof parameters.scope !== 'string') {
    errs.push(required(child(path, 'scope')));
    return errs;
  }
  const scope = parameters.scope;
  if (!scopes.includes(scope)) {
    errs.push(notSupported(child(path, 'scope'), scope, scopes));
    return errs;
  }
  const namespace = parameters.namespace;
  if (scope === 'Namespace') {
    if (typeof namespace !== 'string') {
      errs.push(required(child(path, 'namespace'), "`parameters.scope` is set to 'Namespace'"));
    } else {
      for (const msg of nameIsDNSLabel(namespace, false))
        errs.push(invalidValue(child(path, 'namespace'), namespace, msg));
    }
  }
  if (scope === 'Cluster' && namespace !== undefined) {
    errs.push(forbidden(child(path, 'namespace'), "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

function validateIngressClassSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  const controller = asString(spec.controller);
  if (controller === '') errs.push(required('spec.controller'));
  else {
    if (controller.length > maxControllerLength)
      errs.push(tooLong('spec.controller', maxControllerLength));
    errs.push(...validateDomainPrefixedPath(controller, 'spec.controller'));
  }
  if (isObject(spec.parameters))
    errs.push(...validateParameters(spec.parameters, 'spec.parameters'));
  return errs;
}

/** ValidateIngressClass (create). */
export function validateIngressClassCreate(ingressClass: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(ingressClass.metadata, { namespaced: false, nameFn: nameIsDNSSubdomain }),
    ...validateIngressClassSpec(ingressClass.spec),
  ];
}

/** ValidateIngressClassUpdate: the controller is immutable. */
export function validateIngressClassUpdate(
  ingressClass: KubeObject,
  old: KubeObject,
): FieldError[] {
  const controller = asString(asObject(ingressClass.spec).controller);
  const oldController = asString(asObject(old.spec).controller);
  const errs = validateObjectMetaUpdate(ingressClass.metadata, old.metadata);
  if (controller !== oldController) {
    errs.push(invalidValue('spec.controller', controller, fieldImmutableErrorMsg));
  }
  return [...errs, ...validateIngressClassCreate(ingressClass)];
}
