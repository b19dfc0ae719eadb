import { expect } from '@esm-bundle/chai';
import { daemonsets, pods } from '../../../src/kernel/api/resources.ts';
import { timestampAge } from '../../../src/kernel/client/duration.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { DaemonSet } from '../../../src/kernel/types/daemonset.ts';
import { startCluster, type KubectlCluster } from './cluster-fixture.ts';

describe('kubectl for DaemonSets', () => {
  let c: KubectlCluster;
  beforeEach(async () => {
    c = await startCluster();
  });
  afterEach(() => c.stop());

  const getDS = () => c.kernel.client.get<DaemonSet>(daemonsets, 'default', 'agent');

  async function created(): Promise<void> {
    await c.kernel.client.create(daemonsets, 'default', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', labels: { tier: 'node' } },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [{ name: 'agent', image: 'agent:1.0' }],
          },
        },
      },
    });
    await c.settle(rolledOut);
  }

  async function rolledOut(): Promise<boolean> {
    const s = (await getDS()).status;
    return (
      s?.observedGeneration === (await getDS()).metadata.generation &&
      s?.desiredNumberScheduled === 2 &&
      s?.updatedNumberScheduled === 2 &&
      s?.numberAvailable === 2 &&
      (await c.kernel.client.list<Pod>(pods, 'default')).items.length === 2
    );
  }

  async function age(): Promise<string> {
    return timestampAge((await getDS()).metadata.creationTimestamp, c.clock.now());
  }

  async function imageSet(image: string, cause?: string) {
    await c.kernel.client.patch(daemonsets, 'default', 'agent', {
      ...(cause ? { metadata: { annotations: { 'kubernetes.io/change-cause': cause } } } : {}),
      spec: { template: { spec: { containers: [{ name: 'agent', image }] } } },
    });
    await c.settle(rolledOut);
  }

  it('get ds prints the scheduling counts and the node selector', async () => {
    await created();
    const a = await age();
    expect(await c.run('get ds')).to.deep.equal({
      stdout:
        'NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n' +
        `agent   2         2         2       2            2           kubernetes.io/os=linux   ${a}\n`,
      stderr: '',
      exitCode: 0,
    });
    expect((await c.run('get daemonset agent -o wide')).stdout).to.equal(
      'NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE   CONTAINERS   IMAGES      SELECTOR\n' +
        `agent   2         2         2       2            2           kubernetes.io/os=linux   ${a.padEnd(3)}   agent        agent:1.0   app=agent\n`,
    );
    expect((await c.run('get all')).stdout).to.contain(
      `NAME                   DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\ndaemonset.apps/agent   2         2         2       2            2           kubernetes.io/os=linux   ${a}\n`,
    );
  });

  it('describe daemonset shows counts, pod phases, the template and events', async () => {
    await created();
    const names = (await c.kernel.client.list<Pod>(pods, 'default')).items
      .map((p) => p.metadata.name)
      .sort();
    const out = await c.run('describe ds agent');
    expect(out.exitCode).to.equal(0);
    const head =
      'Name:           agent\n' +
      'Namespace:      default\n' +
      'Selector:       app=agent\n' +
      'Node-Selector:  kubernetes.io/os=linux\n' +
      'Labels:         tier=node\n' +
      'Annotations:    deprecated.daemonset.template.generation: 1\n' +
      'Desired Number of Nodes Scheduled: 2\n' +
      'Current Number of Nodes Scheduled: 2\n' +
      'Number of Nodes Scheduled with Up-to-date Pods: 2\n' +
      'Number of Nodes Scheduled with Available Pods: 2\n' +
      'Number of Nodes Misscheduled: 0\n' +
      'Pods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n' +
      'Pod Template:\n' +
      '  Labels:  app=agent\n' +
      '  Containers:\n' +
      '   agent:\n' +
      '    Image:         agent:1.0\n';
    expect(out.stdout.startsWith(head), out.stdout).to.equal(true);
    expect(out.stdout).to.contain('  Node-Selectors:  kubernetes.io/os=linux\n');
    const events = out.stdout.slice(out.stdout.indexOf('Events:'));
    expect(events).to.match(/^Events:\n {2}Type {4}Reason {12}Age {3}From {18}Message\n/);
    for (const name of names) {
      expect(events).to.match(
        new RegExp(`Normal  SuccessfulCreate  \\S+ +daemonset-controller  Created pod: ${name}\\n`),
      );
    }
  });

  describe('rollout', () => {
    it('status follows an update to the end', async () => {
      await created();
      expect(await c.run('rollout status ds/agent')).to.deep.equal({
        stdout: 'daemon set "agent" successfully rolled out\n',
        stderr: '',
        exitCode: 0,
      });
      await c.kernel.client.patch(daemonsets, 'default', 'agent', {
        spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2.0' }] } } },
      });
      let result: Awaited<ReturnType<KubectlCluster['run']>> | undefined;
      void c.run('rollout status daemonset/agent').then((r) => (result = r));
      await c.settle(async () => result !== undefined);
      const lines = result!.stdout.split('\n').filter(Boolean);
      expect(lines[0]).to.equal('Waiting for daemon set spec update to be observed...');
      expect(lines).to.include(
        'Waiting for daemon set "agent" rollout to finish: 0 out of 2 new pods have been updated...',
      );
      expect(lines).to.include(
        'Waiting for daemon set "agent" rollout to finish: 1 out of 2 new pods have been updated...',
      );
      expect(lines[lines.length - 1]).to.equal('daemon set "agent" successfully rolled out');
    });

    it('status refuses OnDelete DaemonSets', async () => {
      await created();
      await c.kernel.client.patch(daemonsets, 'default', 'agent', {
        spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } },
      });
      expect(await c.run('rollout status ds/agent')).to.deep.equal({
        stdout: '',
        stderr: 'error: rollout status is only available for RollingUpdate strategy type\n',
        exitCode: 1,
      });
    });

    it('history lists revisions with their change cause, and one revision in detail', async () => {
      await created();
      await imageSet('agent:2.0', 'kubectl set image ds/agent agent=agent:2.0');
      expect(await c.run('rollout history ds/agent')).to.deep.equal({
        stdout:
          'daemonset.apps/agent \n' +
          'REVISION  CHANGE-CAUSE\n' +
          '1         <none>\n' +
          '2         kubectl set image ds/agent agent=agent:2.0\n\n',
        stderr: '',
        exitCode: 0,
      });
      const one = await c.run('rollout history ds/agent --revision=1');
      expect(one.stdout).to.match(
        /^daemonset\.apps\/agent with revision #1\nPod Template:\n {2}Labels:\s+app=agent\n {2}Containers:\n {3}agent:\n {4}Image:\s+agent:1\.0\n/,
      );
      expect(await c.run('rollout history ds/agent --revision=7')).to.deep.equal({
        stdout: '',
        stderr: 'error: unable to find the specified revision\n',
        exitCode: 1,
      });
    });

    it('undo restores the previous template, and skips a revision already current', async () => {
      await created();
      await imageSet('agent:2.0');
      expect(await c.run('rollout undo ds/agent')).to.deep.equal({
        stdout: 'daemonset.apps/agent rolled back\n',
        stderr: '',
        exitCode: 0,
      });
      await c.settle(rolledOut);
      const ds = await getDS();
      expect(ds.spec.template.spec.containers[0].image).to.equal('agent:1.0');
      expect(ds.metadata.annotations?.['deprecated.daemonset.template.generation']).to.equal('3');
      const images = (await c.kernel.client.list<Pod>(pods, 'default')).items.map(
        (p) => p.spec.containers[0].image,
      );
      expect(images).to.deep.equal(['agent:1.0', 'agent:1.0']);
      expect(await c.run('rollout undo ds/agent --to-revision=3')).to.deep.equal({
        stdout:
          'daemonset.apps/agent skipped rollback (current template already matches revision 3)\n',
        stderr: '',
        exitCode: 0,
      });
      expect(await c.run('rollout undo ds/agent --to-revision=9')).to.deep.equal({
        stdout: '',
        stderr: 'error: unable to find specified revision 9 in history\n',
        exitCode: 1,
      });
    });

    it('restart replaces every pod; pause is not supported', async () => {
      await created();
      const before = (await c.kernel.client.list<Pod>(pods, 'default')).items.map(
        (p) => p.metadata.name,
      );
      expect(await c.run('rollout restart ds/agent')).to.deep.equal({
        stdout: 'daemonset.apps/agent restarted\n',
        stderr: '',
        exitCode: 0,
      });
      await c.settle(async () => {
        const names = (await c.kernel.client.list<Pod>(pods, 'default')).items.map(
          (p) => p.metadata.name,
        );
        return (await rolledOut()) && names.every((n) => !before.includes(n));
      });
      expect(
        (await getDS()).spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'],
      ).to.be.a('string');
      expect(await c.run('rollout pause ds/agent')).to.deep.equal({
        stdout: '',
        stderr: 'error: daemonsets.apps "agent" pausing is not supported\n',
        exitCode: 1,
      });
    });
  });
});
