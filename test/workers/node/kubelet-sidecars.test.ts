import { expect } from '@esm-bundle/chai';
import { isNotFound } from '../../../src/kernel/api/errors.ts';
import { pods } from '../../../src/kernel/api/resources.ts';
import { podReady, podStatus } from '../../../src/kernel/client/pod-display.ts';
import type { Container, Pod, PodSpec } from '../../../src/kernel/types/core.ts';
import { eventually } from '../../helpers/api.ts';
import type { FakeContainer } from '../../helpers/fake-runtime.ts';
import {
  containerStatus,
  createBound,
  podEvents,
  podManifest,
  startKubelet,
  waitForPod,
  type KubeletFixture,
} from './kubelet-fixture.ts';

/** A `ticker:1.0` container whose args name it, so the test can tell its instances apart. */
function container(name: string, extra: Partial<Container> = {}): Container {
  return { name, image: 'ticker:1.0', args: [name], ...extra };
}

/** A sidecar: an init container with restartPolicy Always. */
function sidecar(name: string): Container {
  return container(name, { restartPolicy: 'Always' });
}

function manifest(name: string, spec: Partial<PodSpec>): Pod {
  return podManifest(name, { containers: [container('app')], ...spec });
}

function initStatus(pod: Pod, name: string) {
  return pod.status?.initContainerStatuses?.find((s) => s.name === name);
}

function condition(pod: Pod, type: string) {
  const c = pod.status!.conditions!.find((x) => x.type === type)!;
  return [c.status, c.reason, c.message];
}

