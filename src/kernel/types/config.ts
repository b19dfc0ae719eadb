/** core/v1 ConfigMap and Secret: configuration a pod reads as environment variables or files. */
import type { KubeObject, ObjectMeta } from './meta.ts';

/**
 * Non-secret configuration: text values in `data`, base64-encoded bytes in `binaryData`; no
 * key may be in both. `immutable: true` freezes both maps for good.
 */
export interface ConfigMap extends KubeObject {
  apiVersion?: 'v1';
  kind?: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
  /** Values are base64 in JSON. */
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

/** The Secret types the API server knows the required keys of. */
export type SecretType =
  | 'Opaque'
  | 'kubernetes.io/service-account-token'
  | 'kubernetes.io/dockercfg'
  | 'kubernetes.io/dockerconfigjson'
  | 'kubernetes.io/basic-auth'
  | 'kubernetes.io/ssh-auth'
  | 'kubernetes.io/tls'
  | 'bootstrap.kubernetes.io/token'
  | (string & {});

/**
 * Secret data: values are base64 in `data`. `stringData` is write-only: the API server merges
 * it into `data` on every write and never stores or returns it.
 */
export interface Secret extends KubeObject {
  apiVersion?: 'v1';
  kind?: 'Secret';
  metadata: ObjectMeta;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  /** Defaults to Opaque; fixed once created. */
  type?: SecretType;
  immutable?: boolean;
}
