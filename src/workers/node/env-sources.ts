/**
 * The kubelet's side of a container's environment sources (makeEnvironmentVariables): it reads
 * the ConfigMaps and Secrets that `envFrom` and `valueFrom` name and computes downward API
 * values, once, when the container is created; what it finds is what the container keeps.
 * A missing object or key that is not optional is the CreateContainerConfigError message.
 */
import { isNotFound } from '../../kernel/api/errors.ts';
import type { ConfigMap, Secret } from '../../kernel/types/config.ts';
import type { Container, EnvVar, Pod } from '../../kernel/types/core.ts';
import { bytesToText, decodeBase64 } from '../../kernel/util/go-base64.ts';
import {
  containerResourceValue,
  podFieldValue,
  type ObjectFieldSelector,
  type ResourceFieldSelector,
  type SandboxAddresses,
} from './downward-api.ts';
import type { EnvObjectReader } from './env-object-reader.ts';

/** What the environment's sources gave, for containerEnvironment to lay out. */
export interface ResolvedEnvSources {
  /** The `envFrom` variables, source by source, keys in order within each. */
  fromSources: [string, string][];
  /** The value of each `env` entry with a `valueFrom`, by index; unset: left out (optional). */
  valueFrom: Map<number, string>;
}

interface KeySelector {
  name?: string;
  key?: string;
  optional?: boolean;
}

interface EnvVarSource {
  fieldRef?: ObjectFieldSelector;
  resourceFieldRef?: ResourceFieldSelector;
  configMapKeyRef?: KeySelector;
  secretKeyRef?: KeySelector;
}

interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A Secret's values as the container sees them: the bytes as text. */
function secretText(value: string | undefined): string {
  try {
    return bytesToText(decodeBase64(value ?? ''));
  } catch {
    return '';
  }
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Resolves the sources of `container`'s environment, or gives the kubelet's error message
 * (`configmap "x" not found`, `couldn't find key k in ConfigMap default/x`...). Each object is
 * read once per call, as the kubelet caches it for one container's environment.
 */
export async function resolveEnvSources(
  reader: EnvObjectReader,
  pod: Pod,
  container: Container,
  addresses: SandboxAddresses,
): Promise<ResolvedEnvSources | { error: string }> {
  const namespace = pod.metadata.namespace ?? 'default';
  const configMaps = new Map<string, Promise<ConfigMap>>();
  const secrets = new Map<string, Promise<Secret>>();
  const configMap = (name: string) => {
    if (!configMaps.has(name)) configMaps.set(name, reader.configMap(namespace, name));
    return configMaps.get(name)!;
  };
  const secret = (name: string) => {
    if (!secrets.has(name)) secrets.set(name, reader.secret(namespace, name));
    return secrets.get(name)!;
  };
  /** The object, undefined when it is missing and optional; other failures are thrown. */
  const optionally = async <T>(get: () => Promise<T>, optional: boolean | undefined) => {
    try {
      return await get();
    } catch (err) {
      if (isNotFound(err) && optional === true) return undefined;
      throw err;
    }
  };
  let allocatable: Promise<Record<string, string>> | undefined;
  const nodeAllocatable = () =>
    (allocatable ??= reader.node(pod.spec.nodeName ?? '').then(
      (node) => node.status?.allocatable ?? {},
      () => {
        throw new Error('failed to find node object, expected a node');
      },
    ));

  try {
    const fromSources: [string, string][] = [];
    for (const source of (container.envFrom ?? []) as EnvFromSource[]) {
      const prefix = source.prefix ?? '';
      if (source.configMapRef) {
        const ref = source.configMapRef;
        const cm = await optionally(() => configMap(ref.name ?? ''), ref.optional);
        const data = cm?.data ?? {};
        for (const key of Object.keys(data).sort(byteOrder)) {
          fromSources.push([prefix + key, data[key]]);
        }
      } else if (source.secretRef) {
        const ref = source.secretRef;
        const s = await optionally(() => secret(ref.name ?? ''), ref.optional);
        const data = s?.data ?? {};
        for (const key of Object.keys(data).sort(byteOrder)) {
          fromSources.push([prefix + key, secretText(data[key])]);
        }
      }
    }

    const valueFrom = new Map<number, string>();
    const env: EnvVar[] = container.env ?? [];
    for (const [i, variable] of env.entries()) {
      const from = variable.valueFrom as EnvVarSource | undefined;
      // A literal value wins; valueFrom is read only for an empty one (validation keeps them apart).
      if (!from || (variable.value ?? '') !== '') continue;
      if (from.fieldRef) {
        valueFrom.set(i, podFieldValue(from.fieldRef, pod, addresses));
      } else if (from.resourceFieldRef) {
        const limits = await nodeAllocatable();
        valueFrom.set(i, containerResourceValue(from.resourceFieldRef, pod, container, limits));
      } else if (from.configMapKeyRef) {
        const { name = '', key = '', optional } = from.configMapKeyRef;
        const cm = await optionally(() => configMap(name), optional);
        if (!cm) continue;
        const value = cm.data?.[key];
        if (value === undefined) {
          if (optional === true) continue;
          return { error: `couldn't find key ${key} in ConfigMap ${namespace}/${name}` };
        }
        valueFrom.set(i, value);
      } else if (from.secretKeyRef) {
        const { name = '', key = '', optional } = from.secretKeyRef;
        const s = await optionally(() => secret(name), optional);
        if (!s) continue;
        const value = s.data?.[key];
        if (value === undefined) {
          if (optional === true) continue;
          return { error: `couldn't find key ${key} in Secret ${namespace}/${name}` };
        }
        valueFrom.set(i, secretText(value));
      }
    }
    return { fromSources, valueFrom };
  } catch (err) {
    return { error: messageOf(err) };
  }
}
