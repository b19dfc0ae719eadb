import { expect } from '@esm-bundle/chai';
import { deployments } from '../../../src/kernel/api/resources.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

interface Spec {
  replicas: number;
  template: { spec: { containers: { name: string; image: string }[] } };
}

describe('kubectl patch', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
    await k.client.create(deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx:1.14' },
              { name: 'side', image: 'busybox' },
            ],
          },
        },
      },
    });
  });
  const spec = async () =>
    (await k.client.get(deployments, 'default', 'web')).spec as unknown as Spec;

  it('applies a strategic merge patch by default, merging containers by name', async () => {
    expect(
      await k.run(
        `patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.16"}]}}}}'`,
      ),
    ).to.deep.equal({ stdout: 'deployment.apps/web patched\n', stderr: '', exitCode: 0 });
    expect((await spec()).template.spec.containers.map((c) => c.image)).to.deep.equal([
      'nginx:1.16',
      'busybox',
    ]);
  });

  it('says when nothing changed', async () => {
    expect(await k.run(`patch deploy/web -p '{"spec":{"replicas":1}}'`)).to.deep.equal({
      stdout: 'deployment.apps/web patched (no change)\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('takes merge and json patches, and YAML', async () => {
    await k.run(`patch deploy web --type=merge -p 'spec: {replicas: 3}'`);
    expect((await spec()).replicas).to.equal(3);
    await k.run(
      `patch deploy web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/1/image","value":"alpine"}]'`,
    );
    expect((await spec()).template.spec.containers[1].image).to.equal('alpine');
  });

  it('reports server errors and usage mistakes', async () => {
    expect(await k.run(`patch deploy none -p '{"spec":{}}'`)).to.deep.equal({
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "none" not found\n',
      exitCode: 1,
    });
    expect(await k.run(`patch deploy web`)).to.deep.equal({
      stdout: '',
      stderr: 'error: must specify --patch or --patch-file containing the contents of the patch\n',
      exitCode: 1,
    });
    expect(await k.run(`patch deploy web --type=apply -p '{}'`)).to.deep.equal({
      stdout: '',
      stderr: 'error: --type must be one of [json merge strategic], not "apply"\n',
      exitCode: 1,
    });
    const invalid = await k.run(`patch deploy web --type=merge -p '{"spec":{"replicas":-1}}'`);
    expect(invalid.exitCode).to.equal(1);
    expect(invalid.stderr).to.match(/^The Deployment "web" is invalid: spec.replicas: /);
  });

  it('dry runs change nothing', async () => {
    expect(
      (await k.run(`patch deploy web -p '{"spec":{"replicas":4}}' --dry-run=server`)).stdout,
    ).to.equal('deployment.apps/web patched (server dry run)\n');
    expect((await spec()).replicas).to.equal(1);
  });
});
