import { expect } from '@esm-bundle/chai';
import { pods } from '../../../src/kernel/api/resources.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const pod = (name: string, labels: Record<string, string>) => ({
  metadata: { name, labels, annotations: { note: 'old' } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('kubectl label and annotate', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
    await k.client.create(pods, 'default', pod('a', { version: 'v1', app: 'x' }));
    await k.client.create(pods, 'default', pod('b', { app: 'y' }));
  });
  const labels = async (name: string) =>
    (await k.client.get(pods, 'default', name)).metadata.labels;

  const steps: [string, string, string][] = [
    ['label pod a tier=web', 'pod/a labeled\n', ''],
    ['label pod a tier=web', 'pod/a not labeled\n', ''],
    ['label pod a tier-', 'pod/a unlabeled\n', ''],
    ['label pod a version=v2 --overwrite', 'pod/a labeled\n', ''],
    ['label pod a version=v3 tier=x app- --overwrite', 'pod/a label(s) changed\n', ''],
    ['label pod a gone-', 'label "gone" not found.\npod/a not labeled\n', ''],
  ];
  it('labels, relabels and unlabels', async () => {
    for (const [line, stdout, stderr] of steps) {
      expect(await k.run(line), line).to.deep.equal({ stdout, stderr, exitCode: 0 });
    }
    expect(await labels('a')).to.deep.equal({ version: 'v3', tier: 'x' });
  });

  it('refuses to overwrite without --overwrite', async () => {
    expect(await k.run('label pod a version=v2')).to.deep.equal({
      stdout: '',
      stderr: "error: 'version' already has a value (v1), and --overwrite is false\n",
      exitCode: 1,
    });
    expect(await labels('a')).to.deep.equal({ version: 'v1', app: 'x' });
  });

  it('labels by selector and --all', async () => {
    expect((await k.run('label pods -l app=y team=blue')).stdout).to.equal('pod/b labeled\n');
    expect((await k.run('label pods --all env=dev -o name')).stdout).to.equal('pod/a\npod/b\n');
    expect(await labels('b')).to.deep.equal({ app: 'y', team: 'blue', env: 'dev' });
  });

  const usage: [string, string][] = [
    ['label pod a', 'error: at least one label update is required\n'],
    [
      'label version=v2',
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n',
    ],
    ['label pod a x=1 x-', 'error: can not both modify and remove a label in the same command\n'],
    ['label pod none x=1', 'Error from server (NotFound): pods "none" not found\n'],
  ];
  for (const [line, stderr] of usage) {
    it(`refuses: ${line}`, async () => {
      expect(await k.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
    });
  }

  it('annotates, with the overwrite check', async () => {
    expect(await k.run(`annotate pod a description='my frontend'`)).to.deep.equal({
      stdout: 'pod/a annotated\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await k.run('annotate pod a note=new')).to.deep.equal({
      stdout: '',
      stderr:
        "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (old)\n",
      exitCode: 1,
    });
    expect((await k.run('annotate pod a note=new --overwrite')).stdout).to.equal(
      'pod/a annotated\n',
    );
    expect((await k.run('annotate pod a description-')).stdout).to.equal('pod/a annotated\n');
    expect((await k.client.get(pods, 'default', 'a')).metadata.annotations).to.deep.equal({
      note: 'new',
    });
  });
});
