import { expect } from '@esm-bundle/chai';
import { deployments, pods, replicasets } from '../../../src/kernel/api/resources.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const workload = (kind: 'Deployment' | 'ReplicaSet', name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name, labels: { tier: 'web' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    },
  },
});

describe('kubectl scale', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
    await k.client.create(deployments, 'default', workload('Deployment', 'web', 2));
    await k.client.create(replicasets, 'default', workload('ReplicaSet', 'rs', 1));
  });
  const replicas = async () =>
    ((await k.client.get(deployments, 'default', 'web')).spec as { replicas: number }).replicas;

  it('scales deployments and replica sets', async () => {
    expect(await k.run('scale deployment web --replicas=5')).to.deep.equal({
      stdout: 'deployment.apps/web scaled\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await replicas()).to.equal(5);
    expect((await k.run('scale --replicas=0 rs/rs deploy/web')).stdout).to.equal(
      'replicaset.apps/rs scaled\ndeployment.apps/web scaled\n',
    );
    expect((await k.run('scale deploy -l tier=web --replicas=1 -o name')).stdout).to.equal(
      'deployment.apps/web\n',
    );
  });

  it('checks --current-replicas first', async () => {
    expect(await k.run('scale deploy/web --current-replicas=3 --replicas=4')).to.deep.equal({
      stdout: '',
      stderr: 'error: Expected replicas to be 3, was 2\n',
      exitCode: 1,
    });
    expect(await replicas()).to.equal(2);
    expect((await k.run('scale deploy/web --current-replicas=2 --replicas=4')).exitCode).to.equal(
      0,
    );
    expect(await replicas()).to.equal(4);
  });

  it('needs --replicas, and an object that exists', async () => {
    expect(await k.run('scale deploy/web')).to.deep.equal({
      stdout: '',
      stderr:
        'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n',
      exitCode: 1,
    });
    expect(await k.run('scale deploy/none --replicas=1')).to.deep.equal({
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "none" not found\n',
      exitCode: 1,
    });
  });

  it('dry runs leave the count', async () => {
    expect((await k.run('scale deploy/web --replicas=9 --dry-run=server')).stdout).to.equal(
      'deployment.apps/web scaled (server dry run)\n',
    );
    expect((await k.run('scale deploy/web --replicas=9 --dry-run=client')).stdout).to.equal(
      'deployment.apps/web scaled (dry run)\n',
    );
    expect(await replicas()).to.equal(2);
  });

  it('cannot scale a pod', async () => {
    await k.client.create(pods, 'default', {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const r = await k.run('scale pod p --replicas=2');
    expect(r.exitCode).to.equal(1);
    expect(r.stderr).to.equal(
      'Error from server (NotFound): the server could not find the requested resource\n',
    );
  });
});
