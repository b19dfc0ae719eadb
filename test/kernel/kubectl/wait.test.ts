import { expect } from '@esm-bundle/chai';
import { pods } from '../../../src/kernel/api/resources.ts';
import type { KubectlResult } from '../../../src/kernel/kubectl/kubectl.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import { startCluster, type KubectlCluster } from './cluster-fixture.ts';

describe('kubectl wait', () => {
  let c: KubectlCluster;
  beforeEach(async () => {
    c = await startCluster();
  });
  afterEach(() => c.stop());

  /** Starts a command and reports whether it has finished, for stepping the clock around it. */
  function start(line: string, signal?: AbortSignal) {
    let result: KubectlResult | undefined;
    const promise = c.run(line, signal).then((r) => (result = r));
    return { promise, done: () => result !== undefined };
  }

  async function barePod(name: string) {
    await c.kernel.client.create<Pod>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'app', image: 'hello:1.0' }] },
    });
  }

  it('waits for a Deployment to become Available', async () => {
    await c.createDeployment('web', 'nginx:1.25', 2);
    const w = start('wait --for=condition=Available deployment/web --timeout=60s');
    await c.clock.advance(500);
    expect(w.done()).to.equal(false);
    await c.settle(async () => w.done());
    expect(await w.promise).to.deep.equal({
      stdout: 'deployment.apps/web condition met\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('times out in cluster time', async () => {
    await c.createDeployment('web', 'nginx:1.25', 2);
    const w = start('wait --for=condition=Available deployment/web --timeout=3s');
    await c.clock.advance(2_900);
    expect(w.done()).to.equal(false);
    await c.clock.advance(200);
    expect(await w.promise).to.deep.equal({
      stdout: '',
      stderr: 'error: timed out waiting for the condition on deployments/web\n',
      exitCode: 1,
    });
  });

  it('waits for a JSONPath value', async () => {
    await barePod('x');
    const w = start(`wait --for=jsonpath='{.status.phase}'=Running pod/x`);
    await c.settle(async () => w.done());
    expect(await w.promise).to.deep.equal({
      stdout: 'pod/x condition met\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('waits for deletion, and passes at once when the object is gone', async () => {
    await barePod('x');
    await c.settle(async () => {
      const p = await c.kernel.client.get<Pod>(pods, 'default', 'x');
      return p.status?.phase === 'Running';
    });
    const w = start('wait --for=delete pod/x --timeout=10s');
    await c.clock.advance(100);
    expect(w.done()).to.equal(false);
    await c.kernel.client.delete(pods, 'default', 'x');
    await c.settle(async () => w.done());
    expect(await w.promise).to.deep.equal({
      stdout: 'pod/x condition met\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await c.run('wait --for=delete pod/x')).to.deep.equal({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
  });

  it('checks once with --timeout=0', async () => {
    await barePod('x');
    expect(await c.run('wait --for=condition=Ready pod/x --timeout=0')).to.deep.equal({
      stdout: '',
      stderr: 'error: condition not met for pods/x\n',
      exitCode: 1,
    });
  });

  it('stops on Ctrl-C', async () => {
    await barePod('x');
    const abort = new AbortController();
    const w = start('wait --for=condition=Ready pod/x', abort.signal);
    await c.clock.advance(100);
    abort.abort();
    expect(await w.promise).to.deep.equal({ stdout: '', stderr: '', exitCode: 1 });
  });

  it('waits for an object to be created first with --for=create', async () => {
    const w = start('wait --for=create pod/late --timeout=20s');
    await c.clock.advance(2_000);
    expect(w.done()).to.equal(false);
    await barePod('late');
    await c.clock.advance(1_000);
    expect(await w.promise).to.deep.equal({
      stdout: 'pod/late condition met\n',
      stderr: '',
      exitCode: 0,
    });
  });

  const errors: [string, string][] = [
    ['wait --for=ready pod/x', 'error: unrecognized condition: "ready"\n'],
    ['wait pod/x', 'error: unrecognized condition: []\n'],
    [
      'wait --for=condition=Ready pod/nope',
      'Error from server (NotFound): pods "nope" not found\n',
    ],
    [
      `wait --for=jsonpath={.status.phase}= pod/x`,
      "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n",
    ],
    [
      'wait --for=condition=Ready pod/x --timeout=soon',
      `error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\nSee 'kubectl wait -h' for help and examples\n`,
    ],
  ];
  for (const [line, stderr] of errors) {
    it(`fails: ${line}`, async () => {
      await barePod('x');
      expect(await c.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
    });
  }
});
