import { expect } from '@esm-bundle/chai';
import { resourcequotas } from '../../../src/kernel/api/resources.ts';
import { kubectl } from '../../../src/kernel/kubectl/kubectl.ts';
import type { ResourceQuota } from '../../../src/kernel/types/quota.ts';
import { startCluster, type KubectlCluster } from './cluster-fixture.ts';

/** The docs' task manifests (admin/resource/quota-mem-cpu*.yaml, cpu-constraints*.yaml). */
const files = new Map<string, string>([
  [
    'quota-mem-cpu.yaml',
    `apiVersion: v1
kind: ResourceQuota
metadata:
  name: mem-cpu-demo
spec:
  hard:
    requests.cpu: "1"
    requests.memory: 1Gi
    limits.cpu: "2"
    limits.memory: 2Gi
`,
  ],
  [
    'quota-mem-cpu-pod.yaml',
    `apiVersion: v1
kind: Pod
metadata:
  name: quota-mem-cpu-demo
spec:
  containers:
  - name: quota-mem-cpu-demo-ctr
    image: nginx
    resources:
      limits:
        memory: "800Mi"
        cpu: "800m"
      requests:
        memory: "600Mi"
        cpu: "400m"
`,
  ],
  [
    'quota-mem-cpu-pod-2.yaml',
    `apiVersion: v1
kind: Pod
metadata:
  name: quota-mem-cpu-demo-2
spec:
  containers:
  - name: quota-mem-cpu-demo-2-ctr
    image: redis
    resources:
      limits:
        memory: "1Gi"
        cpu: "800m"
      requests:
        memory: "700Mi"
        cpu: "400m"
`,
  ],
  [
    'cpu-constraints.yaml',
    `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-min-max-demo-lr
spec:
  limits:
  - max:
      cpu: "800m"
    min:
      cpu: "200m"
    type: Container
`,
  ],
  [
    'cpu-constraints-pod-2.yaml',
    `apiVersion: v1
kind: Pod
metadata:
  name: constraints-cpu-demo-2
spec:
  containers:
  - name: constraints-cpu-demo-2-ctr
    image: nginx
    resources:
      limits:
        cpu: "1.5"
      requests:
        cpu: "500m"
`,
  ],
]);

