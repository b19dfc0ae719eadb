import { expect } from '@esm-bundle/chai';
import { deployments } from '../../../src/kernel/api/resources.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

async function manifest(path: string): Promise<string> {
  return (await fetch(new URL(`../api/validation/manifests/${path}`, import.meta.url))).text();
}

interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string }[];
  ports?: { containerPort: number }[];
}
type Deployment = KubeObject & {
  spec: { replicas: number; template: { spec: { containers: Container[] } } };
};

const web = (containers: string, replicas = 1) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
${containers}`;

const nginx = `      - name: nginx
        image: nginx:1.14.2
        env:
        - name: A
          value: "1"
        - name: B
          value: "2"
`;
const sidecar = `      - name: sidecar
        image: busybox
`;

describe('kubectl apply', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
  });
  const containers = async (name = 'web') =>
    (await k.client.get<Deployment>(deployments, 'default', name)).spec.template.spec.containers;

  it('creates, leaves unchanged, then configures the tutorial deployment', async () => {
    k.files.set('nginx-deployment.yaml', await manifest('controllers/nginx-deployment.yaml'));
    expect(await k.run('apply -f nginx-deployment.yaml')).to.deep.equal({
      stdout: 'deployment.apps/nginx-deployment created\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await k.run('apply -f nginx-deployment.yaml')).to.deep.equal({
      stdout: 'deployment.apps/nginx-deployment unchanged\n',
      stderr: '',
      exitCode: 0,
    });
    k.files.set('deployment-update.yaml', await manifest('application/deployment-update.yaml'));
    expect(await k.run('apply -f deployment-update.yaml')).to.deep.equal({
      stdout: 'deployment.apps/nginx-deployment configured\n',
      stderr: '',
      exitCode: 0,
    });
    const d = await k.client.get<Deployment>(deployments, 'default', 'nginx-deployment');
    expect(d.spec.replicas).to.equal(2);
    expect(d.spec.template.spec.containers[0].image).to.equal('nginx:1.16.1');
    // The labels were in the last applied manifest and are not in this one: removed.
    expect(d.metadata.labels).to.equal(undefined);
    k.files.set('deployment-scale.yaml', await manifest('application/deployment-scale.yaml'));
    expect((await k.run('apply -f deployment-scale.yaml')).stdout).to.equal(
      'deployment.apps/nginx-deployment configured\n',
    );
    k.files.set('deployment.yaml', await manifest('application/deployment.yaml'));
    expect((await k.run('apply -f deployment.yaml')).stdout).to.equal(
      'deployment.apps/nginx-deployment configured\n',
    );
    expect((await k.run('apply -f deployment.yaml')).stdout).to.equal(
      'deployment.apps/nginx-deployment unchanged\n',
    );
  });

  it('removes a container field, an env var and a whole container dropped from the file', async () => {
    k.files.set('web.yaml', web(nginx + sidecar));
    await k.run('apply -f web.yaml');
    k.files.set(
      'web.yaml',
      web(`      - name: nginx
        image: nginx:1.14.2
        env:
        - name: B
          value: "2"
`),
    );
    expect((await k.run('apply -f web.yaml')).stdout).to.equal('deployment.apps/web configured\n');
    const after = await containers();
    expect(after.map((c) => c.name)).to.deep.equal(['nginx']);
    expect(after[0].env).to.deep.equal([{ name: 'B', value: '2' }]);
    k.files.set('web.yaml', web(`      - name: nginx\n        image: nginx:1.14.2\n`));
    await k.run('apply -f web.yaml');
    expect((await containers())[0].env).to.equal(undefined);
    expect((await k.run('apply -f web.yaml')).stdout).to.equal('deployment.apps/web unchanged\n');
  });

  it('reads stdin, several files and several documents in order', async () => {
    k.files.set(
      'a.yaml',
      `${web(sidecar)}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n`,
    );
    k.context.stdin =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
    expect(await k.run('apply -f a.yaml -f -')).to.deep.equal({
      stdout: 'deployment.apps/web created\nnamespace/team created\npod/p created\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await k.run('apply -f a.yaml -o name')).stdout).to.equal(
      'deployment.apps/web\nnamespace/team\n',
    );
  });

  it('warns when the live object was created imperatively, then patches the annotation in', async () => {
    expect((await k.run('create deployment web --image=busybox')).exitCode).to.equal(0);
    k.files.set('web.yaml', web(`      - name: busybox\n        image: busybox\n`));
    expect(await k.run('apply -f web.yaml')).to.deep.equal({
      stdout: 'deployment.apps/web configured\n',
      stderr:
        'Warning: resource deployments.apps/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
      exitCode: 0,
    });
    expect(await k.run('apply -f web.yaml')).to.deep.equal({
      stdout: 'deployment.apps/web unchanged\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('dry runs change nothing', async () => {
    k.files.set('web.yaml', web(sidecar));
    expect((await k.run('apply -f web.yaml --dry-run=client')).stdout).to.equal(
      'deployment.apps/web created (dry run)\n',
    );
    expect((await k.run('apply -f web.yaml --dry-run=server')).stdout).to.equal(
      'deployment.apps/web created (server dry run)\n',
    );
    expect((await k.client.list(deployments, 'default')).items).to.have.length(0);
  });

  const errors: [string, string, string, string][] = [
    [
      'a YAML syntax error',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: a: b\n',
      '',
      'error: error parsing x.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\n',
    ],
    [
      'a document without apiVersion and kind',
      'metadata:\n  name: x\n',
      '',
      'error: error validating "x.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n',
    ],
    [
      'a kind the server does not have',
      'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\n',
      '',
      'resource mapping not found for name: "web" namespace: "default" from "x.yaml": no matches for kind "ReplicationController" in version "v1"\nensure CRDs are installed first\n',
    ],
    [
      'a missing namespace',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  namespace: nope\nspec:\n  containers:\n  - name: c\n    image: busybox\n',
      '',
      'Error from server (NotFound): error when creating "x.yaml": namespaces "nope" not found\n',
    ],
  ];
  for (const [what, text, stdout, stderr] of errors) {
    it(`reports ${what} with its source`, async () => {
      k.files.set('x.yaml', text);
      const r = await k.run('apply -f x.yaml');
      expect(r.stdout).to.equal(stdout);
      if (stderr.endsWith('\n')) expect(r.stderr).to.equal(stderr);
      else expect(r.stderr.startsWith(stderr), r.stderr).to.equal(true);
      expect(r.exitCode).to.equal(1);
    });
  }

  it('applies the documents before a bad one and reports it after them', async () => {
    k.files.set('x.yaml', `${web(sidecar)}---\nmetadata:\n  name: y\n`);
    expect(await k.run('apply -f x.yaml')).to.deep.equal({
      stdout: 'deployment.apps/web created\n',
      stderr:
        'error: error validating "x.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n',
      exitCode: 1,
    });
  });

  it('refuses empty input, a missing file and no -f', async () => {
    k.files.set('empty.yaml', '# nothing\n');
    expect(await k.run('apply -f empty.yaml')).to.deep.equal({
      stdout: '',
      stderr: 'error: no objects passed to apply\n',
      exitCode: 1,
    });
    expect(await k.run('apply -f missing.yaml')).to.deep.equal({
      stdout: '',
      stderr: 'error: the path "missing.yaml" does not exist\n',
      exitCode: 1,
    });
    expect(await k.run('apply')).to.deep.equal({
      stdout: '',
      stderr:
        "error: must specify one of -f and -k\nSee 'kubectl apply -h' for help and examples\n",
      exitCode: 1,
    });
  });
});
