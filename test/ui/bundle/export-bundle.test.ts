import { expect } from '@esm-bundle/chai';
import { parseAllDocuments } from 'yaml';
import { ensureBuiltinServices } from '../../../src/kernel/bootstrap/builtin-services.ts';
import { applyManifest } from '../../../src/kernel/client/apply.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import {
  bundleHeader,
  bundleYaml,
  exportBundle,
  exportObjects,
} from '../../../src/ui/bundle/export-bundle.ts';
import { startTestApi } from '../../helpers/api.ts';

const manifests = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, nodePort: 30080}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  config.yaml: |
    level: debug
    retries: 3
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: example.com/fast
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-manual}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  hostPath: {path: /tmp/data}
`;

const refs = (objects: KubeObject[]) =>
  objects.map(
    (o) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
  );

describe('exportBundle', () => {
  it('is empty for a new cluster: its namespaces, classes and kubernetes Service are its own', async () => {
    const { client } = await startTestApi();
    await ensureBuiltinServices(client);
    expect(await exportObjects(client)).to.deep.equal([]);
    expect(await exportBundle(client)).to.equal(bundleHeader);
  });

  it("lists the user's objects in apply order, as YAML documents that apply again", async () => {
    const { client } = await startTestApi();
    await ensureBuiltinServices(client);
    const results = await applyManifest(client, manifests);
    expect(results.filter((r) => r.error)).to.deep.equal([]);

    const bundle = await exportBundle(client);
    expect(bundle.startsWith(bundleHeader)).to.equal(true);
    const docs = parseAllDocuments(bundle).map((d) => d.toJS() as KubeObject);
    expect(refs(docs)).to.deep.equal([
      'Namespace/shop',
      'ConfigMap/default/settings',
      'StorageClass/fast',
      'PersistentVolume/pv-manual',
      'Service/shop/web',
      'Deployment/shop/web',
    ]);
    for (const doc of docs) {
      expect(Object.keys(doc).slice(0, 3)).to.deep.equal(['apiVersion', 'kind', 'metadata']);
    }
    expect(docs[0].metadata).to.deep.equal({ name: 'shop', labels: { team: 'a' } });
    // The nodePort the user chose stays; the ClusterIP the cluster chose goes.
    const service = docs[4].spec as { clusterIP?: string; ports: { nodePort?: number }[] };
    expect(service.clusterIP).to.equal(undefined);
    expect(service.ports[0].nodePort).to.equal(30080);
    // Multi-line strings stay readable block scalars.
    expect(bundle).to.contain('config.yaml: |\n    level: debug\n    retries: 3\n');

    // Into an empty cluster: everything is created, and exporting the copy gives the same.
    const other = await startTestApi();
    await ensureBuiltinServices(other.client);
    const again = await applyManifest(other.client, bundle);
    expect(again.map((r) => r.error?.message ?? r.action)).to.deep.equal(Array(6).fill('created'));
    expect(await exportBundle(other.client)).to.equal(bundle);
    // And into the cluster it came from, nothing changes but the last-applied records.
    const onto = await applyManifest(client, bundle);
    expect(onto.filter((r) => r.error)).to.deep.equal([]);
  });

  it('separates documents with --- and ends each with a newline', () => {
    const yaml = bundleYaml([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
    ]);
    expect(yaml).to.equal(
      `${bundleHeader}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n`,
    );
  });
});
