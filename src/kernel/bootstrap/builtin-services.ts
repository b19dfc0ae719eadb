import type { Client } from '../client/client.ts';
import { ensureKubeDnsService } from './kube-dns-service.ts';
import { ensureKubernetesService } from './kubernetes-service.ts';

export interface BuiltinServicesOptions {
  /** The address the `kubernetes` endpoints point at; the control-plane node's InternalIP. */
  apiServerAddress?: string;
}

/**
 * The Services every kind cluster has from the start: `default/kubernetes` with its Endpoints
 * and EndpointSlice, and `kube-system/kube-dns`. Each is created when missing, so a cluster
 * reopened from storage keeps the ones it has.
 */
export async function ensureBuiltinServices(
  client: Client,
  options: BuiltinServicesOptions = {},
): Promise<void> {
  await ensureKubernetesService(client, options.apiServerAddress);
  await ensureKubeDnsService(client);
}
