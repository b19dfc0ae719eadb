import { isNotFound } from '../api/errors.ts';
import { services } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import type { Service } from '../types/service.ts';

/** The cluster DNS address kubelets hand to pods (kubeadm: the tenth address of the CIDR). */
export const clusterDNSIP = '10.96.0.10';

/** kubeadm's CoreDNS addon Service, labels and annotations included. */
function kubeDnsService(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: clusterDNSIP,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
    },
  };
}

/**
 * Creates `kube-system/kube-dns` (10.96.0.10) unless it exists; an existing one is left as it
 * is. (Creating it again would fail on its address before its name: the registry allocates
 * first.)
 */
export async function ensureKubeDnsService(client: Client): Promise<void> {
  try {
    await client.get(services, 'kube-system', 'kube-dns');
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await client.create(services, 'kube-system', kubeDnsService());
  }
}
