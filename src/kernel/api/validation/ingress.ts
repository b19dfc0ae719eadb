/**
 * networking.k8s.io/v1 Ingress validation (ValidateIngressCreate, ValidateIngressUpdate):
 * rules (hosts, wildcard hosts, paths and path types), backends, TLS and the class name, with
 * upstream's messages. Service names are checked as DNS-1035 labels (RelaxedServiceNameValidation
 * is off by default in 1.34).
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { parseIP } from '../../util/cidr.ts';
import { isValidPortName, isValidPortNum } from './containers.ts';
import { child, index, invalidValue, notSupported, required } from './field-errors.ts';
import {
  byteLength,
  dns1123SubdomainMaxLength,
  isDNS1035Label,
  isDNS1123Subdomain,
  maxLenError,
  nameIsDNSSubdomain,
  regexError,
} from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { asArray, asObject, asString, isObject } from './values.ts';

type Obj = Record<string, unknown>;

/** The annotation that named the class before spec.ingressClassName existed. */
export const ingressClassAnnotation = 'kubernetes.io/ingress.class';

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];
const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidPathSuffixes = ['/..', '/.'];

const wildcardFmt = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const wildcardRegexp = new RegExp(`^${wildcardFmt}$`);
const wildcardErrMsg =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** IsWildcardDNS1123Subdomain: `*.` followed by a DNS subdomain. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > dns1123SubdomainMaxLength)
    errs.push(maxLenError(dns1123SubdomainMaxLength));
  if (!wildcardRegexp.test(value))
    errs.push(regexError(wildcardErrMsg, wildcardFmt, '*.example.com'));
  return errs;
}

function validateHost(host: string, path: string): FieldError[] {
  const check = host.includes('*') ? isWildcardDNS1123Subdomain : isDNS1123Subdomain;
  return check(host).map((msg) => invalidValue(path, host, msg));
}

/** validateIngressBackend. */
function validateBackend(backend: Obj, path: string): FieldError[] {
  const hasResource = isObject(backend.resource);
  const hasService = isObject(backend.service);
  if (hasResource && hasService) {
    return [invalidValue(path, '', 'cannot set both resource and service backends')];
  }
  if (hasResource)
    return validateTypedLocalObjectReference(backend.resource as Obj, child(path, 'resource'));
  if (!hasService) return [invalidValue(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const service = backend.service as Obj;
  const name = asString(service.name);
  if (name === '') errs.push(required(child(path, 'service', 'name')));
  else {
    for (const msg of isDNS1035Label(name))
      errs.push(invalidValue(child(path, 'service', 'name'), name, msg));
  }
  const port = asObject(service.port);
  const portName = asString(port.name);
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  if (portName !== '' && portNumber !== 0) {
    errs.push(invalidValue(path, '', 'cannot set both port name & port number'));
  } else if (portName !== '') {
    for (const msg of isValidPortName(portName))
      errs.push(invalidValue(child(path, 'service', 'port', 'name'), portName, msg));
  } else if (portNumber !== 0) {
    for (const msg of isValidPortNum(portNumber))
      errs.push(invalidValue(child(path, 'service', 'port', 'number'), portNumber, msg));
  } else {
    errs.push(required(path, 'port name or number is required'));
  }
  return errs;
}

/** content.IsPathSegmentName. */
export function isPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  if (name.includes('/')) errs.push("may not contain '/'");
  if (name.includes('%')) errs.push("may not contain '%'");
  return errs;
}

function validateTypedLocalObjectReference(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof ref.apiGroup === 'string') {
    for (const msg of isDNS1123Subdomain(ref.apiGroup))
      errs.push(invalidValue(child(path, 'apiGroup'), ref.apiGroup, msg));
  }
  for (const field of ['kind', 'name'] as const) {
    const value = asString(ref[field]);
    if (value === '') errs.push(required(child(path, field)));
    else
      for (const msg of isPathSegmentName(value))
        errs.push(invalidValue(child(path, field), value, msg));
  }
  return errs;
}

