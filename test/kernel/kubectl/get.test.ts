import { expect } from '@esm-bundle/chai';
import {
  deployments,
  events,
  leases,
  nodes,
  pods,
  replicasets,
  type ResourceInfo,
} from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { Collector } from '../../../src/kernel/kubectl/context.ts';
import { runKubectlArgs } from '../../../src/kernel/kubectl/kubectl.ts';
import { sortObjects } from '../../../src/kernel/kubectl/printers/sort-objects.ts';
import { eventually } from '../../helpers/api.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const container = (name: string, image = 'nginx:1.25') => ({ name, image });

async function setStatus(
  k: KubectlHarness,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  status: unknown,
): Promise<void> {
  const current = await k.client.get(info, namespace, name);
  await k.client.updateStatus(info, { ...current, status });
}

function pod(name: string, extra: Record<string, unknown> = {}, labels = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [container('app')], ...extra },
  };
}

/**
 * The cluster every golden test reads: created at 2026-01-01T00:00:00Z, read 5 minutes later.
 * Pods in each display state, a Deployment and its ReplicaSet, three nodes, events, a Lease.
 */
async function cluster(): Promise<KubectlHarness> {
  const k = await startKubectl();
  const t0 = k.clock.now();
  const at = (seconds: number) => rfc3339(t0 + seconds * 1000);
  const c = k.client;

  for (const [name, labels, ready, unschedulable] of [
    ['node-1', { 'node-role.kubernetes.io/control-plane': '' }, 'True', false],
    ['node-2', {}, 'False', false],
    ['node-3', { 'kubernetes.io/role': 'worker' }, 'True', true],
  ] as const) {
    await c.create(nodes, undefined, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { ...labels, 'kubernetes.io/hostname': name } },
      spec: { unschedulable },
    });
    await setStatus(k, nodes, undefined, name, {
      conditions: [{ type: 'Ready', status: ready, reason: 'KubeletReady' }],
      addresses: [{ type: 'InternalIP', address: `192.168.0.${name.slice(-1)}` }],
      nodeInfo: {
        kubeletVersion: 'v1.34.0',
        osImage: 'WASI preview1',
        kernelVersion: '',
        containerRuntimeVersion: 'wasi://0.4.2',
        machineID: '',
        systemUUID: '',
        bootID: '',
        operatingSystem: 'wasi',
        architecture: 'wasm32',
      },
    });
  }

  await c.create(pods, 'default', pod('pending', {}, { app: 'batch' }));
  await c.create(pods, 'default', pod('creating', { nodeName: 'node-1' }, { app: 'web' }));
  await setStatus(k, pods, 'default', 'creating', {
    phase: 'Pending',
    containerStatuses: [
      {
        name: 'app',
        ready: false,
        restartCount: 0,
        image: 'nginx:1.25',
        imageID: '',
        state: { waiting: { reason: 'ContainerCreating' } },
      },
    ],
  });
  await c.create(
    pods,
    'default',
    pod('running', { nodeName: 'node-1' }, { app: 'web', tier: 'frontend' }),
  );
  await setStatus(k, pods, 'default', 'running', {
    phase: 'Running',
    podIP: '10.244.1.5',
    podIPs: [{ ip: '10.244.1.5' }],
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      {
        name: 'app',
        ready: true,
        started: true,
        restartCount: 0,
        image: 'nginx:1.25',
        imageID: '',
        state: { running: { startedAt: at(10) } },
      },
    ],
  });
  await c.create(pods, 'default', pod('crash', { nodeName: 'node-3' }));
  await setStatus(k, pods, 'default', 'crash', {
    phase: 'Running',
    podIPs: [{ ip: '10.244.3.2' }],
    containerStatuses: [
      {
        name: 'app',
        ready: false,
        restartCount: 3,
        image: 'nginx:1.25',
        imageID: '',
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at(255) } },
      },
    ],
  });
  await c.create(pods, 'default', pod('done', { nodeName: 'node-1', restartPolicy: 'Never' }));
  await setStatus(k, pods, 'default', 'done', {
    phase: 'Succeeded',
    containerStatuses: [
      {
        name: 'app',
        ready: false,
        restartCount: 0,
        image: 'nginx:1.25',
        imageID: '',
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      },
    ],
  });
  await c.create(pods, 'default', pod('pull', { nodeName: 'node-3' }));
  await setStatus(k, pods, 'default', 'pull', {
    phase: 'Pending',
    containerStatuses: [
      {
        name: 'app',
        ready: false,
        restartCount: 0,
        image: 'nginx:1.25',
        imageID: '',
        state: { waiting: { reason: 'ErrImagePull', message: 'not found' } },
      },
    ],
  });
  await c.create(pods, 'default', pod('stopping', { nodeName: 'node-1' }));
  await setStatus(k, pods, 'default', 'stopping', {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      {
        name: 'app',
        ready: true,
        restartCount: 0,
        image: 'nginx:1.25',
        imageID: '',
        state: { running: { startedAt: at(1) } },
      },
    ],
  });
  await c.delete(pods, 'default', 'stopping');

  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [container('app'), container('sidecar', 'busybox:1.36')] },
  };
  await c.create(deployments, 'default', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
  });
  await setStatus(k, deployments, 'default', 'web', {
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 2,
    availableReplicas: 2,
  });
  await c.create(replicasets, 'default', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-5d8f7c9b6f', labels: { app: 'web' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
  });
  await setStatus(k, replicasets, 'default', 'web-5d8f7c9b6f', { replicas: 3, readyReplicas: 2 });

  await c.create(events, 'default', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'crash.1' },
    involvedObject: {
      kind: 'Pod',
      name: 'crash',
      namespace: 'default',
      fieldPath: 'spec.containers{app}',
    },
    reason: 'BackOff',
    message: 'Back-off restarting failed container app in pod crash_default(uid)',
    type: 'Warning',
    source: { component: 'kubelet', host: 'node-3' },
    firstTimestamp: at(100),
    lastTimestamp: at(280),
    count: 4,
  });
  await c.create(events, 'default', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'running.1' },
    involvedObject: { kind: 'Pod', name: 'running', namespace: 'default' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/running to node-1',
    type: 'Normal',
    source: { component: 'default-scheduler' },
    firstTimestamp: at(0),
    lastTimestamp: at(0),
    count: 1,
  });
  await c.create(leases, 'kube-node-lease', {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1' },
    spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 },
  });
  await k.clock.advance(300_000);
  return k;
}

