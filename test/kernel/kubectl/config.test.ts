import { expect } from '@esm-bundle/chai';
import { startKubectl } from '../../helpers/kubectl.ts';

describe('kubectl config', () => {
  const cases: { line: string; stdout: string; stderr?: string; exitCode?: number }[] = [
    { line: 'config current-context', stdout: 'playground\n' },
    {
      line: `config view --minify -o jsonpath='{..namespace}'`,
      stdout: 'default',
    },
    {
      line: 'config get-contexts',
      stdout:
        'CURRENT   NAME         CLUSTER      AUTHINFO     NAMESPACE\n' +
        '*         playground   playground   playground   default\n',
    },
    { line: 'config use-context playground', stdout: 'Switched to context "playground".\n' },
    {
      line: 'config use-context prod',
      stdout: '',
      stderr: 'error: no context exists with the name: "prod"\n',
      exitCode: 1,
    },
    {
      line: 'config set-context --namespace=x',
      stdout: '',
      stderr:
        "error: you must specify a non-empty context name or --current\nSee 'kubectl config set-context -h' for help and examples\n",
      exitCode: 1,
    },
  ];
  for (const c of cases) {
    it(`kubectl ${c.line}`, async () => {
      const k = await startKubectl();
      const r = await k.run(c.line);
      expect(r.stdout).to.equal(c.stdout);
      expect(r.stderr).to.equal(c.stderr ?? '');
      expect(r.exitCode).to.equal(c.exitCode ?? 0);
    });
  }

  it('set-context --current --namespace changes the namespace later commands use', async () => {
    const k = await startKubectl();
    const r = await k.run('config set-context --current --namespace=kube-system');
    expect(r.stdout).to.equal('Context "playground" modified.\n');
    expect(k.context.config.namespace).to.equal('kube-system');
    expect((await k.run(`config view --minify -o jsonpath='{..namespace}'`)).stdout).to.equal(
      'kube-system',
    );
    expect((await k.run('get pods')).stderr).to.equal(
      'No resources found in kube-system namespace.\n',
    );
  });

  it('config view prints the kubeconfig as YAML', async () => {
    const k = await startKubectl();
    expect((await k.run('config view')).stdout).to.equal(
      [
        'apiVersion: v1',
        'clusters:',
        '- cluster:',
        '    server: https://kube-in-a-tab',
        '  name: playground',
        'contexts:',
        '- context:',
        '    cluster: playground',
        '    namespace: default',
        '    user: playground',
        '  name: playground',
        'current-context: playground',
        'kind: Config',
        'preferences: {}',
        'users:',
        '- name: playground',
        '  user:',
        '    token: REDACTED',
        '',
      ].join('\n'),
    );
  });
});