/** validateHTTPIngressPath. */
function validatePath(entry: Obj, path: string): FieldError[] {
  const pathType = entry.pathType;
  if (typeof pathType !== 'string') {
    return [required(child(path, 'pathType'), 'pathType must be specified')];
  }
  const errs: FieldError[] = [];
  const value = asString(entry.path);
  const pathField = child(path, 'path');
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/'))
      errs.push(invalidValue(pathField, value, 'must be an absolute path'));
    for (const seq of invalidPathSequences) {
      if (value.includes(seq))
        errs.push(invalidValue(pathField, value, `must not contain '${seq}'`));
    }
    for (const suffix of invalidPathSuffixes) {
      if (value.endsWith(suffix))
        errs.push(invalidValue(pathField, value, `cannot end with '${suffix}'`));
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/'))
      errs.push(invalidValue(pathField, value, 'must be an absolute path'));
  } else {
    errs.push(notSupported(child(path, 'pathType'), pathType, pathTypes));
  }
  errs.push(...validateBackend(asObject(entry.backend), child(path, 'backend')));
  return errs;
}

function validateRules(rules: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((r, i) => {
    const rule = asObject(r);
    const rulePath = index('spec.rules', i);
    const host = asString(rule.host);
    if (host !== '') {
      if (parseIP(host)) {
        errs.push(
          invalidValue(child(rulePath, 'host'), host, 'must be a DNS name, not an IP address'),
        );
      }
      errs.push(...validateHost(host, child(rulePath, 'host')));
    }
    if (!isObject(rule.http)) return;
    const httpPath = child(rulePath, 'http');
    const paths = asArray<unknown>(rule.http.paths);
    if (paths.length === 0) errs.push(required(child(httpPath, 'paths')));
    paths.forEach((p, j) =>
      errs.push(...validatePath(asObject(p), index(child(httpPath, 'paths'), j))),
    );
  });
  return errs;
}

function validateTLS(tls: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((t, i) => {
    const entry = asObject(t);
    const tlsPath = index('spec.tls', i);
    asArray<unknown>(entry.hosts).forEach((h, j) => {
      errs.push(...validateHost(asString(h), index(child(tlsPath, 'hosts'), j)));
    });
    const secretName = asString(entry.secretName);
    if (secretName !== '') {
      for (const msg of nameIsDNSSubdomain(secretName, false))
        errs.push(invalidValue(child(tlsPath, 'secretName'), secretName, msg));
    }
  });
  return errs;
}

/** ValidateIngressSpec at `spec`. */
export function validateIngressSpec(specValue: unknown): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  const rules = asArray<unknown>(spec.rules);
  if (rules.length === 0 && !isObject(spec.defaultBackend)) {
    errs.push(
      invalidValue(
        'spec',
        spec.rules ?? null,
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  }
  if (isObject(spec.defaultBackend)) {
    errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  }
  errs.push(...validateRules(rules));
  errs.push(...validateTLS(asArray<unknown>(spec.tls)));
  if (typeof spec.ingressClassName === 'string') {
    for (const msg of nameIsDNSSubdomain(spec.ingressClassName, false))
      errs.push(invalidValue('spec.ingressClassName', spec.ingressClassName, msg));
  }
  return errs;
}

/** ValidateIngressCreate, with the class annotation that must agree with ingressClassName. */
export function validateIngressCreate(ingress: KubeObject): FieldError[] {
  const errs = [
    ...validateObjectMeta(ingress.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateIngressSpec(ingress.spec),
  ];
  const annotation = ingress.metadata.annotations?.[ingressClassAnnotation];
  const className = asObject(ingress.spec).ingressClassName;
  if (annotation !== undefined && typeof className === 'string' && annotation !== className) {
    errs.push(
      invalidValue(
        `annotations.${ingressClassAnnotation}`,
        annotation,
        'must match `ingressClassName` when both are specified',
      ),
    );
  }
  return errs;
}

/** ValidateIngressUpdate. */
export function validateIngressUpdate(ingress: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(ingress.metadata, old.metadata),
    ...validateIngressSpec(ingress.spec),
  ];
}
