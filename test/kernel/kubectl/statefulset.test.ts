import { expect } from '@esm-bundle/chai';
import { statefulsets } from '../../../src/kernel/api/resources.ts';
import { kubectl } from '../../../src/kernel/kubectl/kubectl.ts';
import type { StatefulSet } from '../../../src/kernel/types/statefulset.ts';
import { startCluster, type KubectlCluster } from './cluster-fixture.ts';

/** The docs' StatefulSet tutorial manifest (content/en/examples/application/web/web.yaml). */
const webYaml = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

describe('kubectl for StatefulSets', () => {
  let c: KubectlCluster;
  const files = new Map<string, string>([['web.yaml', webYaml]]);
  const run = (line: string) =>
    kubectl(line, { ...c.context, readFile: async (p) => files.get(p) });

  beforeEach(async () => {
    c = await startCluster();
  });
  afterEach(() => c.stop());

  async function getSet(): Promise<StatefulSet> {
    return c.kernel.client.get<StatefulSet>(statefulsets, 'default', 'web');
  }

  /** Until every replica is updated and ready, and the set's status shows it. */
  function rolledOut(replicas: number) {
    return async () => {
      const s = await getSet();
      const st = s.status;
      return (
        (s.metadata.generation ?? 0) <= (st?.observedGeneration ?? 0) &&
        st?.readyReplicas === replicas &&
        st.replicas === replicas &&
        st.updatedReplicas === replicas &&
        st.currentRevision === st.updateRevision
      );
    };
  }

  /** The tutorial's `kubectl apply -f web.yaml`, then the two pods rolled out. */
  async function applied() {
    expect(await run('apply -f web.yaml')).to.deep.equal({
      stdout: 'service/nginx created\nstatefulset.apps/web created\n',
      stderr: '',
      exitCode: 0,
    });
    await c.settle(rolledOut(2), 20_000);
  }

  async function newImage(image: string) {
    await c.kernel.client.patch(
      statefulsets,
      'default',
      'web',
      { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } },
      'strategic',
    );
  }

  it('lists the set, its pods, claims and revisions: get sts, -o wide, get all, controllerrevisions', async () => {
    await applied();
    expect(await run('get sts')).to.deep.equal({
      stdout: 'NAME   READY   AGE\nweb    2/2     0s\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await run('get statefulset web -o wide')).stdout).to.equal(
      'NAME   READY   AGE   CONTAINERS   IMAGES\n' +
        'web    2/2     0s    nginx        registry.k8s.io/nginx-slim:0.8\n',
    );
    expect((await run('get pods -l app=nginx -o name')).stdout).to.equal('pod/web-0\npod/web-1\n');
    expect((await run('get pvc -o name')).stdout).to.equal(
      'persistentvolumeclaim/www-web-0\npersistentvolumeclaim/www-web-1\n',
    );
    const revision = (await getSet()).status?.currentRevision ?? '';
    expect(revision).to.match(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect((await run('get controllerrevisions')).stdout).to.equal(
      'NAME             CONTROLLER             REVISION   AGE\n' +
        `${revision.padEnd(17)}statefulset.apps/web   1          0s\n`,
    );
    expect((await run('get all')).stdout).to.contain(
      'service/nginx        ClusterIP   None         <none>        80/TCP    0s\n\n' +
        'NAME                   READY   AGE\nstatefulset.apps/web   2/2     0s\n',
    );
  });

  it('describes a StatefulSet as kubectl does', async () => {
    await applied();
    const text = (await run('describe sts web')).stdout;
    expect(text.split('Events:')[0]).to.equal(`Name:                   web
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000
Selector:               app=nginx
Labels:                 <none>
Annotations:            <none>
Service Name:           nginx
Pod Management Policy:  OrderedReady
Replicas:               2 desired | 2 total
Update Strategy:        RollingUpdate
  Partition:            0
Persistent Volume Claim Retention Policy:
  WhenDeleted:  Retain
  WhenScaled:   Retain
Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:        registry.k8s.io/nginx-slim:0.8
    Port:         80/TCP (web)
    Host Port:    0/TCP (web)
    Environment:  <none>
    Mounts:
      /usr/share/nginx/html from www (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          www
  StorageClass:  
  Labels:        <none>
  Annotations:   <none>
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
`);
    const events = text.split('Events:')[1].split('\n').slice(3).filter(Boolean);
    expect(events.map((l) => l.replace(/ +/g, ' ')).sort()).to.deep.equal([
      ' Normal SuccessfulCreate 0s statefulset-controller create Claim www-web-0 Pod web-0 in StatefulSet web success',
      ' Normal SuccessfulCreate 0s statefulset-controller create Claim www-web-1 Pod web-1 in StatefulSet web success',
      ' Normal SuccessfulCreate 0s statefulset-controller create Pod web-0 in StatefulSet web successful',
      ' Normal SuccessfulCreate 0s statefulset-controller create Pod web-1 in StatefulSet web successful',
    ]);
  });

  it('scales, and rollout status follows the set to the end of its update', async () => {
    await applied();
    expect(await run('scale sts web --replicas=3')).to.deep.equal({
      stdout: 'statefulset.apps/web scaled\n',
      stderr: '',
      exitCode: 0,
    });
    await c.settle(rolledOut(3), 20_000);
    expect((await run('get sts web')).stdout).to.contain('web    3/3');
    expect(await run('rollout status sts/web')).to.deep.equal({
      stdout: 'partitioned roll out complete: 3 new pods have been updated...\n',
      stderr: '',
      exitCode: 0,
    });

    await newImage('nginx:1.27');
    const running = run('rollout status statefulset/web');
    let result: Awaited<typeof running> | undefined;
    void running.then((r) => (result = r));
    await c.settle(async () => result !== undefined, 30_000);
    const lines = result!.stdout.split('\n').filter(Boolean);
    expect(lines[0]).to.equal('Waiting for statefulset spec update to be observed...');
    expect(lines).to.include('Waiting for 1 pods to be ready...');
    expect(lines).to.include(
      'Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...',
    );
    expect(lines[lines.length - 1]).to.equal(
      'partitioned roll out complete: 3 new pods have been updated...',
    );
    expect(result!.exitCode).to.equal(0);
  });

  it('rollout history, undo and restart go through ControllerRevisions', async () => {
    await applied();
    await newImage('nginx:1.27');
    await c.settle(rolledOut(2), 30_000);
    expect(await run('rollout history sts/web')).to.deep.equal({
      stdout:
        'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await run('rollout history sts/web --revision=1')).stdout).to.equal(
      'statefulset.apps/web with revision #1\n' +
        'Pod Template:\n  Labels:\tapp=nginx\n  Containers:\n   nginx:\n' +
        '    Image:\tregistry.k8s.io/nginx-slim:0.8\n    Port:\t80/TCP (web)\n' +
        '    Host Port:\t0/TCP (web)\n    Environment:\t<none>\n    Mounts:\n' +
        '      /usr/share/nginx/html from www (rw)\n  Volumes:\t<none>\n' +
        '  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n',
    );
    expect((await run('rollout history sts/web --revision=5')).stderr).to.equal(
      'error: unable to find the specified revision\n',
    );

    const undo = await run('rollout undo sts/web');
    expect(undo.stdout).to.equal('statefulset.apps/web rolled back\n');
    // The set came from `kubectl apply`, so kubectl warns that the annotation is now stale.
    expect(undo.stderr).to.match(/^Warning: resource statefulsets\/web was previously managed/);
    await c.settle(rolledOut(2), 30_000);
    expect((await getSet()).spec.template.spec.containers[0].image).to.equal(
      'registry.k8s.io/nginx-slim:0.8',
    );
    // Rolling back renumbers the old revision instead of making a new one.
    expect((await run('rollout history sts/web')).stdout).to.equal(
      'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
    );
    expect((await run('rollout undo sts/web --to-revision=3')).stdout).to.equal(
      'statefulset.apps/web skipped rollback (current template already matches revision 3)\n',
    );
    expect((await run('rollout undo sts/web --to-revision=9')).stderr).to.contain(
      'error: unable to find specified revision 9 in history\n',
    );

    expect(await run('rollout restart sts/web')).to.deep.equal({
      stdout: 'statefulset.apps/web restarted\n',
      stderr: '',
      exitCode: 0,
    });
    const template = (await getSet()).spec.template;
    expect(template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).to.match(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(await run('rollout pause sts/web')).to.deep.equal({
      stdout: '',
      stderr: 'error: statefulsets.apps "web" pausing is not supported\n',
      exitCode: 1,
    });
  });
});
