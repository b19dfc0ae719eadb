/**
 * The tutorial manifests copied from shared/k8s-docs/manifests (each keeps its source line),
 * loaded through the test server and split into documents.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';

export const manifestFiles = [
  'admin/dns/dnsutils.yaml',
  'application/deployment-scale.yaml',
  'application/deployment-update.yaml',
  'application/deployment.yaml',
  'application/guestbook/frontend-deployment.yaml',
  'application/guestbook/redis-follower-deployment.yaml',
  'application/guestbook/redis-leader-deployment.yaml',
  'application/php-apache.yaml',
  'controllers/nginx-deployment.yaml',
  'deployments/deployment-with-configmap-and-sidecar-container.yaml',
  'deployments/deployment-with-configmap-as-envvar.yaml',
  'deployments/deployment-with-configmap-as-volume.yaml',
  'deployments/deployment-with-configmap-two-containers.yaml',
  'deployments/deployment-with-immutable-configmap-as-volume.yaml',
  'inline/dns-pod-service-busybox-subdomain.yaml',
  'pods/config/redis-pod.yaml',
  'pods/inject/pod-multiple-secret-env-variable.yaml',
  'pods/inject/pod-secret-envFrom.yaml',
  'pods/inject/pod-single-secret-env-variable.yaml',
  'pods/inject/secret-pod.yaml',
  'pods/pod-configmap-env-var-valueFrom.yaml',
  'pods/pod-configmap-envFrom.yaml',
  'pods/pod-configmap-volume-specific-key.yaml',
  'pods/pod-configmap-volume.yaml',
  'pods/pod-multiple-configmap-env-variable.yaml',
  'pods/pod-single-configmap-env-variable.yaml',
  'pods/probe/exec-liveness.yaml',
  'pods/probe/grpc-liveness.yaml',
  'pods/probe/http-liveness.yaml',
  'pods/probe/tcp-liveness-readiness.yaml',
  'service/networking/curlpod.yaml',
  'service/networking/nginx-secure-app.yaml',
  'service/networking/run-my-nginx.yaml',
];

export interface ManifestObject {
  file: string;
  object: KubeObject;
}

/** Every document of every manifest file, in file order. */
export async function loadManifests(): Promise<ManifestObject[]> {
  const out: ManifestObject[] = [];
  for (const file of manifestFiles) {
    const text = await (await fetch(new URL(`./manifests/${file}`, import.meta.url))).text();
    for (const doc of parseAllDocuments(text)) {
      const object = doc.toJS() as KubeObject | null;
      if (object) out.push({ file, object });
    }
  }
  return out;
}
