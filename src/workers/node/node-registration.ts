import { isAlreadyExists } from '../../kernel/api/errors.ts';
import { nodes } from '../../kernel/api/resources.ts';
import type { Client } from '../../kernel/client/client.ts';
import type { Node, NodeSystemInfo } from '../../kernel/types/core.ts';
import { jsonEqual } from '../../kernel/util/json-value.ts';
import { kubeletLabels, type NodeConfig } from './node-object.ts';

/**
 * Registers the node as the kubelet does: creates its Node, or, when it exists already (the
 * kubelet restarted; here, the page was reloaded), keeps it and only brings back what the
 * kubelet owns: its own labels and a pod CIDR the Node lacks. Labels and taints that users or
 * controllers set in the meantime stay. Resolves to the Node as stored.
 */
export async function registerNode(
  client: Client,
  desired: Node,
  config: NodeConfig,
  info: NodeSystemInfo,
): Promise<Node> {
  try {
    return await client.create<Node>(nodes, undefined, desired);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  const existing = await client.get<Node>(nodes, undefined, config.nodeName);
  const updated: Node = structuredClone(existing);
  updated.metadata.labels = { ...updated.metadata.labels, ...kubeletLabels(config.nodeName, info) };
  if (config.podCIDR && !updated.spec?.podCIDR) {
    updated.spec = { ...updated.spec, podCIDR: config.podCIDR, podCIDRs: [config.podCIDR] };
  }
  if (
    jsonEqual(updated.metadata.labels, existing.metadata.labels) &&
    jsonEqual(updated.spec, existing.spec)
  ) {
    return existing;
  }
  return client.update<Node>(nodes, updated);
}
