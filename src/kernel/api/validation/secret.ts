/**
 * core/v1 Secret validation (ValidateSecret, ValidateSecretUpdate): keys, total size, the keys
 * each well-known type requires, the type fixed after create, and immutability. stringData has
 * been merged into data before this runs, so only data is checked. Values never appear in
 * messages: a malformed docker config shows as `<secret contents redacted>`.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { Secret } from '../../types/config.ts';
import { bytesToText, decodeBase64 } from '../../util/go-base64.ts';
import { jsonObjectError } from '../../util/go-json-syntax.ts';
import { isConfigMapKey } from './config-key.ts';
import { immutableWhenSetMsg, maxConfigSize } from './config-map.ts';
import {
  fieldImmutableErrorMsg,
  forbidden,
  invalidValue,
  key,
  required,
  tooLong,
} from './field-errors.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { base64ByteLength } from './secret-data.ts';
import { deepEqual, isObject } from './values.ts';

const redacted = '<secret contents redacted>';

function sortedKeys(map: Record<string, unknown>): string[] {
  return Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A docker config key must hold a JSON object (the decoder's error otherwise). */
function dockerConfigProblem(data: Record<string, unknown>, name: string): FieldError[] {
  if (!Object.hasOwn(data, name)) return [required(key('data', name))];
  let text: string;
  try {
    text = bytesToText(decodeBase64(String(data[name])));
  } catch {
    return [];
  }
  const problem = jsonObjectError(text);
  return problem ? [invalidValue(key('data', name), redacted, problem)] : [];
}

/** The keys each well-known type needs. */
function validateSecretType(secret: Secret, data: Record<string, unknown>): FieldError[] {
  const has = (k: string) => Object.hasOwn(data, k);
  switch (secret.type) {
    case 'kubernetes.io/service-account-token': {
      const annotation = 'kubernetes.io/service-account.name';
      return secret.metadata.annotations?.[annotation]
        ? []
        : [required(key('metadata.annotations', annotation))];
    }
    case 'kubernetes.io/dockercfg':
      return dockerConfigProblem(data, '.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return dockerConfigProblem(data, '.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one must be there.
      return has('username') || has('password')
        ? []
        : [required(key('data', 'username')), required(key('data', 'password'))];
    case 'kubernetes.io/ssh-auth':
      return base64ByteLength(data['ssh-privatekey']) > 0
        ? []
        : [required(key('data', 'ssh-privatekey'))];
    case 'kubernetes.io/tls': {
      const errs: FieldError[] = [];
      if (!has('tls.crt')) errs.push(required(key('data', 'tls.crt')));
      if (!has('tls.key')) errs.push(required(key('data', 'tls.key')));
      return errs;
    }
    default:
      return [];
  }
}

/** The body checks of ValidateSecret. */
function validateSecretData(secret: Secret): FieldError[] {
  const errs: FieldError[] = [];
  const data = isObject(secret.data) ? secret.data : {};
  let total = 0;
  for (const k of sortedKeys(data)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalidValue(key('data', k), k, msg));
    total += base64ByteLength(data[k]);
  }
  if (total > maxConfigSize) errs.push(tooLong('data', maxConfigSize));
  errs.push(...validateSecretType(secret, data));
  return errs;
}

/** ValidateSecret (create). */
export function validateSecretCreate(object: KubeObject): FieldError[] {
  const secret = object as Secret;
  return [
    ...validateObjectMeta(secret.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateSecretData(secret),
  ];
}

/** ValidateSecretUpdate: the type never changes; an immutable secret keeps its data. */
export function validateSecretUpdate(object: KubeObject, oldObject: KubeObject): FieldError[] {
  const secret = object as Secret;
  const old = oldObject as Secret;
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  if ((secret.type ?? '') !== (old.type ?? '')) {
    errs.push(invalidValue('type', secret.type ?? '', fieldImmutableErrorMsg));
  }
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden('immutable', immutableWhenSetMsg));
    if (!deepEqual(secret.data ?? {}, old.data ?? {})) {
      errs.push(forbidden('data', immutableWhenSetMsg));
    }
  }
  errs.push(...validateSecretData(secret));
  return errs;
}
