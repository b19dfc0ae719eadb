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

describe('kubectl run -i', () => {
  /** Runs `line`, then plays the kubelet: the pod runs `status`, its log is `log`, time moves on. */
  async function attached(
    line: string,
    terminated: { exitCode: number; reason: string },
    log: string,
  ) {
    const k = await startKubectl({ 'default/bb/bb': log });
    const running = k.run(line);
    let result: Awaited<typeof running> | undefined;
    void running.then((r) => (result = r));
    for (let i = 0; i < 20 && result === undefined; i++) {
      try {
        const pod = await k.client.get(pods, 'default', 'bb');
        if (!(pod as { status?: { phase?: string } }).status?.phase?.match(/Succeeded|Failed/)) {
          await k.client.updateStatus(pods, {
            ...pod,
            status: {
              phase: terminated.exitCode === 0 ? 'Succeeded' : 'Failed',
              containerStatuses: [
                {
                  name: 'bb',
                  image: 'busybox',
                  imageID: '',
                  ready: false,
                  restartCount: 0,
                  state: {
                    terminated: {
                      ...terminated,
                      startedAt: '2026-01-01T00:00:00Z',
                      finishedAt: '2026-01-01T00:00:01Z',
                    },
                  },
                },
              ],
            },
          });
        }
      } catch {
        // Not created yet.
      }
      await k.clock.advance(1000);
    }
    return { k, result: await running };
  }

  it('shows the container output, deletes the pod with --rm and returns its exit code', async () => {
    const { k, result } = await attached(
      'run -it --rm --restart=Never bb --image=busybox -- wget -qO- http://web',
      { exitCode: 0, reason: 'Completed' },
      'Hostname: web-1\n',
    );
    expect(result).to.deep.equal({
      stdout: 'Hostname: web-1\npod "bb" deleted from default namespace\n',
      stderr: "If you don't see a command prompt, try pressing enter.\n",
      exitCode: 0,
    });
    const left = await k.client.list(pods, 'default');
    expect(left.items.map((p) => p.metadata.name)).to.deep.equal([]);
  });

  it('asks for stdin and tty in the pod, and reports a failed container', async () => {
    const { k, result } = await attached(
      'run -i --restart=Never bb --image=busybox -- sh -c "exit 3"',
      { exitCode: 3, reason: 'Error' },
      '',
    );
    expect(result).to.deep.equal({
      stdout: '',
      stderr: 'pod default/bb terminated (Error)\n',
      exitCode: 3,
    });
    const pod = (await k.client.get(pods, 'default', 'bb')) as unknown as Pod;
    expect([
      pod.spec.containers[0].stdin,
      pod.spec.containers[0].stdinOnce,
      pod.spec.containers[0].tty,
    ]).to.deep.equal([true, true, undefined]);
  });

  it('refuses -t without -i, --rm without attaching, and a dry run', async () => {
    const k = await startKubectl();
    expect((await k.run('run x --image=busybox -t')).stderr).to.equal(
      'error: -i/--stdin is required for containers with -t/--tty=true\n',
    );
    expect((await k.run('run x --image=busybox --rm')).stderr).to.equal(
      'error: --rm should only be used for attached containers\n',
    );
    expect((await k.run('run x --image=busybox -i --dry-run=client')).stderr).to.equal(
      "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\n",
    );
  });
});
