import { expect } from '@esm-bundle/chai';
import { deployments, statefulsets } from '../../../src/kernel/api/resources.ts';
import type { Deployment } from '../../../src/kernel/types/apps.ts';
import type { StatefulSet } from '../../../src/kernel/types/statefulset.ts';
import type { Container } from '../../../src/kernel/types/core.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const template = (name: string, containers: Container[]) => ({
  selector: { matchLabels: { app: name } },
  template: { metadata: { labels: { app: name } }, spec: { containers } },
});

describe('kubectl set resources', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
    await k.client.create<Deployment>(deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx' },
      spec: {
        replicas: 1,
        ...template('nginx', [
          { name: 'nginx', image: 'nginx:1.14.2', resources: { requests: { memory: '64Mi' } } },
          { name: 'sidecar', image: 'busybox' },
        ]),
      },
    });
  });

  const resourcesOf = async () =>
    (
      await k.client.get<Deployment>(deployments, 'default', 'nginx')
    ).spec.template.spec.containers.map((c) => c.resources ?? {});

  it("sets one container's limits, the docs' example", async () => {
    expect(
      await k.run('set resources deployment nginx -c=nginx --limits=cpu=200m,memory=512Mi'),
    ).to.deep.equal({
      stdout: 'deployment.apps/nginx resource requirements updated\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await resourcesOf()).to.deep.equal([
      { limits: { cpu: '200m', memory: '512Mi' }, requests: { memory: '64Mi' } },
      {},
    ]);
  });

  it('merges into every container by default, in canonical spelling; the same values change nothing', async () => {
    expect(
      (await k.run('set resources deployment/nginx --limits=cpu=0.5 --requests=cpu=100m')).stdout,
    ).to.equal('deployment.apps/nginx resource requirements updated\n');
    expect(await resourcesOf()).to.deep.equal([
      { limits: { cpu: '500m' }, requests: { memory: '64Mi', cpu: '100m' } },
      { limits: { cpu: '500m' }, requests: { cpu: '100m' } },
    ]);
    const generation = (await k.client.get<Deployment>(deployments, 'default', 'nginx')).metadata
      .generation;
    expect(await k.run('set resources deployment/nginx --limits=cpu=500m')).to.deep.equal({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
    expect(
      (await k.client.get<Deployment>(deployments, 'default', 'nginx')).metadata.generation,
    ).to.equal(generation);
  });

  it('sets a StatefulSet template, by label selector', async () => {
    await k.client.create<StatefulSet>(statefulsets, 'default', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', labels: { tier: 'db' } },
      spec: {
        serviceName: 'web',
        replicas: 1,
        ...template('web', [{ name: 'db', image: 'redis' }]),
      },
    });
    expect(
      (await k.run('set resources statefulsets -l tier=db --requests=memory=1Gi')).stdout,
    ).to.equal('statefulset.apps/web resource requirements updated\n');
    const sts = await k.client.get<StatefulSet>(statefulsets, 'default', 'web');
    expect(sts.spec.template.spec.containers[0].resources).to.deep.equal({
      requests: { memory: '1Gi' },
    });
  });

  const errors: [string, string][] = [
    [
      'set resources deployment/nginx',
      'error: you must specify an update to requests or limits (in the form of --requests/--limits)\n',
    ],
    [
      'set resources deployment/nginx --limits=cpu',
      'error: Invalid argument syntax cpu, expected <resource>=<value>\n',
    ],
    [
      'set resources deployment/nginx --limits=cpu=lots',
      "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n",
    ],
    [
      'set resources deployment/nginx -c db --limits=cpu=1',
      'error: unable to find container named db\n',
    ],
    [
      'set resources deployments --all -l app=nginx --limits=cpu=1',
      'error: cannot set --all and --selector at the same time\n',
    ],
    [
      'set resources deployment/nope --limits=cpu=1',
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    ],
  ];
  for (const [line, stderr] of errors) {
    it(`fails: ${line}`, async () => {
      expect(await k.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
    });
  }
});
