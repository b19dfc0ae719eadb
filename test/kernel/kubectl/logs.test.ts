import { expect } from '@esm-bundle/chai';
import { badRequest } from '../../../src/kernel/api/errors.ts';
import { deployments, pods } from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import type { LogRequest } from '../../../src/kernel/kubectl/context.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const running = (name: string, startedAt: string, restartCount = 0) => ({
  name,
  ready: true,
  started: true,
  restartCount,
  image: 'hello:1.0',
  imageID: '',
  state: { running: { startedAt } },
});

interface Fixture {
  k: KubectlHarness;
  /** Log text per `pod/container`. */
  logs: Map<string, string>;
  requests: LogRequest[];
  setPodStatus(name: string, status: unknown): Promise<void>;
}

/**
 * Pods `web-a` and `web-b` of Deployment `web` (web-a restarted, so it is the one kubectl
 * picks), a two-container pod with an init container, and a pod still creating. ctx.logs
 * answers from `logs`, as the kubelet would, and records each request.
 */
async function fixture(): Promise<Fixture> {
  const k = await startKubectl();
  const logs = new Map<string, string>();
  const requests: LogRequest[] = [];
  k.context.logs = async (r) => {
    requests.push(r);
    if (r.pod === 'creating') {
      throw badRequest(`container "app" in pod "creating" is waiting to start: ContainerCreating`);
    }
    if (r.pod === 'plain-error') {
      throw new Error(`container "app" in pod "plain-error" is waiting to start: ImagePullBackOff`);
    }
    const text = logs.get(`${r.pod}/${r.container ?? ''}`);
    if (text === undefined) throw new Error(`no log for ${r.pod}/${r.container ?? ''}`);
    return text;
  };
  const at = rfc3339(k.clock.now());
  const setPodStatus = async (name: string, status: unknown) => {
    const current = await k.client.get<Pod>(pods, 'default', name);
    await k.client.updateStatus(pods, { ...current, status });
  };
  const deploy = await k.client.create<KubeObject>(deployments, 'default', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'hello:1.0' }] },
      },
    },
  });
  for (const [name, restarts] of [
    ['web-b', 0],
    ['web-a', 2],
  ] as const) {
    await k.client.create<KubeObject>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        labels: { app: 'web' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: deploy.metadata.uid ?? '',
            controller: true,
          },
        ],
      },
      spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'hello:1.0' }] },
    });
    await setPodStatus(name, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [running('app', at, restarts)],
    });
    logs.set(`${name}/app`, `hello from ${name}\n`);
  }
  await k.client.create<KubeObject>(pods, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'multi' },
    spec: {
      nodeName: 'node-1',
      initContainers: [{ name: 'setup', image: 'hello:1.0' }],
      containers: [
        { name: 'a', image: 'hello:1.0' },
        { name: 'b', image: 'hello:1.0' },
      ],
    },
  });
  logs.set('multi/setup', 'setup done\n');
  logs.set('multi/a', 'a1\na2\na3\n');
  logs.set('multi/b', 'b1\n');
  for (const name of ['creating', 'plain-error']) {
    await k.client.create<KubeObject>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'app', image: 'hello:1.0' }] },
    });
  }
  return { k, logs, requests, setPodStatus };
}

