import { expect } from '@esm-bundle/chai';
import { deployments } from '../../../src/kernel/api/resources.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

describe('kubectl edit', () => {
  let k: KubectlHarness;
  let shown: string | undefined;
  beforeEach(async () => {
    k = await startKubectl();
    shown = undefined;
    await k.client.create(deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    });
  });
  const editWith = (change: (yaml: string) => string | undefined) => {
    k.context.edit = async (yaml) => {
      shown = yaml;
      return change(yaml);
    };
  };

  it('updates the object with what the editor saved', async () => {
    editWith((yaml) => yaml.replace('replicas: 1', 'replicas: 3'));
    expect(await k.run('edit deployment/web')).to.deep.equal({
      stdout: 'deployment.apps/web edited\n',
      stderr: '',
      exitCode: 0,
    });
    expect(shown).to.match(
      /^# Please edit the object below\. Lines beginning with a '#' will be ignored,\n/,
    );
    expect(shown).to.contain('\n      containers:\n      - image: nginx\n');
    const d = await k.client.get(deployments, 'default', 'web');
    expect((d.spec as { replicas: number }).replicas).to.equal(3);
  });

  it('cancels when nothing changed, or the editor was closed', async () => {
    editWith((yaml) => yaml);
    const cancelled = { stdout: '', stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 };
    expect(await k.run('edit deploy web')).to.deep.equal(cancelled);
    editWith(() => undefined);
    expect(await k.run('edit deploy web')).to.deep.equal(cancelled);
  });

  it('reports a conflicting change and an invalid one', async () => {
    editWith((yaml) => {
      void k.client.patch(deployments, 'default', 'web', { metadata: { labels: { x: 'y' } } });
      return yaml.replace('replicas: 1', 'replicas: 2');
    });
    const conflict = await k.run('edit deploy web');
    expect(conflict.exitCode).to.equal(1);
    expect(conflict.stderr).to.match(
      /^Error from server \(Conflict\): Operation cannot be fulfilled on deployments.apps "web": /,
    );
    editWith((yaml) => yaml.replace(/replicas: \d/, 'replicas: -1'));
    const invalid = await k.run('edit deploy web');
    expect(invalid.stderr).to.match(/^The Deployment "web" is invalid: spec.replicas: /);
  });

  it('needs the page editor', async () => {
    expect(await k.run('edit deploy web')).to.deep.equal({
      stdout: '',
      stderr: 'error: the editor is not available here\n',
      exitCode: 1,
    });
  });
});
