import { expect } from '@esm-bundle/chai';
import { startKubectl } from '../../helpers/kubectl.ts';

describe('kubectl cluster-info', () => {
  it('prints the control plane address, then the dump hint after a blank line', async () => {
    const k = await startKubectl();
    expect(await k.run('cluster-info')).to.deep.equal({
      stdout: `Kubernetes control plane is running at https://127.0.0.1:6443

To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.
`,
      stderr: '',
      exitCode: 0,
    });
  });

  it('ignores other words, as kubectl does, and says dump is not there', async () => {
    const k = await startKubectl();
    expect((await k.run('cluster-info nodes')).stdout).to.equal(
      (await k.run('cluster-info')).stdout,
    );
    expect(await k.run('cluster-info dump')).to.deep.equal({
      stdout: '',
      stderr: 'error: cluster-info dump is not supported by this kubectl\n',
      exitCode: 1,
    });
  });
});
