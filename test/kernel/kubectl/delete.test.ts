import { expect } from '@esm-bundle/chai';
import { deployments, namespaces, pods } from '../../../src/kernel/api/resources.ts';
import type { ApiHandler } from '../../../src/kernel/api/types.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { kubectl, type KubectlResult } from '../../../src/kernel/kubectl/kubectl.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';
import { eventually } from '../../helpers/api.ts';

const pod = (name: string, labels: Record<string, string> = {}, nodeName?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...(nodeName ? { nodeName } : {}) },
});

const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    },
  },
});

describe('kubectl delete', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
  });

  it('deletes by TYPE NAME... and TYPE/NAME, with the 1.34 message', async () => {
    await k.client.create(pods, 'default', pod('a'));
    await k.client.create(pods, 'default', pod('b'));
    await k.client.create(deployments, 'default', deployment('web'));
    await k.client.create(namespaces, undefined, { metadata: { name: 'team' } });
    expect(await k.run('delete pod a b')).to.deep.equal({
      stdout: 'pod "a" deleted from default namespace\npod "b" deleted from default namespace\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await k.run('delete deploy/web')).to.deep.equal({
      stdout: 'deployment.apps "web" deleted from default namespace\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await k.run('delete ns team --wait=false')).stdout).to.equal(
      'namespace "team" deleted\n',
    );
  });

  it('reports what is not found, after deleting the rest', async () => {
    await k.client.create(pods, 'default', pod('a'));
    expect(await k.run('delete pod missing a')).to.deep.equal({
      stdout: 'pod "a" deleted from default namespace\n',
      stderr: 'Error from server (NotFound): pods "missing" not found\n',
      exitCode: 1,
    });
    expect(await k.run('delete pod missing --ignore-not-found')).to.deep.equal({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
  });

  it('deletes by selector and --all, and says when nothing matched', async () => {
    await k.client.create(pods, 'default', pod('a', { app: 'x' }));
    await k.client.create(pods, 'default', pod('b', { app: 'y' }));
    await k.client.create(pods, 'default', pod('c', { app: 'y' }));
    expect((await k.run('delete pods -l app=y')).stdout).to.equal(
      'pod "b" deleted from default namespace\npod "c" deleted from default namespace\n',
    );
    expect(await k.run('delete pods -l app=none')).to.deep.equal({
      stdout: 'No resources found\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await k.run('delete pods --all -o name')).stdout).to.equal('pod/a\n');
  });

  it('deletes what a file names, with the file in errors', async () => {
    k.files.set('web.yaml', JSON.stringify(deployment('web')));
    await k.client.create(deployments, 'default', deployment('web'));
    expect((await k.run('delete -f web.yaml')).stdout).to.equal(
      'deployment.apps "web" deleted from default namespace\n',
    );
    expect(await k.run('delete -f web.yaml')).to.deep.equal({
      stdout: '',
      stderr:
        'Error from server (NotFound): error when deleting "web.yaml": deployments.apps "web" not found\n',
      exitCode: 1,
    });
  });

  it('waits until a gracefully deleted pod is gone', async () => {
    await k.client.create(pods, 'default', pod('slow', {}, 'node-1'));
    let result: KubectlResult | undefined;
    const running = k.run('delete pod slow').then((r) => (result = r));
    await eventually(async () => {
      const p = await k.client.get(pods, 'default', 'slow');
      return p.metadata.deletionTimestamp !== undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(result).to.equal(undefined);
    // What the kubelet would do once the containers stopped.
    await k.client.delete(pods, 'default', 'slow', { gracePeriodSeconds: 0 });
    await running;
    expect(result).to.deep.equal({
      stdout: 'pod "slow" deleted from default namespace\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('returns without waiting with --wait=false, and stops waiting on Ctrl-C', async () => {
    await k.client.create(pods, 'default', pod('slow', {}, 'node-1'));
    expect((await k.run('delete pod slow --wait=false')).exitCode).to.equal(0);
    await k.client.create(pods, 'default', pod('slow2', {}, 'node-1'));
    const abort = new AbortController();
    const stopped = kubectl('delete pod slow2', { ...k.context, signal: abort.signal });
    await eventually(
      async () =>
        (await k.client.get(pods, 'default', 'slow2')).metadata.deletionTimestamp !== undefined,
    );
    abort.abort();
    expect(await stopped).to.deep.equal({
      stdout: 'pod "slow2" deleted from default namespace\n',
      stderr: '',
      exitCode: 1,
    });
  });

  it('force deletes with the warning, and --now asks for one second', async () => {
    await k.client.create(pods, 'default', pod('a', {}, 'node-1'));
    expect(await k.run('delete pod a --force --grace-period=0')).to.deep.equal({
      stdout: 'pod "a" force deleted from default namespace\n',
      stderr:
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
      exitCode: 0,
    });
    await k.client.create(pods, 'default', pod('b', {}, 'node-1'));
    await k.run('delete pod b --now --wait=false');
    expect((await k.client.get(pods, 'default', 'b')).metadata.deletionGracePeriodSeconds).to.equal(
      1,
    );
  });

  it('dry runs delete nothing', async () => {
    await k.client.create(pods, 'default', pod('a'));
    expect((await k.run('delete pod a --dry-run=client')).stdout).to.equal(
      'pod "a" deleted from default namespace (dry run)\n',
    );
    expect((await k.run('delete pod a --dry-run=server')).stdout).to.equal(
      'pod "a" deleted from default namespace (server dry run)\n',
    );
    expect((await k.client.get(pods, 'default', 'a')).metadata.name).to.equal('a');
  });

  it('orphans dependents with --cascade=orphan', async () => {
    await k.client.create(deployments, 'default', deployment('web'));
    await k.client.create(deployments, 'default', deployment('other'));
    expect((await k.run('delete deploy web --cascade=orphan --wait=false')).exitCode).to.equal(0);
    // The garbage collector (not running here) removes the orphan finalizer.
    const web = await k.client.get(deployments, 'default', 'web');
    expect(web.metadata.finalizers).to.deep.equal(['orphan']);
    expect(await k.run('delete deploy other --cascade=sideways')).to.deep.equal({
      stdout: '',
      stderr:
        'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan".\n',
      exitCode: 1,
    });
  });

  const usage: [string, string][] = [
    ['delete pods', 'error: resource(s) were provided, but no name was specified\n'],
    [
      'delete',
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    ],
    [
      'delete replicationcontrollers x',
      'error: the server doesn\'t have a resource type "replicationcontrollers"\n',
    ],
  ];
  for (const [line, stderr] of usage) {
    it(`refuses: ${line}`, async () => {
      expect(await k.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
    });
  }

  it('stops its watch when the deletion is seen before the watch call returns', async () => {
    // Across a worker port the DELETED event can arrive before the watch call's answer.
    await k.client.create(pods, 'default', pod('quick', {}, 'node-1'));
    let opened = 0;
    let stopped = 0;
    const server = k.server;
    const racing: ApiHandler = {
      handle: (request) => server.handle(request),
      async watch(request, onEvent) {
        let seen!: () => void;
        const delivered = new Promise<void>((resolve) => (seen = resolve));
        const result = await server.watch(request, (event) => {
          onEvent(event);
          seen();
        });
        if (!('stop' in result)) return result;
        opened++;
        await k.client.delete(pods, 'default', 'quick', { gracePeriodSeconds: 0 });
        await delivered;
        return {
          stop: () => {
            stopped++;
            result.stop();
          },
          done: result.done,
        };
      },
    };
    const result = await kubectl('delete pod quick', { ...k.context, client: new Client(racing) });
    expect(result.stdout).to.equal('pod "quick" deleted from default namespace\n');
    await eventually(() => stopped === 1);
    expect({ opened, stopped }).to.deep.equal({ opened: 1, stopped: 1 });
  });
});
