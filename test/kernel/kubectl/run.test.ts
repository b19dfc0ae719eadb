import { expect } from '@esm-bundle/chai';
import { pods } from '../../../src/kernel/api/resources.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

interface Pod {
  metadata: { labels?: Record<string, string> };
  spec: { restartPolicy: string; containers: Record<string, unknown>[] };
}

describe('kubectl run', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
  });
  const get = async (name: string) => (await k.client.get(pods, 'default', name)) as unknown as Pod;

  it('creates a pod labelled run=NAME', async () => {
    expect(await k.run('run nginx --image=nginx --port=80')).to.deep.equal({
      stdout: 'pod/nginx created\n',
      stderr: '',
      exitCode: 0,
    });
    const pod = await get('nginx');
    expect(pod.metadata.labels).to.deep.equal({ run: 'nginx' });
    expect(pod.spec.restartPolicy).to.equal('Always');
    const [c] = pod.spec.containers;
    expect([c.name, c.image, c.ports]).to.deep.equal([
      'nginx',
      'nginx',
      [{ containerPort: 80, protocol: 'TCP' }],
    ]);
  });

  it('takes env, labels, restart policy and args after --', async () => {
    await k.run(
      'run job --image=busybox --env=A=1 --env B=x=y --labels=app=batch,tier=x --restart=Never -- sleep 3600',
    );
    const pod = await get('job');
    expect(pod.metadata.labels).to.deep.equal({ app: 'batch', tier: 'x' });
    expect(pod.spec.restartPolicy).to.equal('Never');
    const [c] = pod.spec.containers;
    expect(c.env).to.deep.equal([
      { name: 'A', value: '1' },
      { name: 'B', value: 'x=y' },
    ]);
    expect(c.args).to.deep.equal(['sleep', '3600']);
    await k.run('run cmd --image=busybox --command -- sh -c "echo hi"');
    expect((await get('cmd')).spec.containers[0].command).to.deep.equal(['sh', '-c', 'echo hi']);
  });

  it('reports an existing pod and prints dry runs without creating', async () => {
    await k.run('run web --image=nginx');
    expect(await k.run('run web --image=nginx')).to.deep.equal({
      stdout: '',
      stderr: 'Error from server (AlreadyExists): pods "web" already exists\n',
      exitCode: 1,
    });
    expect((await k.run('run other --image=nginx --dry-run=client')).stdout).to.equal(
      'pod/other created (dry run)\n',
    );
    expect((await k.run('run other --image=nginx -o name')).stdout).to.equal('pod/other\n');
  });

  const usage: [string, string][] = [
    ['run web', 'error: required flag(s) "image" not set\n'],
    [
      'run --image=nginx',
      "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n",
    ],
    ['run web --image=nginx --restart=Sometimes', 'error: invalid restart policy: Sometimes\n'],
    [
      'run web --image=nginx --dry-run=maybe',
      'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n',
    ],
  ];
  for (const [line, stderr] of usage) {
    it(`refuses: ${line}`, async () => {
      expect(await k.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
    });
  }
});
