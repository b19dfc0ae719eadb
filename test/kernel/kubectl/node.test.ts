import { expect } from '@esm-bundle/chai';
import { nodes, pods } from '../../../src/kernel/api/resources.ts';
import type { KubectlResult } from '../../../src/kernel/kubectl/kubectl.ts';
import type { Node, Pod, Taint } from '../../../src/kernel/types/core.ts';
import type { OwnerReference } from '../../../src/kernel/types/meta.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const rsOwner: OwnerReference = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: 'web-5d8f7c9b6f',
  uid: 'rs-uid',
  controller: true,
};
const dsOwner: OwnerReference = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  name: 'agent',
  uid: 'ds-uid',
  controller: true,
};

describe('kubectl node commands', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
    for (const name of ['n1', 'n2']) {
      await k.client.create<Node>(nodes, undefined, {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name },
      });
    }
  });

  async function pod(
    name: string,
    node: string,
    extra: Partial<Pod['metadata']> = {},
    volumes?: Record<string, unknown>[],
  ) {
    await k.client.create<Pod>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ...extra },
      spec: {
        nodeName: node,
        containers: [{ name: 'c', image: 'nginx' }],
        ...(volumes ? { volumes } : {}),
      },
    });
  }

  const node = (name: string) => k.client.get<Node>(nodes, undefined, name);

  /** Runs a command while playing the kubelet: graceful deletions are confirmed each second. */
  async function runWithKubelet(line: string): Promise<KubectlResult> {
    let result: KubectlResult | undefined;
    void k.run(line).then((r) => (result = r));
    for (let i = 0; i < 100 && !result; i++) {
      const list = await k.client.list<Pod>(pods, 'default');
      for (const p of list.items) {
        if (p.metadata.deletionTimestamp)
          await k.client.delete(pods, 'default', p.metadata.name!, { gracePeriodSeconds: 0 });
      }
      await k.clock.advance(500);
    }
    return result!;
  }

  describe('cordon and uncordon', () => {
    it('marks a node unschedulable once, and back', async () => {
      expect(await k.run('cordon n1')).to.deep.equal({
        stdout: 'node/n1 cordoned\n',
        stderr: '',
        exitCode: 0,
      });
      expect((await node('n1')).spec?.unschedulable).to.equal(true);
      expect((await k.run('cordon n1')).stdout).to.equal('node/n1 already cordoned\n');
      expect((await k.run('uncordon n1')).stdout).to.equal('node/n1 uncordoned\n');
      expect((await node('n1')).spec?.unschedulable).to.equal(undefined);
      expect((await k.run('uncordon n1')).stdout).to.equal('node/n1 already uncordoned\n');
    });

    const errors: [string, string][] = [
      ['cordon nope', 'Error from server (NotFound): nodes "nope" not found\n'],
      [
        'cordon',
        "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n",
      ],
      [
        'uncordon n1 -l a=b',
        "error: cannot specify both a node name and a --selector option\nSee 'kubectl uncordon -h' for help and examples\n",
      ],
    ];
    for (const [line, stderr] of errors) {
      it(`fails: ${line}`, async () => {
        expect(await k.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
      });
    }
  });

  describe('drain', () => {
    it('cordons, evicts the pods and waits until they are gone', async () => {
      await pod('web-a', 'n1', { ownerReferences: [rsOwner] });
      await pod('web-b', 'n1', { ownerReferences: [rsOwner] });
      await pod('other', 'n2', { ownerReferences: [rsOwner] });
      expect(await runWithKubelet('drain n1')).to.deep.equal({
        stdout:
          'node/n1 cordoned\nevicting pod default/web-a\nevicting pod default/web-b\npod/web-a evicted\npod/web-b evicted\nnode/n1 drained\n',
        stderr: '',
        exitCode: 0,
      });
      const left = (await k.client.list<Pod>(pods, 'default')).items.map((p) => p.metadata.name);
      expect(left).to.deep.equal(['other']);
    });

    it('refuses unmanaged pods without --force and deletes them with it', async () => {
      await pod('bare', 'n1');
      await pod('web-a', 'n1', { ownerReferences: [rsOwner] });
      expect(await k.run('drain n1')).to.deep.equal({
        stdout: 'node/n1 cordoned\n',
        stderr:
          'error: unable to drain node "n1" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...\n' +
          'There are pending nodes to be drained:\n n1\n' +
          'cannot delete Pods that declare no controller (use --force to override): default/bare\n',
        exitCode: 1,
      });
      expect(await runWithKubelet('drain n1 --force')).to.deep.equal({
        stdout:
          'node/n1 already cordoned\nevicting pod default/bare\nevicting pod default/web-a\npod/bare evicted\npod/web-a evicted\nnode/n1 drained\n',
        stderr: 'Warning: deleting Pods that declare no controller: default/bare\n',
        exitCode: 0,
      });
    });

    it('lists every reason a drain is refused', async () => {
      await pod('bare', 'n1');
      await pod('cache', 'n1', { ownerReferences: [rsOwner] }, [{ name: 'tmp', emptyDir: {} }]);
      const r = await k.run('drain n1');
      expect(r.stderr).to.equal(
        'error: unable to drain node "n1" due to error: [cannot delete Pods that declare no controller (use --force to override): default/bare, cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache], continuing command...\n' +
          'There are pending nodes to be drained:\n n1\n' +
          'cannot delete Pods that declare no controller (use --force to override): default/bare\n' +
          'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache\n',
      );
      expect(r.exitCode).to.equal(1);
      const ok = await runWithKubelet('drain n1 --force --delete-emptydir-data --grace-period=0');
      expect(ok.exitCode, ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/pod\/cache evicted\nnode\/n1 drained\n$/);
    });

    it('refuses pods of a DaemonSet that is gone unless forced, and skips mirror pods', async () => {
      await pod('agent-x', 'n1', { ownerReferences: [dsOwner] });
      await pod('static', 'n1', { annotations: { 'kubernetes.io/config.mirror': 'abc' } });
      const r = await k.run('drain n1 --ignore-daemonsets');
      expect(r.stderr).to.equal(
        'error: unable to drain node "n1" due to error: cannot delete daemonsets.apps "agent" not found: default/agent-x, continuing command...\n' +
          'There are pending nodes to be drained:\n n1\n' +
          'cannot delete daemonsets.apps "agent" not found: default/agent-x\n',
      );
      const forced = await runWithKubelet('drain n1 --ignore-daemonsets --force');
      expect(forced).to.deep.equal({
        stdout:
          'node/n1 already cordoned\nevicting pod default/agent-x\npod/agent-x evicted\nnode/n1 drained\n',
        stderr: '',
        exitCode: 0,
      });
    });

    it('gives up at --timeout in cluster time', async () => {
      await pod('web-a', 'n1', { ownerReferences: [rsOwner] });
      const running = k.run('drain n1 --timeout=3s');
      await k.clock.advance(10_000);
      expect(await running).to.deep.equal({
        stdout: 'node/n1 cordoned\nevicting pod default/web-a\n',
        stderr:
          'There are pending pods in node "n1" when an error occurred: error when waiting for pod "web-a" in namespace "default" to terminate: context deadline exceeded\n' +
          'pod/web-a\n' +
          'error: unable to drain node "n1" due to error: error when waiting for pod "web-a" in namespace "default" to terminate: context deadline exceeded, continuing command...\n' +
          'There are pending nodes to be drained:\n n1\n' +
          'error when waiting for pod "web-a" in namespace "default" to terminate: context deadline exceeded\n',
        exitCode: 1,
      });
    });

    it('drains an empty node', async () => {
      expect(await k.run('drain n2')).to.deep.equal({
        stdout: 'node/n2 cordoned\nnode/n2 drained\n',
        stderr: '',
        exitCode: 0,
      });
    });
  });

  describe('taint', () => {
    const taints = async (name = 'n1') =>
      ((await node(name)).spec?.taints ?? []).map(
        (t: Taint) => `${t.key}=${t.value ?? ''}:${t.effect}`,
      );

    it('adds, refuses to repeat without --overwrite, and removes taints', async () => {
      expect(await k.run('taint nodes n1 dedicated=gpu:NoSchedule')).to.deep.equal({
        stdout: 'node/n1 tainted\n',
        stderr: '',
        exitCode: 0,
      });
      expect(await taints()).to.deep.equal(['dedicated=gpu:NoSchedule']);
      expect(await k.run('taint nodes n1 dedicated=cpu:NoSchedule')).to.deep.equal({
        stdout: '',
        stderr:
          'error: node n1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
        exitCode: 1,
      });
      expect((await k.run('taint node n1 dedicated=cpu:NoSchedule --overwrite')).stdout).to.equal(
        'node/n1 modified\n',
      );
      expect((await k.run('taint no n1 dedicated:PreferNoSchedule')).stdout).to.equal(
        'node/n1 tainted\n',
      );
      expect(await taints()).to.deep.equal([
        'dedicated=:PreferNoSchedule',
        'dedicated=cpu:NoSchedule',
      ]);
      expect((await k.run('taint nodes n1 dedicated:NoSchedule-')).stdout).to.equal(
        'node/n1 untainted\n',
      );
      expect((await k.run('taint nodes n1 dedicated-')).stdout).to.equal('node/n1 untainted\n');
      expect((await node('n1')).spec?.taints).to.equal(undefined);
      expect(await k.run('taint nodes n1 dedicated-')).to.deep.equal({
        stdout: '',
        stderr: 'error: taint "dedicated" not found\n',
        exitCode: 1,
      });
    });

    it('taints every node with --all', async () => {
      expect((await k.run('taint nodes --all zone=a:NoExecute')).stdout).to.equal(
        'node/n1 tainted\nnode/n2 tainted\n',
      );
    });

    const errors: [string, string][] = [
      [
        'taint nodes n1 dedicated=gpu:Sometimes',
        "error: invalid taint effect: Sometimes, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n",
      ],
      [
        'taint nodes n1 dedicated=gpu',
        "error: invalid taint spec: dedicated=gpu, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\nSee 'kubectl taint -h' for help and examples\n",
      ],
      [
        'taint nodes n1 a=b=c:NoSchedule',
        "error: invalid taint spec: a=b=c:NoSchedule\nSee 'kubectl taint -h' for help and examples\n",
      ],
      [
        'taint nodes n1 a:NoSchedule a:NoSchedule',
        "error: duplicated taints with the same key and effect: {a  NoSchedule <nil>}\nSee 'kubectl taint -h' for help and examples\n",
      ],
      ['taint nodes n1', 'error: at least one taint update is required\n'],
      [
        'taint nodes a=b:NoSchedule',
        "error: at least one resource name must be specified since 'all' parameter is not set\n",
      ],
      [
        'taint pods p a=b:NoSchedule',
        'error: invalid resource type pods, only node types are supported\n',
      ],
      [
        'taint nodes n1 a=b:NoSchedule a-',
        'error: can not both modify and remove the following taint(s) in the same command: a=\n',
      ],
      ['taint nodes nope a=b:NoSchedule', 'Error from server (NotFound): nodes "nope" not found\n'],
    ];
    for (const [line, stderr] of errors) {
      it(`fails: ${line}`, async () => {
        expect(await k.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
      });
    }
  });
});
