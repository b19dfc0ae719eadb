/** core/v1 ConfigMap validation (ValidateConfigMap, ValidateConfigMapUpdate). */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { ConfigMap } from '../../types/config.ts';
import { isConfigMapKey } from './config-key.ts';
import { forbidden, invalidValue, key, tooLong } from './field-errors.ts';
import { byteLength, nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { deepEqual, isObject } from './values.ts';
import { base64ByteLength } from './secret-data.ts';

/** The most bytes a ConfigMap's (or a Secret's) values may hold together (core.MaxSecretSize). */
export const maxConfigSize = 1024 * 1024;

/** Written when `immutable` was set and a later update changes what it froze. */
export const immutableWhenSetMsg = 'field is immutable when `immutable` is set';

/** Keys in byte order: Go walks maps in no fixed order; a sorted walk keeps errors stable. */
function sortedEntries(map: unknown): [string, string][] {
  if (!isObject(map)) return [];
  return Object.entries(map as Record<string, string>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
}

/** The body checks of ValidateConfigMap: keys, keys in both maps, total size. */
function validateConfigMapData(cm: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  const binary = isObject(cm.binaryData) ? cm.binaryData : {};
  let total = 0;
  for (const [k, value] of sortedEntries(cm.data)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalidValue(key('data', k), k, msg));
    if (Object.hasOwn(binary, k)) {
      errs.push(invalidValue(key('data', k), k, 'duplicate of key present in binaryData'));
    }
    total += typeof value === 'string' ? byteLength(value) : 0;
  }
  for (const [k, value] of sortedEntries(cm.binaryData)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalidValue(key('binaryData', k), k, msg));
    total += base64ByteLength(value);
  }
  // An empty path: the limit is on the whole object.
  if (total > maxConfigSize) errs.push(tooLong('', maxConfigSize));
  return errs;
}

/** ValidateConfigMap (create). */
export function validateConfigMapCreate(object: KubeObject): FieldError[] {
  const cm = object as ConfigMap;
  return [
    ...validateObjectMeta(cm.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateConfigMapData(cm),
  ];
}

/** ValidateConfigMapUpdate: once immutable, always immutable, and its data frozen. */
export function validateConfigMapUpdate(object: KubeObject, oldObject: KubeObject): FieldError[] {
  const cm = object as ConfigMap;
  const old = oldObject as ConfigMap;
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden('immutable', immutableWhenSetMsg));
    if (!deepEqual(cm.data ?? {}, old.data ?? {}))
      errs.push(forbidden('data', immutableWhenSetMsg));
    if (!deepEqual(cm.binaryData ?? {}, old.binaryData ?? {})) {
      errs.push(forbidden('binaryData', immutableWhenSetMsg));
    }
  }
  errs.push(...validateConfigMapData(cm));
  return errs;
}
