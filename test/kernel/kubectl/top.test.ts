import { expect } from '@esm-bundle/chai';
import { namespaces, nodes, pods } from '../../../src/kernel/api/resources.ts';
import type { ContainerSample, KubeletMetricsScrape } from '../../../src/kernel/types/metrics.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const MiB = 1024 * 1024;

function sample(
  pod: string,
  name: string,
  cpuNanos: number,
  memory: number,
  namespace = 'default',
): ContainerSample {
  return {
    namespace,
    pod,
    name,
    containerID: `wasi://${namespace}-${pod}-${name}`,
    startTime: 0,
    startWallTime: 0,
    cpuUsageNanoseconds: cpuNanos,
    memoryWorkingSetBytes: memory,
  };
}

async function post(k: KubectlHarness, node: string, containers: ContainerSample[]) {
  const scrape: KubeletMetricsScrape = {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'KubeletMetricsScrape',
    timestamp: k.clock.now(),
    wallTime: k.clock.now(),
    interval: 15_000,
    containers,
  };
  const res = await k.server.handle({
    verb: 'POST',
    path: `/apis/metrics.k8s.io/v1beta1/nodes/${node}/scrape`,
    body: scrape,
  });
  expect(res.status).to.equal(200);
}

async function node(k: KubectlHarness, name: string) {
  await k.client.create(nodes, undefined, { metadata: { name } });
  const created = await k.client.get(nodes, undefined, name);
  await k.client.updateStatus(nodes, {
    ...created,
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
    },
  });
}

async function pod(k: KubectlHarness, name: string, containers: string[], namespace = 'default') {
  await k.client.create(pods, namespace, {
    metadata: { name, namespace, labels: { app: name.replace(/-\d+$/, '') } },
    spec: {
      nodeName: 'node-a',
      containers: containers.map((c) => ({ name: c, image: 'hog' })),
    },
  });
}

describe('kubectl top', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
    await node(k, 'node-a');
    await node(k, 'node-b');
    await k.client.create(namespaces, undefined, { metadata: { name: 'shop' } });
    await pod(k, 'web-1', ['main', 'sidecar']);
    await pod(k, 'web-2', ['main']);
    await pod(k, 'cart-1', ['main'], 'shop');
  });

  async function twoSamples() {
    await post(k, 'node-a', [
      sample('web-1', 'main', 0, 0),
      sample('web-1', 'sidecar', 0, 0),
      sample('web-2', 'main', 0, 0),
      sample('cart-1', 'main', 0, 0, 'shop'),
    ]);
    await k.clock.advance(15_000);
    await post(k, 'node-a', [
      // 3 s of CPU over 15 s is 200m; 15 ms is 1m.
      sample('web-1', 'main', 3e9, 20 * MiB),
      sample('web-1', 'sidecar', 15e6, 3 * MiB + 512 * 1024),
      sample('web-2', 'main', 7.5e9, 10 * MiB),
      sample('cart-1', 'main', 1.5e9, 64 * MiB, 'shop'),
    ]);
  }

  it('says the metrics are not there yet before two samples', async () => {
    const r = await k.run('kubectl top pod');
    expect(r.exitCode).to.equal(1);
    expect(r.stderr).to.equal('error: metrics not available yet\n');
    const n = await k.run('kubectl top node');
    expect(n.stderr).to.equal('error: metrics not available yet\n');
  });

  it('prints pods with kubectl columns, padded to the last column', async () => {
    await twoSamples();
    const r = await k.run('kubectl top pod');
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.equal(
      [
        'NAME    CPU(cores)   MEMORY(bytes)   ',
        'web-1   201m         23Mi            ',
        'web-2   500m         10Mi            ',
        '',
      ].join('\n'),
    );
  });

  it('prints containers, all namespaces, sorted by cpu, without headers', async () => {
    await twoSamples();
    const all = await k.run('kubectl top pods -A --sort-by=cpu');
    expect(all.stdout).to.equal(
      [
        'NAMESPACE   NAME     CPU(cores)   MEMORY(bytes)   ',
        'default     web-2    500m         10Mi            ',
        'default     web-1    201m         23Mi            ',
        'shop        cart-1   100m         64Mi            ',
        '',
      ].join('\n'),
    );
    const containers = await k.run('kubectl top po web-1 --containers');
    expect(containers.stdout).to.equal(
      [
        'POD     NAME      CPU(cores)   MEMORY(bytes)   ',
        'web-1   main      200m         20Mi            ',
        'web-1   sidecar   1m           3Mi             ',
        '',
      ].join('\n'),
    );
    const bare = await k.run('kubectl top pod -l app=web --no-headers --sort-by=memory');
    expect(bare.stdout).to.equal('web-1   201m   23Mi   \nweb-2   500m   10Mi   \n');
  });

  it('prints nodes with percentages of allocatable, and <unknown> for a node without metrics', async () => {
    await twoSamples();
    const r = await k.run('kubectl top node');
    expect(r.stdout).to.equal(
      [
        'NAME     CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   ',
        'node-a   801m         20%         97Mi            1%          ',
        'node-b   <unknown>    <unknown>   <unknown>       <unknown>   ',
        '',
      ].join('\n'),
    );
  });

  it("answers kubectl's errors", async () => {
    await twoSamples();
    const cases: [string, string][] = [
      ['kubectl top pod --sort-by=name', 'error: --sort-by accepts only cpu or memory\n'],
      ['kubectl top pod web-1 -l app=web', 'error: only one of NAME or selector can be provided\n'],
      ['kubectl top pod a b', 'error: unexpected arguments: [b]\n'],
      ['kubectl top node node-a -l x=y', 'error: only one of NAME or --selector can be provided\n'],
      ['kubectl top pod nope', 'Error from server (NotFound): pod "nope" not found\n'],
    ];
    for (const [line, stderr] of cases) {
      const r = await k.run(line);
      expect(r.stderr, line).to.equal(stderr);
      expect(r.exitCode, line).to.equal(1);
    }
    const none = await k.run('kubectl top pod -n empty');
    expect(none.stderr).to.equal('No resources found in empty namespace.\n');
    expect(none.exitCode).to.equal(0);
  });

  it('reports a pod too old to still lack metrics', async () => {
    await twoSamples();
    await pod(k, 'late-1', ['main']);
    await k.clock.advance(150_000);
    const r = await k.run('kubectl top pod late-1');
    expect(r.stderr).to.equal(
      'Error from server (NotFound): podmetrics.metrics.k8s.io "default/late-1" not found\n',
    );
    const list = await k.run('kubectl top pod -l app=late');
    expect(list.stderr).to.equal(
      'error: Metrics not available for pod default/late-1, age: 2m30s\n',
    );
  });

  it('lists the metrics API in api-resources', async () => {
    const r = await k.run('kubectl api-resources --api-group=metrics.k8s.io');
    expect(r.stdout).to.equal(
      [
        'NAME    SHORTNAMES   APIVERSION               NAMESPACED   KIND',
        'nodes                metrics.k8s.io/v1beta1   false        NodeMetrics',
        'pods                 metrics.k8s.io/v1beta1   true         PodMetrics',
        '',
      ].join('\n'),
    );
  });
});
