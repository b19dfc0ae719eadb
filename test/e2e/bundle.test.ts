import { expect } from '@esm-bundle/chai';
import { parseAllDocuments } from 'yaml';
import type { Pod } from '../../src/kernel/types/core.ts';
import type { KubeObject } from '../../src/kernel/types/meta.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 50 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const running = (pod: Pod) =>
  pod.status?.phase === 'Running' && (pod.status.containerStatuses ?? []).every((c) => c.ready);

/** A little of everything a learner makes: a namespace, config, storage, workloads, a Service. */
const manifests = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {GREETING: hello}
---
apiVersion: v1
kind: Secret
metadata: {name: token, namespace: shop}
stringData: {TOKEN: s3cret}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Mi}}
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
      containers:
      - name: ticker
        image: ticker:1.0
        args: ["--every", "1s"]
        envFrom: [{configMapRef: {name: settings}}, {secretRef: {name: token}}]
---
apiVersion: v1
kind: Pod
metadata: {name: reader, namespace: shop}
spec:
  containers:
  - {name: ticker, image: "ticker:1.0", volumeMounts: [{name: data, mountPath: /data}]}
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: ticker, image: "ticker:1.0", volumeMounts: [{name: state, mountPath: /state}]}
  volumeClaimTemplates:
  - metadata: {name: state}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 6379}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: hello, image: "hello:1.0"}]
`;

function documents(bundle: string): KubeObject[] {
  return parseAllDocuments(bundle).map((d) => d.toJS() as KubeObject);
}

const refs = (objects: KubeObject[]) =>
  objects.map(
    (o) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
  );

async function podsOf(p: RunningPlayground, namespace: string): Promise<Pod[]> {
  const res = await p.request({ verb: 'GET', path: `/api/v1/namespaces/${namespace}/pods` });
  return (res.body as { items: Pod[] }).items.filter((pod) => !pod.metadata.deletionTimestamp);
}

/** Waits for the workloads of `manifests` to run: 2 web pods and the reader, db-0, the Job done. */
async function workloadsUp(p: RunningPlayground): Promise<void> {
  let seen = '';
  await until(async () => {
    const shop = await podsOf(p, 'shop');
    const main = await podsOf(p, 'default');
    const job = main.find((pod) => pod.metadata.labels?.['job-name'] === 'once');
    seen = [...shop, ...main].map((pod) => `${pod.metadata.name} ${pod.status?.phase}`).join(', ');
    return (
      shop.length === 3 &&
      shop.every(running) &&
      main.some((pod) => pod.metadata.name === 'db-0' && running(pod)) &&
      job?.status?.phase === 'Succeeded'
    );
  }, 90_000).catch((err: Error) => {
    throw new Error(`${err.message}; pods: ${seen}`);
  });
}

describe('export and import of a cluster bundle (real playground)', function () {
  this.timeout(240_000);
  const started: RunningPlayground[] = [];
  const start = async () => {
    const p = startPlayground({
      database: `bundle-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    started.push(p);
    await p.ready;
    return p;
  };
  afterEach(() => {
    for (const p of started.splice(0)) p.terminate();
  });

  it("exports the user's objects only, and a fresh cluster importing them runs the same pods", async () => {
    const p = await start();
    const applied = await p.apply(manifests);
    expect(applied.filter((r) => r.error)).to.deep.equal([]);
    await workloadsUp(p);

    const bundle = await p.exportBundle();
    const objects = documents(bundle);
    expect(refs(objects)).to.deep.equal([
      'Namespace/shop',
      'Secret/shop/token',
      'ConfigMap/shop/settings',
      'PersistentVolumeClaim/shop/data',
      'Service/default/db',
      'Service/shop/web',
      'Pod/shop/reader',
      'Deployment/shop/web',
      'StatefulSet/default/db',
      'Job/default/once',
    ]);
    for (const o of objects) {
      expect(o.metadata, `${o.kind} ${o.metadata.name}`).to.have.keys(
        ...Object.keys(o.metadata).filter((k) =>
          ['name', 'namespace', 'labels', 'annotations'].includes(k),
        ),
      );
      expect(o).not.to.have.property('status');
      expect(o.metadata.annotations ?? {}).not.to.have.property(
        'kubectl.kubernetes.io/last-applied-configuration',
      );
    }
    const byRef = new Map(
      objects.map((o) => [refs([o])[0], o as KubeObject & { spec: Record<string, unknown> }]),
    );
    const web = byRef.get('Service/shop/web')!.spec as {
      clusterIP?: string;
      ports: { nodePort?: number }[];
    };
    expect(web.clusterIP).to.equal(undefined);
    expect(web.ports[0].nodePort).to.equal(undefined);
    expect((byRef.get('Service/default/db')!.spec as { clusterIP?: string }).clusterIP).to.equal(
      'None',
    );
    expect(byRef.get('PersistentVolumeClaim/shop/data')!.spec).not.to.have.property('volumeName');
    expect(byRef.get('Job/default/once')!.spec).not.to.have.property('selector');
    expect(bundle).not.to.contain('controller-uid');
    expect(bundle).not.to.contain('deployment.kubernetes.io/revision');

    const fresh = await start();
    const imported = await fresh.importBundle(bundle);
    expect(imported.map((r) => r.error?.message ?? `${r.ref} ${r.action}`)).to.deep.equal([
      'namespace/shop created',
      'secret/token created',
      'configmap/settings created',
      'persistentvolumeclaim/data created',
      'service/db created',
      'service/web created',
      'pod/reader created',
      'deployment.apps/web created',
      'statefulset.apps/db created',
      'job.batch/once created',
    ]);
    await workloadsUp(fresh);
    // The same objects again: exporting the copy gives the same bundle.
    expect(await fresh.exportBundle()).to.equal(bundle);
  });

  it('reset deletes the stored cluster: the next boot on its database is a fresh cluster', async () => {
    const database = `bundle-reset-${crypto.randomUUID()}`;
    let resets = 0;
    const boot = async () => {
      const p = startPlayground({
        database,
        timing: 'tutorial',
        urls: testUrls,
        onReset: () => resets++,
      });
      started.push(p);
      await p.ready;
      return p;
    };
    const stored = await boot();
    await stored.apply(manifests);
    await workloadsUp(stored);
    const names = async () => (await indexedDB.databases()).map((d) => d.name);
    expect(await names()).to.include.members([database, `${database}-volumes`]);

    await stored.reset();
    expect(resets).to.equal(1);
    expect(await names()).not.to.include(database);
    expect(await names()).not.to.include(`${database}-volumes`);

    const fresh = await boot();
    expect(await fresh.exportBundle()).not.to.contain('kind:');
    const nodes = await fresh.kubectl('get nodes -o name');
    expect(nodes.stdout.trim().split('\n')).to.have.length(3);
    await fresh.reset();
  });
});