describe('kubelet: sidecar containers (init containers with restartPolicy Always)', () => {
  let f: KubeletFixture;

  beforeEach(async () => {
    f = await startKubelet();
  });

  afterEach(() => {
    f.kubelet.stop();
  });

  /** The instances the runtime started for container `name` of the pods, in start order. */
  const instances = (name: string): FakeContainer[] =>
    f.runtime.containers.filter((c) => c.spec.args[0] === name);

  it('starts the next init container once a sidecar runs, and keeps it running beside the app', async () => {
    await createBound(
      f.client,
      manifest('web', {
        initContainers: [container('setup'), sidecar('proxy'), container('migrate')],
      }),
    );
    await eventually(() => instances('setup').length === 1);
    instances('setup')[0].exit(0);

    // The sidecar starts in its turn; the next init container starts without waiting for it to end.
    await eventually(() => instances('migrate').length === 1);
    let pod = await waitForPod(f.client, 'web', (p) => !!initStatus(p, 'migrate')?.state?.running);
    expect(instances('proxy')).to.have.length(1);
    expect(instances('proxy')[0].running).to.equal(true);
    expect(pod.status!.phase).to.equal('Pending');
    const proxy = initStatus(pod, 'proxy')!;
    expect([!!proxy.state!.running, proxy.started, proxy.ready]).to.deep.equal([true, true, true]);
    expect(condition(pod, 'Initialized')).to.deep.equal([
      'False',
      'ContainersNotInitialized',
      'containers with incomplete status: [migrate]',
    ]);
    expect(containerStatus(pod)!.state).to.deep.equal({ waiting: { reason: 'PodInitializing' } });
    expect(podStatus(pod)).to.equal('Init:2/3');

    instances('migrate')[0].exit(0);
    pod = await waitForPod(f.client, 'web', (p) => p.status?.phase === 'Running');
    expect(instances('proxy')[0].running).to.equal(true);
    expect(instances('proxy')).to.have.length(1);
    expect(condition(pod, 'Initialized')).to.deep.equal(['True', undefined, undefined]);
    expect(condition(pod, 'ContainersReady')).to.deep.equal(['True', undefined, undefined]);
    expect(condition(pod, 'Ready')).to.deep.equal(['True', undefined, undefined]);
    const statuses = pod.status!.initContainerStatuses!.map((s) => [
      s.name,
      Object.keys(s.state!)[0],
      s.started,
      s.ready,
    ]);
    expect(statuses).to.deep.equal([
      ['setup', 'terminated', false, true],
      ['proxy', 'running', true, true],
      ['migrate', 'terminated', false, true],
    ]);
    // kubectl counts the sidecar in READY.
    expect([podReady(pod), podStatus(pod)]).to.deep.equal(['2/2', 'Running']);
  });

  for (const restartPolicy of ['Always', 'OnFailure', 'Never'] as const) {
    it(`restartPolicy ${restartPolicy}: restarts an ended sidecar with back-off, also after the app started`, async () => {
      const pod = await createBound(
        f.client,
        manifest('crashy', { restartPolicy, initContainers: [sidecar('proxy')] }),
      );
      await waitForPod(f.client, 'crashy', (p) => p.status?.phase === 'Running');

      // A sidecar that ends, even with success, is started again: at once the first time.
      instances('proxy')[0].exit(0);
      let live = await waitForPod(
        f.client,
        'crashy',
        (p) => initStatus(p, 'proxy')?.restartCount === 1,
      );
      expect(initStatus(live, 'proxy')!.state!.running).to.not.equal(undefined);
      expect(instances('app')).to.have.length(1);

      // Then it waits in CrashLoopBackOff; the pod stays Running but not ready.
      await f.clock.advance(3_000);
      instances('proxy')[1].exit(1);
      live = await waitForPod(f.client, 'crashy', (p) => !!initStatus(p, 'proxy')?.state?.waiting);
      expect(initStatus(live, 'proxy')!.state!.waiting).to.deep.equal({
        reason: 'CrashLoopBackOff',
        message: `back-off 10s restarting failed container=proxy pod=crashy_default(${pod.metadata.uid})`,
      });
      expect(live.status!.phase).to.equal('Running');
      expect(condition(live, 'Initialized')).to.deep.equal(['True', undefined, undefined]);
      expect(condition(live, 'ContainersReady')).to.deep.equal([
        'False',
        'ContainersNotReady',
        'containers with unready status: [proxy]',
      ]);
      // kubectl's printer names the first init container not started, sidecars included.
      expect([podReady(live), podStatus(live)]).to.deep.equal(['1/2', 'Init:CrashLoopBackOff']);
      expect(await podEvents(f.client, 'crashy')).to.deep.include([
        'Warning',
        'BackOff',
        `Back-off restarting failed container proxy in pod crashy_default(${pod.metadata.uid})`,
        1,
      ]);

      await f.clock.advance(9_999);
      expect(instances('proxy')).to.have.length(2);
      await f.clock.advance(1);
      live = await waitForPod(
        f.client,
        'crashy',
        (p) => initStatus(p, 'proxy')?.restartCount === 2,
      );
      expect(initStatus(live, 'proxy')!.state!.running).to.not.equal(undefined);
      expect(instances('app')).to.have.length(1);
    });
  }

  const jobCases: {
    restartPolicy: 'Never' | 'OnFailure';
    exitCode: number;
    phase: 'Succeeded' | 'Failed';
  }[] = [
    { restartPolicy: 'Never', exitCode: 0, phase: 'Succeeded' },
    { restartPolicy: 'OnFailure', exitCode: 0, phase: 'Succeeded' },
    { restartPolicy: 'Never', exitCode: 2, phase: 'Failed' },
  ];
  for (const { restartPolicy, exitCode, phase } of jobCases) {
    it(`restartPolicy ${restartPolicy}: the app exits ${exitCode}, the sidecars are stopped and the pod is ${phase}`, async () => {
      await createBound(
        f.client,
        manifest('job', { restartPolicy, initContainers: [sidecar('first'), sidecar('second')] }),
      );
      await waitForPod(f.client, 'job', (p) => p.status?.phase === 'Running');
      const killed: string[] = [];
      for (const c of f.runtime.running()) {
        const kill = c.kill.bind(c);
        c.kill = (reason?: string) => {
          killed.push(c.spec.args[0]!);
          kill(reason);
        };
      }

      instances('app')[0].exit(exitCode);
      const done = await waitForPod(f.client, 'job', (p) => p.status?.phase === phase);
      expect(f.runtime.running()).to.have.length(0);
      expect(killed).to.deep.equal(['second', 'first']);
      for (const name of ['first', 'second']) {
        const s = initStatus(done, name)!;
        expect([s.state!.terminated?.exitCode, s.ready]).to.deep.equal([137, false]);
      }
      expect(containerStatus(done)!.state!.terminated!.exitCode).to.equal(exitCode);
      expect(condition(done, 'Initialized')[0]).to.equal('True');
      const events = await podEvents(f.client, 'job');
      const stopping = events.filter((e) => e[1] === 'Killing').map((e) => e[2]);
      expect(stopping).to.deep.equal(['Stopping container second', 'Stopping container first']);

      // Nothing starts again, whatever time passes.
      await f.clock.advance(600_000);
      await f.kubelet.idle();
      expect(f.runtime.containers).to.have.length(3);
      expect((await f.client.get<Pod>(pods, 'default', 'job')).status!.phase).to.equal(phase);
    });
  }

  it('fails a restartPolicy Never pod whose init container fails after a sidecar, stopping the sidecar', async () => {
    await createBound(
      f.client,
      manifest('broken', {
        restartPolicy: 'Never',
        initContainers: [sidecar('proxy'), container('setup')],
      }),
    );
    await eventually(() => instances('setup').length === 1);
    instances('setup')[0].exit(1);
    const pod = await waitForPod(f.client, 'broken', (p) => p.status?.phase === 'Failed');
    expect(f.runtime.running()).to.have.length(0);
    expect(instances('app')).to.have.length(0);
    expect(initStatus(pod, 'proxy')!.state!.terminated!.exitCode).to.equal(137);
  });

  it('stops the app containers first, then the sidecars in reverse order, when the pod is deleted', async () => {
    await createBound(
      f.client,
      manifest('doomed', {
        initContainers: [sidecar('first'), sidecar('second')],
        containers: [container('app'), container('worker')],
      }),
    );
    await waitForPod(f.client, 'doomed', (p) => p.status?.phase === 'Running');
    const killed: string[] = [];
    for (const c of f.runtime.running()) {
      const kill = c.kill.bind(c);
      c.kill = (reason?: string) => {
        killed.push(c.spec.args[0]!);
        kill(reason);
      };
    }
    await f.client.delete(pods, 'default', 'doomed');
    await eventually(async () => {
      try {
        await f.client.get(pods, 'default', 'doomed');
        return false;
      } catch (err) {
        return isNotFound(err);
      }
    });
    expect(killed).to.deep.equal(['app', 'worker', 'second', 'first']);
    expect(f.runtime.running()).to.have.length(0);
  });
});
