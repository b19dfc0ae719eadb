/**
 * How the kubelet reads the objects a container's environment refers to: ConfigMaps and Secrets
 * of the pod's namespace, and its own Node (for allocatable resources), all through the API
 * client as every component does.
 */
import { isNotFound, notFound } from '../../kernel/api/errors.ts';
import { configmaps, nodes, secrets } from '../../kernel/api/resources.ts';
import type { Client } from '../../kernel/client/client.ts';
import type { ConfigMap, Secret } from '../../kernel/types/config.ts';
import type { Node } from '../../kernel/types/core.ts';

export interface EnvObjectReader {
  configMap(namespace: string, name: string): Promise<ConfigMap>;
  secret(namespace: string, name: string): Promise<Secret>;
  node(name: string): Promise<Node>;
}

/**
 * Reads through `client`. A missing ConfigMap or Secret rejects with a NotFound worded as the
 * kubelet's object managers word it (`configmap "x" not found`, `secret "x" not found`: the
 * singular, not the API's plural).
 */
export function apiEnvObjectReader(client: Client): EnvObjectReader {
  const read = async <T>(get: () => Promise<T>, resource: string, name: string): Promise<T> => {
    try {
      return await get();
    } catch (err) {
      if (isNotFound(err)) throw notFound({ group: '', resource }, name);
      throw err;
    }
  };
  return {
    configMap: (namespace, name) =>
      read(() => client.get<ConfigMap>(configmaps, namespace, name), 'configmap', name),
    secret: (namespace, name) =>
      read(() => client.get<Secret>(secrets, namespace, name), 'secret', name),
    node: (name) => client.get<Node>(nodes, undefined, name),
  };
}