/** Lines joined with newlines, each ending with one, as kubectl writes a table. */
const lines = (...rows: string[]) => rows.map((r) => `${r}\n`).join('');

describe('kubectl get', () => {
  let k: KubectlHarness;
  before(async () => {
    k = await cluster();
  });

  const goldens: { line: string; stdout: string; stderr?: string; exitCode?: number }[] = [
    {
      line: 'get pods',
      stdout: lines(
        'NAME       READY   STATUS              RESTARTS      AGE',
        'crash      0/1     CrashLoopBackOff    3 (45s ago)   5m',
        'creating   0/1     ContainerCreating   0             5m',
        'done       0/1     Completed           0             5m',
        'pending    0/1     Pending             0             5m',
        'pull       0/1     ErrImagePull        0             5m',
        'running    1/1     Running             0             5m',
        'stopping   1/1     Terminating         0             5m',
      ),
    },
    {
      line: 'get pods -o wide',
      stdout: lines(
        'NAME       READY   STATUS              RESTARTS      AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
        'crash      0/1     CrashLoopBackOff    3 (45s ago)   5m    10.244.3.2   node-3   <none>           <none>',
        'creating   0/1     ContainerCreating   0             5m    <none>       node-1   <none>           <none>',
        'done       0/1     Completed           0             5m    <none>       node-1   <none>           <none>',
        'pending    0/1     Pending             0             5m    <none>       <none>   <none>           <none>',
        'pull       0/1     ErrImagePull        0             5m    <none>       node-3   <none>           <none>',
        'running    1/1     Running             0             5m    10.244.1.5   node-1   <none>           <none>',
        'stopping   1/1     Terminating         0             5m    <none>       node-1   <none>           <none>',
      ),
    },
    {
      line: 'get nodes',
      stdout: lines(
        'NAME     STATUS                     ROLES           AGE   VERSION',
        'node-1   Ready                      control-plane   5m    v1.34.0',
        'node-2   NotReady                   <none>          5m    v1.34.0',
        'node-3   Ready,SchedulingDisabled   worker          5m    v1.34.0',
      ),
    },
    {
      line: 'get no node-2 -o wide',
      stdout: lines(
        'NAME     STATUS     ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE        KERNEL-VERSION   CONTAINER-RUNTIME',
        'node-2   NotReady   <none>   5m    v1.34.0   192.168.0.2   <none>        WASI preview1   <unknown>        wasi://0.4.2',
      ),
    },
    {
      line: 'get deploy,rs -o wide',
      stdout: lines(
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS    IMAGES                    SELECTOR',
        'deployment.apps/web   2/3     3            2           5m    app,sidecar   nginx:1.25,busybox:1.36   app=web',
        '',
        'NAME                             DESIRED   CURRENT   READY   AGE   CONTAINERS    IMAGES                    SELECTOR',
        'replicaset.apps/web-5d8f7c9b6f   3         3         2       5m    app,sidecar   nginx:1.25,busybox:1.36   app=web',
      ),
    },
    {
      line: 'get all -l app=web',
      stdout: lines(
        'NAME           READY   STATUS              RESTARTS   AGE',
        'pod/creating   0/1     ContainerCreating   0          5m',
        'pod/running    1/1     Running             0          5m',
        '',
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   2/3     3            2           5m',
        '',
        'NAME                             DESIRED   CURRENT   READY   AGE',
        'replicaset.apps/web-5d8f7c9b6f   3         3         2       5m',
      ),
    },
    {
      line: 'get pod/running deploy/web',
      stdout: lines(
        'NAME          READY   STATUS    RESTARTS   AGE',
        'pod/running   1/1     Running   0          5m',
        '',
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   2/3     3            2           5m',
      ),
    },
    {
      // Types with nothing to show print nothing, but keep the kind prefix of the others.
      line: 'get pods,deploy -l app=batch',
      stdout: lines(
        'NAME          READY   STATUS    RESTARTS   AGE',
        'pod/pending   0/1     Pending   0          5m',
      ),
    },
    {
      line: 'get pods --show-kind -l app=batch',
      stdout: lines(
        'NAME          READY   STATUS    RESTARTS   AGE',
        'pod/pending   0/1     Pending   0          5m',
      ),
    },
    {
      line: 'get events',
      stdout: lines(
        'LAST SEEN   TYPE      REASON      OBJECT        MESSAGE',
        '20s         Warning   BackOff     pod/crash     Back-off restarting failed container app in pod crash_default(uid)',
        '5m          Normal    Scheduled   pod/running   Successfully assigned default/running to node-1',
      ),
    },
    {
      line: 'get ev -o wide',
      stdout: lines(
        'LAST SEEN   TYPE      REASON      OBJECT        SUBOBJECT              SOURCE              MESSAGE                                                              FIRST SEEN   COUNT   NAME',
        '20s         Warning   BackOff     pod/crash     spec.containers{app}   kubelet, node-3     Back-off restarting failed container app in pod crash_default(uid)   3m20s        4       crash.1',
        '5m          Normal    Scheduled   pod/running                          default-scheduler   Successfully assigned default/running to node-1                      5m           1       running.1',
      ),
    },
    {
      line: 'get leases -A',
      stdout: lines(
        'NAMESPACE         NAME     HOLDER   AGE',
        'kube-node-lease   node-1   node-1   5m',
      ),
    },
    {
      line: 'get ns',
      stdout: lines(
        'NAME              STATUS   AGE',
        'default           Active   5m',
        'kube-node-lease   Active   5m',
        'kube-public       Active   5m',
        'kube-system       Active   5m',
      ),
    },
    {
      line: 'get po -l app=web --show-labels',
      stdout: lines(
        'NAME       READY   STATUS              RESTARTS   AGE   LABELS',
        'creating   0/1     ContainerCreating   0          5m    app=web',
        'running    1/1     Running             0          5m    app=web,tier=frontend',
      ),
    },
    {
      line: 'get pods -L app -L example.com/tier,tier --field-selector spec.nodeName=node-1',
      stdout: lines(
        'NAME       READY   STATUS              RESTARTS   AGE   APP   TIER   TIER',
        'creating   0/1     ContainerCreating   0          5m    web          ',
        'done       0/1     Completed           0          5m                 ',
        'running    1/1     Running             0          5m    web          frontend',
        'stopping   1/1     Terminating         0          5m                 ',
      ),
    },
    {
      line: 'get pods -A --no-headers --selector app=web',
      stdout: lines(
        'default   creating   0/1   ContainerCreating   0     5m',
        'default   running    1/1   Running             0     5m',
      ),
    },
    {
      line: 'get pods --sort-by=.spec.nope -o name',
      stdout: '',
      stderr: 'error: couldn\'t find any field with path "{.spec.nope}" in the list of objects\n',
      exitCode: 1,
    },
    {
      line: 'get pods --sort-by={.status.containerStatuses[0].restartCount} -o name -l app!=web',
      stdout: lines('pod/pending', 'pod/done', 'pod/pull', 'pod/stopping', 'pod/crash'),
    },
    {
      line: 'get pod running nope crash',
      stdout: lines(
        'NAME      READY   STATUS             RESTARTS      AGE',
        'running   1/1     Running            0             5m',
        'crash     0/1     CrashLoopBackOff   3 (45s ago)   5m',
      ),
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    },
    {
      line: 'get pod nope',
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    },
    { line: 'get pod nope --ignore-not-found', stdout: '', stderr: '' },
    {
      line: 'get pdos',
      stdout: '',
      stderr: `error: the server doesn't have a resource type "pdos"\n`,
      exitCode: 1,
    },
    {
      line: 'get pods -n kube-public',
      stdout: '',
      stderr: 'No resources found in kube-public namespace.\n',
    },
    {
      line: 'get all -n kube-public',
      stdout: '',
      stderr: 'No resources found in kube-public namespace.\n',
    },
    { line: 'get pods -A -l app=none', stdout: '', stderr: 'No resources found\n' },
    { line: 'get nodes -l a=b', stdout: '', stderr: 'No resources found\n' },
    {
      line: 'get pods,nodes -o name -l app!=web',
      stdout: lines(
        'pod/crash',
        'pod/done',
        'pod/pending',
        'pod/pull',
        'pod/stopping',
        'node/node-1',
        'node/node-2',
        'node/node-3',
      ),
    },
    {
      line: 'get pod/running deploy/web -o name',
      stdout: lines('pod/running', 'deployment.apps/web'),
    },
    {
      line: `get pods -o jsonpath='{.items[*].metadata.name}'`,
      stdout: 'crash creating done pending pull running stopping',
    },
    {
      line: `get pods -l app=web -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'`,
      stdout: 'creating\tPending\nrunning\tRunning\n',
    },
    {
      line: `get pod running -o jsonpath='{.spec.containers[0].image}'`,
      stdout: 'nginx:1.25',
    },
    {
      line: `get nodes -o jsonpath='{.items[?(@.spec.unschedulable==true)].metadata.name}'`,
      stdout: 'node-3',
    },
    {
      line: `get pods -o jsonpath='{.items[9]}'`,
      stdout: '',
      stderr:
        /^error: error executing jsonpath "\{\.items\[9\]\}": Error executing template: array index out of bounds: index 9, length 7\. Printing more information/ as unknown as string,
      exitCode: 1,
    },
    {
      line: 'get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,RESTARTS:.status.containerStatuses[*].restartCount -l app!=web',
      stdout: lines(
        'NAME       NODE     RESTARTS',
        'crash      node-3   3',
        'done       node-1   0',
        'pending    <none>   <none>',
        'pull       node-3   0',
        'stopping   node-1   0',
      ),
    },
    {
      line: 'get deploy -o custom-columns=NAME:metadata.name,IMAGES:{.spec.template.spec.containers[*].image},SEL:.spec.selector.matchLabels --no-headers',
      stdout: lines('web   nginx:1.25,busybox:1.36   map[app:web]'),
    },
    {
      line: 'get pods -o custom-columns=NAME',
      stdout: '',
      stderr: 'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n',
      exitCode: 1,
    },
    {
      line: 'get pods -o foo',
      stdout: '',
      stderr:
        'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
      exitCode: 1,
    },
    {
      line: 'get',
      stdout: '',
      stderr: lines(
        'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.',
        '',
        'error: Required resource not specified.',
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
        "See 'kubectl get -h' for help and examples",
      ),
      exitCode: 1,
    },
    {
      line: 'get pods running -A',
      stdout: '',
      stderr: 'error: a resource cannot be retrieved by name across all namespaces\n',
      exitCode: 1,
    },
  ];
  for (const g of goldens) {
    it(`kubectl ${g.line}`, async () => {
      const r = await k.run(g.line);
      expect(r.stdout).to.equal(g.stdout);
      if ((g.stderr as unknown) instanceof RegExp)
        expect(r.stderr).to.match(g.stderr as unknown as RegExp);
      else expect(r.stderr).to.equal(g.stderr ?? '');
      expect(r.exitCode).to.equal(g.exitCode ?? 0);
    });
  }

  it('prints one object for -o yaml of a named object, with kubectl quoting', async () => {
    const r = await k.run('get lease node-1 -n kube-node-lease -o yaml');
    const uid = (await k.client.get(leases, 'kube-node-lease', 'node-1')).metadata.uid;
    const rv = (await k.client.get(leases, 'kube-node-lease', 'node-1')).metadata.resourceVersion;
    expect(r.stdout).to.equal(
      lines(
        'apiVersion: coordination.k8s.io/v1',
        'kind: Lease',
        'metadata:',
        '  creationTimestamp: "2026-01-01T00:00:00Z"',
        '  name: node-1',
        '  namespace: kube-node-lease',
        `  resourceVersion: "${rv}"`,
        `  uid: ${uid}`,
        'spec:',
        '  holderIdentity: node-1',
        '  leaseDurationSeconds: 40',
      ),
    );
  });

  it('prints a v1 List for several objects (-o json, -o yaml), even for one match of a type', async () => {
    const json = JSON.parse((await k.run('get pods -l app=batch -o json')).stdout) as {
      apiVersion: string;
      kind: string;
      items: KubeObject[];
      metadata: unknown;
    };
    expect(Object.keys(json)).to.deep.equal(['apiVersion', 'items', 'kind', 'metadata']);
    expect(json.kind).to.equal('List');
    expect(json.apiVersion).to.equal('v1');
    expect(json.metadata).to.deep.equal({ resourceVersion: '' });
    expect(json.items.map((i) => [i.kind, i.apiVersion, i.metadata.name])).to.deep.equal([
      ['Pod', 'v1', 'pending'],
    ]);
    const yaml = (await k.run('get pod/running deploy/web -o yaml')).stdout;
    expect(yaml.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n')).to.equal(
      true,
    );
    expect(yaml).to.contain('\n- apiVersion: apps/v1\n  kind: Deployment\n');
    expect(yaml.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).to.equal(true);
    const empty = await k.run('get pods -n kube-public -o json');
    expect(empty.stdout).to.equal(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
    expect(empty.stderr).to.equal('');
  });

  it('-o json of one named object is the object, keys sorted, four-space indent', async () => {
    const r = await k.run('get deploy web -o json');
    expect(
      r.stdout.startsWith('{\n    "apiVersion": "apps/v1",\n    "kind": "Deployment",\n'),
    ).to.equal(true);
    expect(JSON.parse(r.stdout).status).to.deep.equal({
      availableReplicas: 2,
      readyReplicas: 2,
      replicas: 3,
      updatedReplicas: 3,
    });
  });

  it('reads -o custom-columns-file from the workspace', async () => {
    k.files.set('cols.txt', 'NAME          NODE\n.metadata.name   .spec.nodeName\n');
    const r = await k.run('get pods -l app=web -o custom-columns-file=cols.txt');
    expect(r.stdout).to.equal(lines('NAME       NODE', 'creating   node-1', 'running    node-1'));
  });

  it('follows the current namespace set by kubectl config set-context', async () => {
    const other = await startKubectl();
    await other.client.create(pods, 'kube-system', pod('dns'));
    expect(
      (await other.run('config set-context --current --namespace=kube-system')).stdout,
    ).to.equal('Context "playground" modified.\n');
    expect((await other.run('get pods -o name')).stdout).to.equal('pod/dns\n');
    expect((await other.run('get pods -n default')).stderr).to.equal(
      'No resources found in default namespace.\n',
    );
  });
});

describe('kubectl get -w', () => {
  it('prints the table, then one row per change without the header, until interrupted', async () => {
    const k = await cluster();
    const stdout = new Collector();
    const stderr = new Collector();
    const abort = new AbortController();
    const done = runKubectlArgs(['get', 'pods', '-w', '-l', 'app=web'], {
      ...k.context,
      stdout,
      stderr,
      signal: abort.signal,
    });
    await eventually(() => stdout.text.includes('running'));
    await k.client.create(pods, 'default', pod('new', {}, { app: 'web' }));
    await k.client.delete(pods, 'default', 'running');
    await k.client.create(pods, 'default', pod('other', {}, { app: 'db' }));
    await eventually(() => stdout.text.includes('Terminating'));
    abort.abort();
    expect(await done).to.equal(0);
    expect(stdout.text).to.equal(
      lines(
        'NAME       READY   STATUS              RESTARTS   AGE',
        'creating   0/1     ContainerCreating   0          5m',
        'running    1/1     Running             0          5m',
        'new        0/1     Pending             0          0s',
        'running    1/1     Terminating         0          5m',
      ),
    );
    expect(stderr.text).to.equal('');
  });

  it('--watch-only prints only changes, the header with the first', async () => {
    const k = await cluster();
    const stdout = new Collector();
    const abort = new AbortController();
    const done = runKubectlArgs(['get', 'deploy', '--watch-only'], {
      ...k.context,
      stdout,
      stderr: new Collector(),
      signal: abort.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const d = await k.client.get(deployments, 'default', 'web');
    await k.client.update(deployments, { ...d, spec: { ...(d.spec as object), replicas: 5 } });
    await eventually(() => stdout.text.includes('web'));
    abort.abort();
    expect(await done).to.equal(0);
    expect(stdout.text).to.equal(
      lines(
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE',
        'web    2/5     3            2           5m',
      ),
    );
  });

  it('--output-watch-events adds an EVENT column', async () => {
    const k = await cluster();
    const stdout = new Collector();
    const abort = new AbortController();
    const done = runKubectlArgs(
      ['get', 'pod', 'pending', '-w', '--output-watch-events', '--show-kind'],
      { ...k.context, stdout, stderr: new Collector(), signal: abort.signal },
    );
    await eventually(() => stdout.text.includes('pending'));
    await k.client.delete(pods, 'default', 'pending');
    await eventually(() => stdout.text.includes('DELETED'));
    abort.abort();
    expect(await done).to.equal(0);
    // Widths only grow as rows arrive (tabwriter RememberWidths); earlier lines stay as printed.
    expect(stdout.text).to.equal(
      lines(
        'EVENT   NAME          READY   STATUS    RESTARTS   AGE',
        'ADDED   pod/pending   0/1     Pending   0          5m',
        'DELETED   pod/pending   0/1     Pending   0          5m',
      ),
    );
  });

  it('refuses several types', async () => {
    const k = await cluster();
    const r = await k.run('get pods,deploy -w');
    expect(r.stderr).to.equal('error: you may only specify a single resource type\n');
    expect(r.exitCode).to.equal(1);
  });
});

describe('--sort-by order', () => {
  const named = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
    metadata: { name },
    ...extra,
  });
  const cases: [string, KubeObject[], string[]][] = [
    [
      '.metadata.name',
      ['pod-10', 'pod-2', 'pod-1'].map((n) => named(n)),
      ['pod-1', 'pod-2', 'pod-10'],
    ],
    [
      '{.spec.cpu}',
      [named('a', { spec: { cpu: '1' } }), named('b', { spec: { cpu: '500m' } }), named('c')],
      ['c', 'b', 'a'],
    ],
    [
      'spec.n',
      [
        named('a', { spec: { n: 3 } }),
        named('b', { spec: { n: 1 } }),
        named('c', { spec: { n: 2 } }),
      ],
      ['b', 'c', 'a'],
    ],
  ];
  for (const [field, objects, order] of cases) {
    it(`sorts by ${field}`, () =>
      expect(sortObjects(objects, field).map((o) => o.metadata.name)).to.deep.equal(order));
  }
});
