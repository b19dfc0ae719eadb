import { expect } from '@esm-bundle/chai';
import { deployments, namespaces } from '../../../src/kernel/api/resources.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const deploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
`;

describe('kubectl create', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
  });

  it('creates from a file, then reports AlreadyExists with the file', async () => {
    k.files.set('x.yaml', deploymentYaml);
    expect(await k.run('create -f x.yaml')).to.deep.equal({
      stdout: 'deployment.apps/web created\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await k.run('create -f x.yaml')).to.deep.equal({
      stdout: '',
      stderr:
        'Error from server (AlreadyExists): error when creating "x.yaml": deployments.apps "web" already exists\n',
      exitCode: 1,
    });
    // create does not record the last applied configuration.
    const d = await k.client.get(deployments, 'default', 'web');
    expect(d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).to.equal(
      undefined,
    );
  });

  it('--save-config records the object for a later apply', async () => {
    k.files.set('x.yaml', deploymentYaml);
    await k.run('create -f x.yaml --save-config');
    expect(await k.run('apply -f x.yaml')).to.deep.equal({
      stdout: 'deployment.apps/web unchanged\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('refuses empty input', async () => {
    k.files.set('e.yaml', '');
    expect(await k.run('create -f e.yaml')).to.deep.equal({
      stdout: '',
      stderr: 'error: no objects passed to create\n',
      exitCode: 1,
    });
  });

  it('generates a deployment as kubectl does', async () => {
    expect(
      await k.run(
        'create deployment web --image=registry.example/team/nginx:1.25 --replicas=3 --port=80',
      ),
    ).to.deep.equal({ stdout: 'deployment.apps/web created\n', stderr: '', exitCode: 0 });
    const d = await k.client.get(deployments, 'default', 'web');
    expect(d.metadata.labels).to.deep.equal({ app: 'web' });
    const spec = d.spec as {
      replicas: number;
      selector: unknown;
      template: { metadata: { labels: unknown }; spec: { containers: Record<string, unknown>[] } };
    };
    expect(spec.replicas).to.equal(3);
    expect(spec.selector).to.deep.equal({ matchLabels: { app: 'web' } });
    expect(spec.template.metadata.labels).to.deep.equal({ app: 'web' });
    const [c] = spec.template.spec.containers;
    expect(c.name).to.equal('nginx');
    expect(c.image).to.equal('registry.example/team/nginx:1.25');
    expect(c.ports).to.deep.equal([{ containerPort: 80, protocol: 'TCP' }]);
    expect(await k.run('create deployment web --image=nginx')).to.deep.equal({
      stdout: '',
      stderr: 'error: failed to create deployment: deployments.apps "web" already exists\n',
      exitCode: 1,
    });
  });

  it('names each container after its image', async () => {
    await k.run('create deployment two --image=nginx@sha256:abc --image=my_app:v1 -- sleep 10');
    const d = await k.client.get(deployments, 'default', 'two');
    const containers = (d.spec as { template: { spec: { containers: Record<string, unknown>[] } } })
      .template.spec.containers;
    expect(containers.map((c) => [c.name, c.image, c.command])).to.deep.equal([
      ['nginx', 'nginx@sha256:abc', ['sleep', '10']],
      ['my-app', 'my_app:v1', ['sleep', '10']],
    ]);
  });

  const usage: [string, string][] = [
    ['create deployment web', 'error: required flag(s) "image" not set\n'],
    [
      'create deployment --image=nginx',
      "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n",
    ],
  ];
  for (const [line, stderr] of usage) {
    it(`refuses: ${line}`, async () => {
      expect(await k.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
    });
  }

  it('creates a namespace, and reports one that exists', async () => {
    expect(await k.run('create namespace team')).to.deep.equal({
      stdout: 'namespace/team created\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await k.client.get(namespaces, undefined, 'team')).metadata.name).to.equal('team');
    expect(await k.run('create ns team')).to.deep.equal({
      stdout: '',
      stderr: 'Error from server (AlreadyExists): namespaces "team" already exists\n',
      exitCode: 1,
    });
  });

  it('dry runs print without creating', async () => {
    expect((await k.run('create namespace team --dry-run=client')).stdout).to.equal(
      'namespace/team created (dry run)\n',
    );
    expect((await k.run('create deployment web --image=nginx --dry-run=server')).stdout).to.equal(
      'deployment.apps/web created (server dry run)\n',
    );
    expect((await k.client.list(deployments, 'default')).items).to.have.length(0);
  });
});