describe('kubectl for ResourceQuotas and LimitRanges', () => {
  let c: KubectlCluster;
  const run = (line: string) =>
    kubectl(line, { ...c.context, readFile: async (p) => files.get(p) });

  beforeEach(async () => {
    c = await startCluster();
  });
  afterEach(() => c.stop());

  async function counted() {
    await c.settle(async () => {
      const q = await c.kernel.client.get<ResourceQuota>(resourcequotas, 'default', 'mem-cpu-demo');
      return q.status?.used !== undefined;
    });
  }

  it('follows the memory and CPU quota task: get, describe, and the refusal', async () => {
    expect((await run('create -f quota-mem-cpu.yaml')).stdout).to.equal(
      'resourcequota/mem-cpu-demo created\n',
    );
    await counted();
    expect((await run('get quota')).stdout).to.equal(
      'NAME           AGE   REQUEST                                     LIMIT\n' +
        'mem-cpu-demo   0s    requests.cpu: 0/1, requests.memory: 0/1Gi   limits.cpu: 0/2, limits.memory: 0/2Gi\n',
    );
    expect((await run('create -f quota-mem-cpu-pod.yaml')).exitCode).to.equal(0);
    expect((await run('get resourcequota mem-cpu-demo')).stdout).to.equal(
      'NAME           AGE   REQUEST                                            LIMIT\n' +
        'mem-cpu-demo   0s    requests.cpu: 400m/1, requests.memory: 600Mi/1Gi   limits.cpu: 800m/2, limits.memory: 800Mi/2Gi\n',
    );
    expect((await run('describe quota mem-cpu-demo')).stdout).to
      .equal(`Name:            mem-cpu-demo
Namespace:       default
Resource         Used   Hard
--------         ----   ----
limits.cpu       800m   2
limits.memory    800Mi  2Gi
requests.cpu     400m   1
requests.memory  600Mi  1Gi
`);
    expect(await run('create -f quota-mem-cpu-pod-2.yaml')).to.deep.equal({
      stdout: '',
      stderr:
        'Error from server (Forbidden): error when creating "quota-mem-cpu-pod-2.yaml": pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi\n',
      exitCode: 1,
    });
    // A container that states nothing cannot be counted against cpu and memory limits.
    expect((await run('run bare --image=nginx')).stderr).to.equal(
      'Error from server (Forbidden): pods "bare" is forbidden: failed quota: mem-cpu-demo: must specify limits.cpu for: bare; limits.memory for: bare; requests.cpu for: bare; requests.memory for: bare\n',
    );
  });

  it('create quota builds the quota from --hard and --scopes, as the docs use it', async () => {
    expect(
      await run(
        'create quota test --hard=count/deployments.apps=2,count/replicasets.apps=4,count/pods=3,count/secrets=4',
      ),
    ).to.deep.equal({ stdout: 'resourcequota/test created\n', stderr: '', exitCode: 0 });
    const q = await c.kernel.client.get<ResourceQuota>(resourcequotas, 'default', 'test');
    expect(q.spec).to.deep.equal({
      hard: {
        'count/deployments.apps': '2',
        'count/replicasets.apps': '4',
        'count/pods': '3',
        'count/secrets': '4',
      },
    });
    expect(
      (
        await run(
          'create quota best-effort --hard=pods=100 --scopes=BestEffort -o yaml --dry-run=client',
        )
      ).stdout,
    ).to.equal(`apiVersion: v1
kind: ResourceQuota
metadata:
  name: best-effort
spec:
  hard:
    pods: "100"
  scopes:
  - BestEffort
status: {}
`);
    expect((await run('create quota bad --hard=pods')).stderr).to.equal(
      'error: Invalid argument syntax pods, expected <resource>=<value>\n',
    );
    expect((await run('create quota bad --hard=pods=1,widgets=2')).stderr).to.equal(
      'error: failed to create quota: ResourceQuota "bad" is invalid: [spec.hard[widgets]: Invalid value: "widgets": must be a standard resource type or fully qualified, spec.hard[widgets]: Invalid value: "widgets": must be a standard resource for quota]\n',
    );
  });

  it('follows the CPU constraints task: defaults, get, describe and the max refusal', async () => {
    expect((await run('create -f cpu-constraints.yaml')).stdout).to.equal(
      'limitrange/cpu-min-max-demo-lr created\n',
    );
    expect((await run('get limits')).stdout).to.equal(
      'NAME                  CREATED AT\ncpu-min-max-demo-lr   2026-01-01T00:00:00Z\n',
    );
    expect((await run('describe limitrange cpu-min-max-demo-lr')).stdout).to
      .equal(`Name:       cpu-min-max-demo-lr
Namespace:  default
Type        Resource  Min   Max   Default Request  Default Limit  Max Limit/Request Ratio
----        --------  ---   ---   ---------------  -------------  -----------------------
Container   cpu       200m  800m  800m             800m           -
`);
    expect((await run('create -f cpu-constraints-pod-2.yaml')).stderr).to.equal(
      'Error from server (Forbidden): error when creating "cpu-constraints-pod-2.yaml": pods "constraints-cpu-demo-2" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m\n',
    );
    expect((await run('run plain --image=nginx')).stdout).to.equal('pod/plain created\n');
    expect(
      (await run('get pod plain -o jsonpath={.spec.containers[0].resources}')).stdout,
    ).to.equal('{"limits":{"cpu":"800m"},"requests":{"cpu":"800m"}}');
    expect((await run('describe ns default')).stdout).to.equal(`Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

Resource Limits
 Type       Resource  Min   Max   Default Request  Default Limit  Max Limit/Request Ratio
 ----       --------  ---   ---   ---------------  -------------  -----------------------
 Container  cpu       200m  800m  800m             800m           -
`);
  });
});
