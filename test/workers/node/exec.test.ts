import { expect } from '@esm-bundle/chai';
import { pods } from '../../../src/kernel/api/resources.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import { execError, type ExecResult } from '../../../src/workers/node/exec.ts';
import { BuiltinImageRegistry } from '../../../src/workers/runtime/image-registry.ts';
import { WorkerContainerRuntime } from '../../../src/workers/runtime/runtime.ts';
import { eventually } from '../../helpers/api.ts';
import { testUrls } from '../../helpers/worker-urls.ts';
import type { FakeContainer } from '../../helpers/fake-runtime.ts';
import {
  containerStatus,
  createBound,
  podManifest,
  startKubelet,
  waitForPod,
  type KubeletFixture,
} from './kubelet-fixture.ts';

const webPod = (name = 'web'): Pod =>
  podManifest(name, {
    containers: [
      { name: 'app', image: 'ticker:1.0', env: [{ name: 'GREETING', value: 'hi' }] },
      {
        name: 'side',
        image: 'ticker:1.0',
        resources: { limits: { memory: '64Mi' } },
      },
    ],
  });

interface Session {
  result: Promise<ExecResult>;
  output: [string, string][];
  /** The container worker the exec started. */
  process: FakeContainer;
}

describe('kubelet: exec', () => {
  let f: KubeletFixture;

  beforeEach(async () => {
    f = await startKubelet();
    f.registry.add('toolbox:1.0', 2048);
    await createBound(f.client, webPod());
    await waitForPod(f.client, 'web', (p) => !!containerStatus(p, 'side')?.state?.running);
  });

  afterEach(() => {
    f.kubelet.stop();
  });

  async function exec(
    command: string[],
    container = 'app',
    signal?: AbortSignal,
  ): Promise<Session> {
    const before = f.runtime.containers.length;
    const output: [string, string][] = [];
    const result = f.kubelet.exec(
      'default',
      'web',
      container,
      command,
      (stream, text) => output.push([stream, text]),
      { signal },
    );
    await eventually(() => f.runtime.containers.length > before);
    return { result, output, process: f.runtime.containers[before] };
  }

  it('runs a toolbox applet in the container context and streams its output', async () => {
    const s = await exec(['sh', '-c', 'echo $GREETING']);
    expect(s.process.spec.image.image).to.equal('toolbox:1.0');
    expect(s.process.spec.args).to.deep.equal(['sh', '-c', 'echo $GREETING']);
    expect(s.process.spec.env).to.deep.equal([
      ['HOSTNAME', 'web'],
      ['GREETING', 'hi'],
    ]);
    s.process.log('hi\n');
    s.process.log('oops\n', 'stderr');
    s.process.exit(3);
    expect(await s.result).to.deep.equal({ exitCode: 3 });
    expect(s.output).to.deep.equal([
      ['stdout', 'hi\n'],
      ['stderr', 'oops\n'],
    ]);
  });

  it("runs the container's own program, under the container's memory limit", async () => {
    const s = await exec(['ticker', '--every', '2s'], 'side');
    expect(s.process.spec.image.image).to.equal('ticker:1.0');
    expect(s.process.spec.args).to.deep.equal(['--every', '2s']);
    expect(s.process.spec.memoryLimitBytes).to.equal(64 * 1024 * 1024);
    s.process.exit(0);
    expect(await s.result).to.deep.equal({ exitCode: 0 });
  });

  it('answers 126 with the runtime message for a program the container does not have', async () => {
    const output: [string, string][] = [];
    const before = f.runtime.containers.length;
    const result = await f.kubelet.exec('default', 'web', 'app', ['bash'], (stream, text) =>
      output.push([stream, text]),
    );
    expect(result).to.deep.equal({ exitCode: 126 });
    expect(output).to.deep.equal([
      [
        'stdout',
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\n',
      ],
    ]);
    expect(f.runtime.containers.length).to.equal(before);
  });

  const refusals: {
    name: string;
    pod: string;
    container: string;
    reason?: string;
    message: string;
  }[] = [
    {
      name: 'a pod the node does not have',
      pod: 'nope',
      container: 'app',
      reason: 'NotFound',
      message: 'pods "nope" not found',
    },
    {
      name: 'a container the pod does not have',
      pod: 'web',
      container: 'db',
      reason: 'BadRequest',
      message: 'container db is not valid for pod web',
    },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name}`, async () => {
      const result = await f.kubelet.exec('default', r.pod, r.container, ['true'], () => {});
      expect('error' in result && result.error.reason).to.equal(r.reason);
      expect('error' in result && result.error.message).to.equal(r.message);
    });
  }

  it('refuses a container that is not running, as a failed connection', async () => {
    f.registry.add('hello:1.0');
    const release = f.registry.hold('hello:1.0');
    await createBound(
      f.client,
      podManifest('slow', { containers: [{ name: 'app', image: 'hello:1.0' }] }),
    );
    await waitForPod(f.client, 'slow', (p) => !!p.status?.podIP);
    const result = await f.kubelet.exec('default', 'slow', 'app', ['sh'], () => {});
    release();
    if (!('error' in result)) throw new Error('expected an error');
    expect(result.error.reason).to.equal(undefined);
    expect(result.error.message).to.equal(
      'unable to upgrade connection: container not found ("app")',
    );
    expect(execError(result.error).message).to.equal(result.error.message);
    expect(execError(result.error).name).to.equal('Error');
  });

  it('kills the process when the exec is cancelled', async () => {
    const abort = new AbortController();
    const s = await exec(['sleep', '100'], 'app', abort.signal);
    abort.abort();
    expect(await s.result).to.deep.equal({ exitCode: 137 });
    expect(s.process.running).to.equal(false);
  });

  it('kills the process when the pod is deleted', async () => {
    const s = await exec(['sleep', '100']);
    await f.client.delete(pods, 'default', 'web', { gracePeriodSeconds: 0 });
    expect(await s.result).to.deep.equal({ exitCode: 137 });
  });

  it('kills the process when the kubelet stops', async () => {
    const s = await exec(['sleep', '100']);
    f.kubelet.stop();
    expect(await s.result).to.deep.equal({ exitCode: 137 });
  });

  it('answers only once the output handed to a callback in another thread has been taken', async () => {
    // The page's callback, called through Comlink: each call answers when the page has run it.
    const taken: (() => void)[] = [];
    const before = f.runtime.containers.length;
    const result = f.kubelet.exec(
      'default',
      'web',
      'app',
      ['ls', '/'],
      () => new Promise<void>((resolve) => taken.push(resolve)),
    );
    await eventually(() => f.runtime.containers.length > before);
    const process = f.runtime.containers[before];
    process.log('bin\n');
    process.log('tmp\n');
    process.exit(0);
    let answered = false;
    void result.then(() => (answered = true));
    await eventually(() => taken.length === 2);
    for (let turn = 0; turn < 20; turn++) await new Promise((r) => setTimeout(r, 0));
    expect(answered, 'answered before its output was taken').to.equal(false);
    for (const take of taken) take();
    expect(await result).to.deep.equal({ exitCode: 0 });
  });
});

describe('kubelet: exec with the real runtime and images', () => {
  let f: KubeletFixture;

  afterEach(() => {
    f.kubelet.stop();
  });

  it('runs a shell beside a busybox container', async () => {
    f = await startKubelet({
      runtime: new WorkerContainerRuntime({ workerUrl: testUrls.container }),
      images: new BuiltinImageRegistry(testUrls.images),
    });
    await createBound(
      f.client,
      podManifest('bb', {
        containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'] }],
      }),
    );
    await waitForPod(f.client, 'bb', (p) => !!containerStatus(p)?.state?.running);
    const output: [string, string][] = [];
    const result = await f.kubelet.exec(
      'default',
      'bb',
      'app',
      ['sh', '-c', 'echo "I am $HOSTNAME"; cat /etc/x; exit 4'],
      (stream, text) => output.push([stream, text]),
    );
    expect(result).to.deep.equal({ exitCode: 4 });
    expect(
      output
        .filter(([s]) => s === 'stdout')
        .map(([, t]) => t)
        .join(''),
    ).to.equal('I am bb\n');
    expect(
      output
        .filter(([s]) => s === 'stderr')
        .map(([, t]) => t)
        .join(''),
    ).to.equal("cat: can't open '/etc/x': No such file or directory\n");
  });
});
