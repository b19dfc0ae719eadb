/**
 * The files the kubelet writes for ConfigMap, Secret, downward API and projected volumes
 * (each plugin's MakePayload): every key as a file named after it, or only the `items` at their
 * paths; modes from the item, else the volume's defaultMode (0644); a missing object or key
 * that is not optional is the plugin's error (`configmap "x" not found`, `configmap references
 * non-existent config key: k`). The `..data` symlink layout the kubelet uses to swap files
 * atomically is not reproduced: the files appear at their paths, and a change replaces them all.
 */
import { isNotFound } from '../../../kernel/api/errors.ts';
import type { ConfigMap, Secret } from '../../../kernel/types/config.ts';
import type { Container, Pod } from '../../../kernel/types/core.ts';
import { decodeBase64 } from '../../../kernel/util/go-base64.ts';
import {
  normalizeVolumePath,
  parentVolumePath,
  type VolumeEntry,
} from '../../runtime/fs/fs-protocol.ts';
import {
  containerResourceValue,
  podFieldValue,
  type ObjectFieldSelector,
  type ResourceFieldSelector,
  type SandboxAddresses,
} from '../downward-api.ts';
import type { EnvObjectReader } from '../env-object-reader.ts';

type Obj = Record<string, unknown>;

/** The mode of files in these volumes when neither the item nor the volume says (0644). */
export const defaultProjectionMode = 0o644;

interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

interface DownwardFile {
  path: string;
  fieldRef?: ObjectFieldSelector;
  resourceFieldRef?: ResourceFieldSelector;
  mode?: number;
}

/** What a projection needs besides the pod: the objects, and the sandbox's addresses. */
export interface ProjectionContext {
  reader: EnvObjectReader;
  addresses: SandboxAddresses;
}

/** path → file, as MakePayload builds it. */
type Payload = Map<string, { data: Uint8Array; mode: number }>;

const encoder = new TextEncoder();
const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const modeOf = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A ConfigMap's keys as bytes: data as UTF-8, binaryData decoded. */
function configMapBytes(cm: ConfigMap): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(cm.data ?? {})) out.set(k, encoder.encode(v));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out.set(k, decodeBase64(v));
  return out;
}

function secretBytes(secret: Secret): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(secret.data ?? {})) out.set(k, decodeBase64(v));
  return out;
}

/** The keys as files: all of them, or the items; throws the plugin's error for a missing key. */
function keysPayload(
  payload: Payload,
  data: Map<string, Uint8Array>,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
  missingKey: (key: string) => string,
): void {
  if (!items || items.length === 0) {
    for (const k of [...data.keys()].sort(byteOrder)) {
      payload.set(k, { data: data.get(k)!, mode: defaultMode });
    }
    return;
  }
  for (const item of items) {
    const bytes = data.get(item.key);
    if (bytes === undefined) {
      if (optional) continue;
      throw new Error(missingKey(item.key));
    }
    payload.set(item.path, { data: bytes, mode: item.mode ?? defaultMode });
  }
}

/** The object, or undefined when it is missing and optional; other failures are thrown. */
async function optionally<T>(get: () => Promise<T>, optional: boolean): Promise<T | undefined> {
  try {
    return await get();
  } catch (err) {
    if (optional && isNotFound(err)) return undefined;
    throw err;
  }
}

async function configMapPayload(
  payload: Payload,
  ctx: ProjectionContext,
  namespace: string,
  source: Obj,
  defaultMode: number,
): Promise<void> {
  const optional = source.optional === true;
  const cm = await optionally(
    () => ctx.reader.configMap(namespace, String(source.name ?? '')),
    optional,
  );
  if (!cm) return;
  keysPayload(
    payload,
    configMapBytes(cm),
    source.items as KeyToPath[] | undefined,
    defaultMode,
    optional,
    (key) => `configmap references non-existent config key: ${key}`,
  );
}

async function secretPayload(
  payload: Payload,
  ctx: ProjectionContext,
  namespace: string,
  name: string,
  source: Obj,
  defaultMode: number,
): Promise<void> {
  const optional = source.optional === true;
  const secret = await optionally(() => ctx.reader.secret(namespace, name), optional);
  if (!secret) return;
  keysPayload(
    payload,
    secretBytes(secret),
    source.items as KeyToPath[] | undefined,
    defaultMode,
    optional,
    (key) => `references non-existent secret key: ${key}`,
  );
}

