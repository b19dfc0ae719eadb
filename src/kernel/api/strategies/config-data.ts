/**
 * How the API server stores ConfigMaps and Secrets: their byte maps re-encoded in canonical
 * base64 (the server decodes and encodes them again), Secret stringData merged into data and
 * dropped (it is write-only), and empty maps left out as Go's encoder leaves them out.
 */
import type { KubeObject } from '../../types/meta.ts';
import { secrets, configmaps } from '../resources.ts';
import { decodeBase64, encodeBase64, encodeBase64Text } from '../../util/go-base64.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

type StringMap = Record<string, unknown>;

const isMap = (v: unknown): v is StringMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Base64 values in canonical form; a value that does not decode (patches skip the decoder) stays. */
function canonicalBytes(map: StringMap): StringMap {
  const out: StringMap = {};
  for (const [k, v] of Object.entries(map)) {
    try {
      out[k] = typeof v === 'string' ? encodeBase64(decodeBase64(v)) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

/** Sets `field` to `map`, or removes it when the map is empty. */
function setMap(object: KubeObject, field: string, map: StringMap | undefined): void {
  if (map && Object.keys(map).length > 0) object[field] = map;
  else delete object[field];
}

/** A ConfigMap as stored: binaryData canonical, empty maps gone. */
function normalizeConfigMap(object: KubeObject): void {
  setMap(object, 'data', isMap(object.data) ? object.data : undefined);
  setMap(
    object,
    'binaryData',
    isMap(object.binaryData) ? canonicalBytes(object.binaryData) : undefined,
  );
}

/** A Secret as stored: stringData merged into data (winning over it) and removed. */
function normalizeSecret(object: KubeObject): void {
  const data = isMap(object.data) ? canonicalBytes(object.data) : {};
  if (isMap(object.stringData)) {
    for (const [k, v] of Object.entries(object.stringData)) {
      data[k] = encodeBase64Text(typeof v === 'string' ? v : '');
    }
  }
  delete object.stringData;
  setMap(object, 'data', data);
}

function withNormalization(base: Strategy, normalize: (object: KubeObject) => void): Strategy {
  return {
    ...base,
    prepareForCreate(object) {
      base.prepareForCreate(object);
      normalize(object);
    },
    prepareForUpdate(object, old) {
      base.prepareForUpdate(object, old);
      normalize(object);
    },
  };
}

/** The ConfigMap registry's strategy. */
export const configMapStrategy: Strategy = withNormalization(
  defaultStrategy(configmaps),
  normalizeConfigMap,
);

/** The Secret registry's strategy: stringData never reaches the store. */
export const secretStrategy: Strategy = withNormalization(
  defaultStrategy(secrets),
  normalizeSecret,
);
