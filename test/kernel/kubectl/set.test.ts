import { expect } from '@esm-bundle/chai';
import { deployments, nodes, pods } from '../../../src/kernel/api/resources.ts';
import type { Deployment } from '../../../src/kernel/types/apps.ts';
import type { Container, Node, Pod } from '../../../src/kernel/types/core.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

function deployment(name: string, containers: Container[]): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  };
}

describe('kubectl set', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
    await k.client.create(
      deployments,
      'default',
      deployment('web', [
        { name: 'web', image: 'nginx:1.25', env: [{ name: 'MODE', value: 'prod' }] },
        { name: 'sidecar', image: 'busybox:1.36' },
      ]),
    );
  });

  const containersOf = async (name = 'web') =>
    (await k.client.get<Deployment>(deployments, 'default', name)).spec.template.spec.containers;

  it('alone prints its help on stderr and exits 1', async () => {
    const r = await k.run('set');
    expect(r.exitCode).to.equal(1);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.contain(
      'Available Commands:\n  env         Update environment variables on a pod template\n  image       Update the image of a pod template\n',
    );
  });

  describe('image', () => {
    it('updates one container', async () => {
      expect(await k.run('set image deployment/web web=nginx:1.26')).to.deep.equal({
        stdout: 'deployment.apps/web image updated\n',
        stderr: '',
        exitCode: 0,
      });
      expect((await containersOf()).map((c) => c.image)).to.deep.equal([
        'nginx:1.26',
        'busybox:1.36',
      ]);
    });

    it('updates several containers, or all with *', async () => {
      expect(
        (await k.run('set image deploy web web=nginx:1.27 sidecar=busybox:1.37')).stdout,
      ).to.equal('deployment.apps/web image updated\n');
      expect((await containersOf()).map((c) => c.image)).to.deep.equal([
        'nginx:1.27',
        'busybox:1.37',
      ]);
      expect((await k.run('set image deployment/web *=alpine')).stdout).to.equal(
        'deployment.apps/web image updated\n',
      );
      expect((await containersOf()).map((c) => c.image)).to.deep.equal(['alpine', 'alpine']);
    });

    it('records the command as the change cause with the deprecated --record', async () => {
      expect(await k.run('set image deployment/web web=nginx:1.26 --record')).to.deep.equal({
        stdout: 'deployment.apps/web image updated\n',
        stderr: 'Flag --record has been deprecated, --record will be removed in the future\n',
        exitCode: 0,
      });
      const d = await k.client.get<Deployment>(deployments, 'default', 'web');
      expect(d.metadata.annotations?.['kubernetes.io/change-cause']).to.equal(
        'kubectl set image deployment/web web=nginx:1.26 --record=true',
      );
    });

    it('prints nothing when the image is already set', async () => {
      expect(await k.run('set image deployment/web web=nginx:1.25')).to.deep.equal({
        stdout: '',
        stderr: '',
        exitCode: 0,
      });
    });

    it('sets a pod image', async () => {
      await k.client.create<Pod>(pods, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'app', image: 'hello:1.0' }] },
      });
      expect((await k.run('set image pod/p app=hello:2.0')).stdout).to.equal(
        'pod/p image updated\n',
      );
      const pod = await k.client.get<Pod>(pods, 'default', 'p');
      expect(pod.spec.containers[0].image).to.equal('hello:2.0');
    });

    it('reports an unknown container after updating the others', async () => {
      expect(await k.run('set image deployment/web web=nginx:1.26 db=postgres')).to.deep.equal({
        stdout: 'deployment.apps/web image updated\n',
        stderr: 'error: unable to find container named "db"\n',
        exitCode: 1,
      });
    });

    const errors: [string, string][] = [
      ['set image deployment/web nope=x', 'error: unable to find container named "nope"\n'],
      ['set image deployment/web', 'error: at least one image update is required\n'],
      [
        'set image deployment/web *=a web=b',
        'error: all containers are already specified by *, but saw more than one container_name=container_image pairs\n',
      ],
      [
        'set image web=nginx deployment/web',
        'error: all resources must be specified before image changes: deployment/web\n',
      ],
      [
        'set image deployment/nope web=x',
        'Error from server (NotFound): deployments.apps "nope" not found\n',
      ],
      [
        'set image web=nginx',
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
      ],
      [
        'set image node/n1 web=x',
        'error: nodes/n1 the object is not a pod or does not have a pod template: *v1.Node\n',
      ],
    ];
    for (const [line, stderr] of errors) {
      it(`fails: ${line}`, async () => {
        await k.client.create<Node>(nodes, undefined, {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: 'n1' },
        });
        expect(await k.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
      });
    }
  });

  describe('env', () => {
    it('adds, changes and removes variables in every container', async () => {
      expect(await k.run('set env deployment/web KEY=value MODE=dev')).to.deep.equal({
        stdout: 'deployment.apps/web env updated\n',
        stderr: '',
        exitCode: 0,
      });
      const [web, sidecar] = await containersOf();
      expect(web.env).to.deep.equal([
        { name: 'MODE', value: 'dev' },
        { name: 'KEY', value: 'value' },
      ]);
      expect(sidecar.env).to.deep.equal([
        { name: 'KEY', value: 'value' },
        { name: 'MODE', value: 'dev' },
      ]);
      expect((await k.run('set env deployment/web MODE- -c web')).stdout).to.equal(
        'deployment.apps/web env updated\n',
      );
      const [web2, sidecar2] = await containersOf();
      expect(web2.env).to.deep.equal([{ name: 'KEY', value: 'value' }]);
      expect(sidecar2.env).to.have.length(2);
      expect((await k.run('set env deployment/web KEY- MODE-')).stdout).to.equal(
        'deployment.apps/web env updated\n',
      );
      const [web3, sidecar3] = await containersOf();
      expect(web3.env).to.equal(undefined);
      expect(sidecar3.env).to.equal(undefined);
    });

    it('prints nothing when nothing changes', async () => {
      expect(await k.run('set env deployment/web MODE=prod -c web')).to.deep.equal({
        stdout: '',
        stderr: '',
        exitCode: 0,
      });
    });

    it('lists the environment with --list, changes included, without saving them', async () => {
      expect(await k.run('set env deployment/web --list EXTRA=1')).to.deep.equal({
        stdout:
          '# Deployment web, container web\nMODE=prod\nEXTRA=1\n# Deployment web, container sidecar\nEXTRA=1\n',
        stderr: '',
        exitCode: 0,
      });
      expect((await containersOf())[0].env).to.deep.equal([{ name: 'MODE', value: 'prod' }]);
    });

    it('refuses to overwrite with --overwrite=false', async () => {
      expect(await k.run('set env deployment/web MODE=dev --overwrite=false -c web')).to.deep.equal(
        {
          stdout: '',
          stderr:
            "error: deployments/web 'MODE' already has a value (prod), and --overwrite is false\n",
          exitCode: 1,
        },
      );
    });

    it('warns when no container matches', async () => {
      expect(await k.run('set env deployment/web A=1 -c db')).to.deep.equal({
        stdout: '',
        stderr: 'Warning: Deployment/web does not have any containers matching "db"\n',
        exitCode: 0,
      });
    });

    const errors: [string, string][] = [
      [
        'set env deployment/web 1BAD=x',
        `error: "1BAD" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n`,
      ],
      [
        'set env deployment/web A=1 A-',
        'error: can not both modify and remove the same environment variable in the same command\n',
      ],
      [
        'set env A=1',
        'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n',
      ],
      [
        'set env A=1 deployment/web',
        'error: all resources must be specified before environment changes: A=1 deployment/web\n',
      ],
    ];
    for (const [line, stderr] of errors) {
      it(`fails: ${line}`, async () => {
        expect(await k.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
      });
    }
  });
});