async function downwardPayload(
  payload: Payload,
  ctx: ProjectionContext,
  pod: Pod,
  items: DownwardFile[],
  defaultMode: number,
): Promise<void> {
  let allocatable: Promise<Record<string, string>> | undefined;
  for (const item of items) {
    let value: string;
    if (item.fieldRef) {
      value = podFieldValue(item.fieldRef, pod, ctx.addresses);
    } else if (item.resourceFieldRef) {
      const containerName = item.resourceFieldRef.containerName ?? '';
      const container =
        [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find(
          (c) => c.name === containerName,
        ) ?? ({ name: containerName } as Container);
      allocatable ??= ctx.reader
        .node(pod.spec.nodeName ?? '')
        .then((node) => node.status?.allocatable ?? {});
      value = containerResourceValue(item.resourceFieldRef, pod, container, await allocatable);
    } else {
      continue;
    }
    payload.set(item.path, { data: encoder.encode(value), mode: item.mode ?? defaultMode });
  }
}

/**
 * A token in the shape of a service account JWT for a `serviceAccountToken` projection. The
 * playground has no token issuer: it is not signed and nothing checks it.
 */
function serviceAccountToken(pod: Pod, audience: string | undefined, seconds: number): string {
  const b64url = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const namespace = pod.metadata.namespace ?? 'default';
  const account = pod.spec.serviceAccountName ?? 'default';
  const header = { alg: 'none', typ: 'JWT' };
  const claims = {
    aud: [audience ?? 'https://kubernetes.default.svc.cluster.local'],
    iss: 'https://kubernetes.default.svc.cluster.local',
    sub: `system:serviceaccount:${namespace}:${account}`,
    exp: Math.floor(Date.now() / 1000) + seconds,
    kubernetes: { namespace, pod: { name: pod.metadata.name, uid: pod.metadata.uid } },
  };
  return `${b64url(header)}.${b64url(claims)}.`;
}

/** Whether a pod volume is one whose files the kubelet makes (and refreshes). */
export function isProjectedVolume(volume: Obj): boolean {
  return ['configMap', 'secret', 'downwardAPI', 'projected'].some((k) => volume[k] !== undefined);
}

/**
 * The files of a ConfigMap, Secret, downward API or projected pod volume, as entries (parent
 * directories first); throws an Error with the plugin's message when it cannot be set up.
 */
export async function projectedFiles(
  pod: Pod,
  volume: Obj,
  ctx: ProjectionContext,
): Promise<VolumeEntry[]> {
  const namespace = pod.metadata.namespace ?? 'default';
  const payload: Payload = new Map();
  if (volume.configMap) {
    const source = asObj(volume.configMap);
    const mode = modeOf(source.defaultMode) ?? defaultProjectionMode;
    await configMapPayload(payload, ctx, namespace, source, mode);
  } else if (volume.secret) {
    const source = asObj(volume.secret);
    const mode = modeOf(source.defaultMode) ?? defaultProjectionMode;
    await secretPayload(payload, ctx, namespace, String(source.secretName ?? ''), source, mode);
  } else if (volume.downwardAPI) {
    const source = asObj(volume.downwardAPI);
    const mode = modeOf(source.defaultMode) ?? defaultProjectionMode;
    await downwardPayload(payload, ctx, pod, (source.items ?? []) as DownwardFile[], mode);
  } else if (volume.projected) {
    const projected = asObj(volume.projected);
    const mode = modeOf(projected.defaultMode) ?? defaultProjectionMode;
    for (const raw of (projected.sources ?? []) as Obj[]) {
      if (raw.configMap) {
        await configMapPayload(payload, ctx, namespace, asObj(raw.configMap), mode);
      } else if (raw.secret) {
        const source = asObj(raw.secret);
        await secretPayload(payload, ctx, namespace, String(source.name ?? ''), source, mode);
      } else if (raw.downwardAPI) {
        const items = (asObj(raw.downwardAPI).items ?? []) as DownwardFile[];
        await downwardPayload(payload, ctx, pod, items, mode);
      } else if (raw.serviceAccountToken) {
        const token = asObj(raw.serviceAccountToken);
        const seconds =
          typeof token.expirationSeconds === 'number' ? token.expirationSeconds : 3600;
        const audience = typeof token.audience === 'string' ? token.audience : undefined;
        payload.set(String(token.path ?? 'token'), {
          data: encoder.encode(serviceAccountToken(pod, audience, seconds)),
          mode,
        });
      }
    }
  }
  return payloadEntries(payload);
}

/** The payload as volume entries: directories for nested paths, then files, in path order. */
function payloadEntries(payload: Payload): VolumeEntry[] {
  const entries = new Map<string, VolumeEntry>();
  for (const [raw, file] of payload) {
    const path = normalizeVolumePath(raw);
    if (!path) continue;
    for (let dir = parentVolumePath(path); dir !== ''; dir = parentVolumePath(dir)) {
      if (!entries.has(dir)) entries.set(dir, { kind: 'dir', path: dir, mode: 0o755 });
    }
    entries.set(path, { kind: 'file', path, mode: file.mode, data: file.data });
  }
  return [...entries.keys()].sort().map((path) => entries.get(path)!);
}

/** True when two lists of entries hold the same paths, modes and bytes. */
export function sameEntries(a: readonly VolumeEntry[], b: readonly VolumeEntry[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    if (x.path !== y.path || x.kind !== y.kind || x.mode !== y.mode) return false;
    if (x.kind === 'dir' || y.kind === 'dir') return true;
    return x.data.length === y.data.length && x.data.every((byte, j) => byte === y.data[j]);
  });
}