describe('kubectl logs', () => {
  it('prints the log of a one-container pod', async () => {
    const { k, requests } = await fixture();
    expect(await k.run('logs web-b')).to.deep.equal({
      stdout: 'hello from web-b\n',
      stderr: '',
      exitCode: 0,
    });
    expect(requests).to.deep.equal([{ namespace: 'default', pod: 'web-b', container: 'app' }]);
  });

  it('defaults to the first container of a multi-container pod and says so', async () => {
    const { k } = await fixture();
    expect(await k.run('logs multi')).to.deep.equal({
      stdout: 'a1\na2\na3\n',
      stderr: 'Defaulted container "a" out of: a, b, setup (init)\n',
      exitCode: 0,
    });
    expect(await k.run('logs multi -c b')).to.deep.equal({
      stdout: 'b1\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await k.run('logs multi b')).to.deep.equal({ stdout: 'b1\n', stderr: '', exitCode: 0 });
    expect(await k.run('logs pod/multi -c setup')).to.deep.equal({
      stdout: 'setup done\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('prints every container with --all-containers, init containers first', async () => {
    const { k } = await fixture();
    expect(await k.run('logs multi --all-containers')).to.deep.equal({
      stdout: 'setup done\na1\na2\na3\nb1\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await k.run('logs multi --all-containers --prefix')).stdout).to.equal(
      '[pod/multi/setup] setup done\n[pod/multi/a] a1\n[pod/multi/a] a2\n[pod/multi/a] a3\n[pod/multi/b] b1\n',
    );
  });

  it('passes --tail, --previous and --timestamps to the kubelet and keeps the last lines', async () => {
    const { k, requests } = await fixture();
    expect((await k.run('logs multi -c a --tail=2 -p --timestamps')).stdout).to.equal('a2\na3\n');
    expect(requests).to.deep.equal([
      {
        namespace: 'default',
        pod: 'multi',
        container: 'a',
        previous: true,
        tailLines: 2,
        timestamps: true,
      },
    ]);
  });

  it('picks one pod of a workload, the one worth reading first', async () => {
    const { k } = await fixture();
    expect(await k.run('logs deploy/web')).to.deep.equal({
      stdout: 'hello from web-a\n',
      stderr: 'Found 2 pods, using pod/web-a\n',
      exitCode: 0,
    });
  });

  it('prints the last 10 lines of every selected pod with -l', async () => {
    const { k, requests } = await fixture();
    expect(await k.run('logs -l app=web')).to.deep.equal({
      stdout: 'hello from web-a\nhello from web-b\n',
      stderr: '',
      exitCode: 0,
    });
    expect(requests.map((r) => r.tailLines)).to.deep.equal([10, 10]);
    expect(await k.run('logs -l app=none')).to.deep.equal({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
  });

  it('reports errors as kubectl prints them', async () => {
    const { k } = await fixture();
    const cases: [string, string][] = [
      [
        'logs multi -c x',
        'error: container x is not valid for pod multi out of: a, b, setup (init)\n',
      ],
      [
        'logs nope',
        'error: error from server (NotFound): pods "nope" not found in namespace "default"\n',
      ],
      [
        'logs creating',
        'Error from server (BadRequest): container "app" in pod "creating" is waiting to start: ContainerCreating\n',
      ],
      [
        'logs plain-error',
        'Error from server (BadRequest): container "app" in pod "plain-error" is waiting to start: ImagePullBackOff\n',
      ],
      [
        'logs',
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
      ],
      [
        'logs web-a -l app=web',
        "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n",
      ],
      ['logs multi -c a b', 'error: only one of -c or an inline [CONTAINER] arg is allowed\n'],
      [
        'logs multi --all-containers -c a',
        'error: --all-containers=true should not be specified with container name a\n',
      ],
      ['logs multi --tail=-2', 'error: --tail must be greater than or equal to -1\n'],
    ];
    for (const [line, stderr] of cases) {
      expect(await k.run(line), line).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
    }
  });

  it('follows a log, printing only what is new, until the container stops', async () => {
    const { k, logs, setPodStatus } = await fixture();
    logs.set('web-b/app', 'one\n');
    const done = k.run('logs -f web-b');
    await k.clock.advance(1000);
    logs.set('web-b/app', 'one\ntwo\n');
    await k.clock.advance(1000);
    logs.set('web-b/app', 'one\ntwo\nthree\n');
    await setPodStatus('web-b', {
      phase: 'Succeeded',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 0,
          image: 'hello:1.0',
          imageID: '',
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    });
    await k.clock.advance(1000);
    expect(await done).to.deep.equal({ stdout: 'one\ntwo\nthree\n', stderr: '', exitCode: 0 });
  });

  it('stops following when interrupted', async () => {
    const { k, logs } = await fixture();
    const controller = new AbortController();
    k.context.signal = controller.signal;
    logs.set('web-a/app', 'a\nb\nc\n');
    const done = k.run('logs -f --tail=1 web-a');
    await k.clock.advance(1000);
    logs.set('web-a/app', 'a\nb\nc\nd\n');
    await k.clock.advance(1000);
    controller.abort();
    expect(await done).to.deep.equal({ stdout: 'c\nd\n', stderr: '', exitCode: 0 });
  });

  it('waits for a workload to have a pod, then gives up as kubectl does', async () => {
    const { k } = await fixture();
    await k.client.create<KubeObject>(deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'empty' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'empty' } },
        template: {
          metadata: { labels: { app: 'empty' } },
          spec: { containers: [{ name: 'app', image: 'hello:1.0' }] },
        },
      },
    });
    const done = k.run('logs deploy/empty');
    await k.clock.advance(21_000);
    expect(await done).to.deep.equal({
      stdout: '',
      stderr: 'error: timed out waiting for the condition\n',
      exitCode: 1,
    });
  });

  it('stops waiting for a workload to have a pod when interrupted, printing nothing', async () => {
    const { k } = await fixture();
    await k.client.create<KubeObject>(deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'empty' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'empty' } },
        template: {
          metadata: { labels: { app: 'empty' } },
          spec: { containers: [{ name: 'app', image: 'hello:1.0' }] },
        },
      },
    });
    const controller = new AbortController();
    k.context.signal = controller.signal;
    const done = k.run('logs deploy/empty');
    await k.clock.advance(1000);
    controller.abort();
    expect(await done).to.deep.equal({ stdout: '', stderr: '', exitCode: 0 });
  });
});
