import { expect } from '@esm-bundle/chai';
import { deployments, pods, replicasets } from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import type { Deployment, ReplicaSet } from '../../../src/kernel/types/apps.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import { rolledOut, startCluster, type KubectlCluster } from './cluster-fixture.ts';

describe('kubectl rollout', () => {
  let c: KubectlCluster;
  beforeEach(async () => {
    c = await startCluster();
  });
  afterEach(() => c.stop());

  async function deployed(name = 'web', image = 'nginx:1.25', replicas = 2) {
    await c.createDeployment(name, image, replicas);
    await c.settle(rolledOut(c, name));
  }

  async function imageSet(image: string, cause?: string) {
    await c.kernel.client.patch(
      deployments,
      'default',
      'web',
      {
        ...(cause ? { metadata: { annotations: { 'kubernetes.io/change-cause': cause } } } : {}),
        spec: { template: { spec: { containers: [{ name: 'web', image }] } } },
      },
      'strategic',
    );
    await c.settle(rolledOut(c, 'web'));
  }

  it('alone prints its subcommands and exits 1; an unknown one is a usage error', async () => {
    const r = await c.run('rollout');
    expect(r.exitCode).to.equal(1);
    expect(r.stdout).to.contain(
      'Available Commands:\n' +
        '  history     View rollout history\n' +
        '  pause       Mark the provided resource as paused\n' +
        '  restart     Restart a resource\n' +
        '  resume      Resume a paused resource\n' +
        '  status      Show the status of the rollout\n' +
        '  undo        Undo a previous rollout\n',
    );
    expect(await c.run('rollout stats deployment/web')).to.deep.equal({
      stdout: '',
      stderr:
        'error: unknown command "stats deployment/web"\nSee \'kubectl rollout -h\' for help and examples\n',
      exitCode: 1,
    });
  });

  describe('status', () => {
    it('watches a rollout until it is done, printing each state it sees', async () => {
      await c.createDeployment('web', 'nginx:1.25', 2);
      const running = c.run('rollout status deployment/web');
      let result: Awaited<typeof running> | undefined;
      void running.then((r) => (result = r));
      await c.settle(async () => result !== undefined);
      // As kubectl, one line per watch event, repeats included.
      expect(result).to.deep.equal({
        stdout:
          'Waiting for deployment spec update to be observed...\n' +
          'Waiting for deployment spec update to be observed...\n' +
          'Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...\n' +
          'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...\n' +
          'Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...\n' +
          'deployment "web" successfully rolled out\n',
        stderr: '',
        exitCode: 0,
      });
    });

    it('prints a finished rollout once and returns', async () => {
      await deployed();
      expect(await c.run('rollout status deploy web')).to.deep.equal({
        stdout: 'deployment "web" successfully rolled out\n',
        stderr: '',
        exitCode: 0,
      });
    });

    it('with --watch=false prints the current state once (a paused Deployment still scales)', async () => {
      await deployed();
      await c.kernel.client.patch(deployments, 'default', 'web', { spec: { paused: true } });
      await c.kernel.client.patch(deployments, 'default', 'web', { spec: { replicas: 3 } });
      await c.clock.advance(200);
      const r = await c.run('rollout status deployment/web --watch=false');
      expect(r).to.deep.equal({
        stdout:
          'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n',
        stderr: '',
        exitCode: 0,
      });
    });

    it('times out in cluster time', async () => {
      await deployed();
      await c.kernel.client.patch(deployments, 'default', 'web', { spec: { paused: true } });
      await c.kernel.client.patch(deployments, 'default', 'web', { spec: { replicas: 3 } });
      await c.clock.advance(200);
      const running = c.run('rollout status deployment/web --timeout=2s');
      await c.clock.advance(1_900);
      let done = false;
      void running.then(() => (done = true));
      await c.clock.advance(0);
      expect(done).to.equal(false);
      await c.clock.advance(200);
      expect(await running).to.deep.equal({
        stdout:
          'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n',
        stderr: 'error: timed out waiting for the condition\n',
        exitCode: 1,
      });
    });

    it('stops on Ctrl-C', async () => {
      await deployed();
      await c.kernel.client.patch(deployments, 'default', 'web', { spec: { paused: true } });
      await c.kernel.client.patch(deployments, 'default', 'web', { spec: { replicas: 3 } });
      await c.clock.advance(200);
      const abort = new AbortController();
      const running = c.run('rollout status deployment/web', abort.signal);
      await c.clock.advance(100);
      abort.abort();
      const r = await running;
      expect(r.exitCode).to.equal(1);
      expect(r.stderr).to.equal('');
    });

    it('refuses a pinned revision that is not the running one', async () => {
      await deployed();
      expect(await c.run('rollout status deployment/web --revision=3')).to.deep.equal({
        stdout: '',
        stderr: 'error: desired revision (3) is different from the running revision (1)\n',
        exitCode: 1,
      });
    });

    const errors: [string, string][] = [
      ['rollout status', 'error: required resource not specified\n'],
      [
        'rollout status deployment/nope',
        'Error from server (NotFound): deployments.apps "nope" not found\n',
      ],
      [
        'rollout status deployment/web --timeout=soon',
        `error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\nSee 'kubectl rollout status -h' for help and examples\n`,
      ],
      [
        'rollout status statefulset/web',
        'Error from server (NotFound): statefulsets.apps "web" not found\n',
      ],
    ];
    for (const [line, stderr] of errors) {
      it(`fails: ${line}`, async () => {
        expect(await c.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
      });
    }

    it('has no status viewer for pods', async () => {
      await deployed();
      const pod = (await c.kernel.client.list<Pod>(pods, 'default')).items[0];
      expect(await c.run(`rollout status pod/${pod.metadata.name}`)).to.deep.equal({
        stdout: '',
        stderr: 'error: no status viewer has been implemented for Pod\n',
        exitCode: 1,
      });
    });
  });

  describe('history', () => {
    it('lists revisions with their change causes', async () => {
      await deployed();
      await imageSet('nginx:1.26', 'image 1.26');
      expect(await c.run('rollout history deployment/web')).to.deep.equal({
        stdout:
          'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image 1.26\n\n',
        stderr: '',
        exitCode: 0,
      });
    });

    it('shows the pod template of one revision', async () => {
      await deployed();
      await imageSet('nginx:1.26');
      const rs = (await c.kernel.client.list<ReplicaSet>(replicasets, 'default')).items.find(
        (r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === '1',
      )!;
      const hash = rs.metadata.labels!['pod-template-hash'];
      expect(await c.run('rollout history deployment/web --revision=1')).to.deep.equal({
        stdout:
          'deployment.apps/web with revision #1\n' +
          'Pod Template:\n' +
          `  Labels:\tapp=web\n\tpod-template-hash=${hash}\n` +
          '  Containers:\n' +
          '   web:\n' +
          '    Image:\tnginx:1.25\n' +
          '    Port:\t<none>\n' +
          '    Host Port:\t<none>\n' +
          '    Environment:\t<none>\n' +
          '    Mounts:\t<none>\n' +
          '  Volumes:\t<none>\n' +
          '  Node-Selectors:\t<none>\n' +
          '  Tolerations:\t<none>\n\n',
        stderr: '',
        exitCode: 0,
      });
    });

    it('refuses an unknown revision', async () => {
      await deployed();
      expect(await c.run('rollout history deployment/web --revision=7')).to.deep.equal({
        stdout: '',
        stderr: 'error: unable to find the specified revision\n',
        exitCode: 1,
      });
    });
  });

  describe('undo', () => {
    it('rolls back to the previous template, then skips when already there', async () => {
      await deployed();
      await imageSet('nginx:1.26');
      expect(await c.run('rollout undo deployment/web')).to.deep.equal({
        stdout: 'deployment.apps/web rolled back\n',
        stderr: '',
        exitCode: 0,
      });
      const d = await c.kernel.client.get<Deployment>(deployments, 'default', 'web');
      expect(d.spec.template.spec.containers[0].image).to.equal('nginx:1.25');
      expect(d.spec.template.metadata?.labels).to.deep.equal({ app: 'web' });
      await c.settle(rolledOut(c, 'web'));
      expect((await c.run('rollout history deployment/web')).stdout).to.equal(
        'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
      );
      expect(await c.run('rollout undo deployment/web --to-revision=3')).to.deep.equal({
        stdout:
          'deployment.apps/web skipped rollback (current template already matches revision 3)\n',
        stderr: '',
        exitCode: 0,
      });
    });

    it('rolls back to a named revision', async () => {
      await deployed();
      await imageSet('nginx:1.26');
      await imageSet('nginx:1.27');
      expect((await c.run('rollout undo deployment/web --to-revision=1')).stdout).to.equal(
        'deployment.apps/web rolled back\n',
      );
      const d = await c.kernel.client.get<Deployment>(deployments, 'default', 'web');
      expect(d.spec.template.spec.containers[0].image).to.equal('nginx:1.25');
    });

    it('fails without history, for a missing revision, and when paused', async () => {
      await deployed();
      expect(await c.run('rollout undo deployment/web')).to.deep.equal({
        stdout: '',
        stderr: 'error: no rollout history found for deployment "web"\n',
        exitCode: 1,
      });
      expect((await c.run('rollout undo deployment/web --to-revision=5')).stderr).to.equal(
        'error: unable to find specified revision 5 in history\n',
      );
      await imageSet('nginx:1.26');
      await c.run('rollout pause deployment/web');
      expect((await c.run('rollout undo deployment/web')).stderr).to.equal(
        "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
      );
    });
  });

  describe('pause, resume, restart', () => {
    it('pauses and resumes, refusing to repeat either', async () => {
      await deployed();
      expect(await c.run('rollout pause deployment/web')).to.deep.equal({
        stdout: 'deployment.apps/web paused\n',
        stderr: '',
        exitCode: 0,
      });
      expect(await c.run('rollout pause deployment/web')).to.deep.equal({
        stdout: '',
        stderr: 'error: deployments.apps "web" is already paused\n',
        exitCode: 1,
      });
      expect(await c.run('rollout restart deployment/web')).to.deep.equal({
        stdout: '',
        stderr:
          'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n',
        exitCode: 1,
      });
      expect(await c.run('rollout resume deployment/web')).to.deep.equal({
        stdout: 'deployment.apps/web resumed\n',
        stderr: '',
        exitCode: 0,
      });
      expect((await c.run('rollout resume deployment/web')).stderr).to.equal(
        'error: deployments.apps "web" is not paused\n',
      );
      const d = await c.kernel.client.get<Deployment>(deployments, 'default', 'web');
      expect(d.spec.paused).to.equal(undefined);
    });

    it('restarts by stamping the template, once per second', async () => {
      await deployed();
      const at = rfc3339(c.clock.now());
      expect(await c.run('rollout restart deployment/web')).to.deep.equal({
        stdout: 'deployment.apps/web restarted\n',
        stderr: '',
        exitCode: 0,
      });
      const d = await c.kernel.client.get<Deployment>(deployments, 'default', 'web');
      expect(d.spec.template.metadata?.annotations).to.deep.equal({
        'kubectl.kubernetes.io/restartedAt': at,
      });
      expect(await c.run('rollout restart deployment/web')).to.deep.equal({
        stdout: '',
        stderr:
          'error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another\n',
        exitCode: 1,
      });
      await c.settle(rolledOut(c, 'web'));
      expect((await c.run('rollout history deploy/web')).stdout).to.equal(
        'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
      );
    });

    it('says when nothing matched', async () => {
      expect(await c.run('rollout restart deployment')).to.deep.equal({
        stdout: '',
        stderr: 'No resources found in default namespace.\n',
        exitCode: 0,
      });
    });
  });
});
