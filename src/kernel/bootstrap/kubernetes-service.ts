import { isNotFound } from '../api/errors.ts';
import { endpoints, endpointslices, services, type ResourceInfo } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import type { EndpointSlice } from '../types/discovery.ts';
import type { KubeObject } from '../types/meta.ts';
import type { Endpoints, Service } from '../types/service.ts';
import { jsonEqual } from '../util/json-value.ts';

/** The API server's port on its node (kube-apiserver --secure-port). */
export const apiServerPort = 6443;
/** The control-plane node's InternalIP as the page assigns it (kind's first container). */
export const defaultApiServerAddress = '172.18.0.2';
/** The first address of the service CIDR, which the `kubernetes` Service always has. */
export const kubernetesClusterIP = '10.96.0.1';

function kubernetesService(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: kubernetesClusterIP,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiServerPort }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  };
}

function kubernetesEndpoints(address: string): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    // The mirroring controller must leave these alone: the slice below is written as well.
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [
      {
        addresses: [{ ip: address }],
        ports: [{ name: 'https', port: apiServerPort, protocol: 'TCP' }],
      },
    ],
  };
}

function kubernetesEndpointSlice(address: string): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [address], conditions: { ready: true } }],
    ports: [{ name: 'https', protocol: 'TCP', port: apiServerPort }],
  };
}

/**
 * Creates `object` when missing; when present, rewrites the fields `owned` names if they
 * differ (an API server that moved keeps its endpoints current).
 */
async function ensure<T extends KubeObject>(
  client: Client,
  info: ResourceInfo,
  object: T,
  owned: readonly (keyof T & string)[],
): Promise<void> {
  const { namespace, name = '' } = object.metadata;
  let current: T;
  try {
    current = await client.get<T>(info, namespace, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await client.create(info, namespace, object);
    return;
  }
  if (owned.every((field) => jsonEqual(current[field], object[field]))) return;
  const next = structuredClone(current);
  for (const field of owned) (next as KubeObject)[field] = object[field];
  await client.update(info, next);
}

/**
 * What kube-apiserver keeps in the default namespace about itself: the `kubernetes` Service
 * (10.96.0.1:443, no selector) and, pointing at `address`:6443, its Endpoints and
 * EndpointSlice, both named `kubernetes`. All go through the API like any other write.
 */
export async function ensureKubernetesService(
  client: Client,
  address = defaultApiServerAddress,
): Promise<void> {
  await ensure(client, services, kubernetesService(), []);
  await ensure(client, endpoints, kubernetesEndpoints(address), ['subsets']);
  await ensure(client, endpointslices, kubernetesEndpointSlice(address), ['endpoints', 'ports']);
}
